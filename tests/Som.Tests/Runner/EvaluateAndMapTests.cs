using System.Globalization;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Commands;

namespace Som.Tests.Runner;

/// <summary><c>som evaluate</c> and <c>som map</c> end to end on a map the runner trained on real Fashion-MNIST.</summary>
public class EvaluateAndMapTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly Lazy<DataSplit> Fashion = new(() => DataSource.Resolve("fashion-mnist"));

    [Fact]
    public void Evaluate_reports_what_the_library_computes_on_the_test_images()
    {
        using var dir = new TempDirectory();
        string json = dir["eval.json"];
        var (exit, output, error) = RunnerHarness.Run("evaluate", fixture.ModelPath, "--data", "fashion-mnist", "--limit", "700", "--out", json);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        var e = JsonNode.Parse(File.ReadAllText(json))!.AsObject();

        var test = Fashion.Value.Test!.Take(700);
        var train = Fashion.Value.Train;
        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        var quality = map.Measure(test.Samples);
        Assert.Equal(quality.QuantizationError, e["quantization_error"]!.GetValue<double>(), 12);
        Assert.Equal(quality.TopographicError, e["topographic_error"]!.GetValue<double>(), 12);
        Assert.Equal(700, e["hits"]!["per_unit"]!.AsArray().Sum(h => h!.GetValue<int>()));
        Assert.Equal(quality.Hits.Count(h => h > 0), e["hits"]!["units_with_hits"]!.GetValue<int>());

        // Units labelled on the 60,000 training images, tested on the 700 test images.
        int[] bmu = map.Winners(test.Samples);
        int[,] unitLabels = map.MajorityLabels(train.Samples, train.Labels);
        int correct = Enumerable.Range(0, 700).Count(i => unitLabels[bmu[i] % 9, bmu[i] / 9] == test.Labels![i]);
        Assert.Equal(correct / 700.0, e["accuracy"]!.GetValue<double>(), 12);
        Assert.True(correct / 700.0 > 0.5, $"accuracy {correct / 700.0} is not well above chance");
        var counts = e["confusion_matrix"]!["counts"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<int>()).ToArray()).ToArray();
        Assert.Equal(10, counts.Length);
        Assert.Equal(700, counts.Sum(r => r.Sum()));
        Assert.Equal(correct, Enumerable.Range(0, 10).Sum(t => counts[t][t]));
        for (int t = 0; t < 10; t++) Assert.Equal(test.Labels!.Count(l => l == t), counts[t].Sum());
        Assert.Equal("Trouser", e["per_class_accuracy"]![1]!["name"]!.GetValue<string>());
        Assert.Contains("Ankle boot", output);
        Assert.Contains("confusion matrix", output);

        var levels = e["clustering"]!.AsArray();
        var level1 = Assert.Single(levels)!;
        Assert.Equal("samples by BMU", level1["name"]!.GetValue<string>());
        Assert.Equal(quality.Hits.Count(h => h > 0), level1["clusters"]!.GetValue<int>());
        Assert.Equal(Silhouette.Score(test.Samples, bmu, KernelIsa.Auto), level1["silhouette"]!.GetValue<double>(), 12);
        Assert.Equal(ClusteringIndices.DaviesBouldin(test.Samples, bmu), level1["davies_bouldin"]!.GetValue<double>(), 12);
        Assert.Null(level1["silhouette_sample"]);
        Assert.Contains("level 1: samples by BMU", output);
        Assert.Contains("levels 2 and 3", output);
    }

    [Fact]
    public void Evaluate_writes_beside_the_model_by_default_and_samples_the_silhouette_when_asked()
    {
        string beside = Path.Combine(fixture.Folder, "evaluation.json");
        File.Delete(beside);
        var (exit, _, error) = RunnerHarness.Run("evaluate", fixture.ModelPath, "--data", "fashion-mnist", "--limit", "600",
            "--silhouette-sample", "250", "--seed", "5");
        Assert.True(exit == 0, error);
        var level1 = JsonNode.Parse(File.ReadAllText(beside))!["clustering"]![0]!;
        Assert.Equal(250, level1["silhouette_sample"]!.GetValue<int>());

        var test = Fashion.Value.Test!.Take(600);
        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        int[] bmu = map.Winners(test.Samples);
        int[] pick = ClusteringIndices.Subsample(600, 250, 5);
        var rows = new SampleMatrix(pick.Select(i => test.Samples.Row(i).ToArray()).ToArray());
        Assert.Equal(Silhouette.Score(rows, pick.Select(i => bmu[i]).ToArray(), KernelIsa.Auto), level1["silhouette"]!.GetValue<double>(), 12);
        Assert.NotEqual(Silhouette.Score(test.Samples, bmu, KernelIsa.Auto), level1["silhouette"]!.GetValue<double>());
    }

    [Fact]
    public void Map_rows_are_the_winners_with_naive_distances_and_unit_labels()
    {
        var (exit, output, error) = RunnerHarness.Run("map", fixture.ModelPath, "--data", "fashion-mnist:test", "--limit", "333");
        Assert.True(exit == 0, error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        // fashion-mnist:test has no training split beside it: the units are labelled on the mapped images themselves.
        Assert.Equal("sample,bmu,x,y,distance,second_bmu,second_distance,unit_label,unit_class", lines[0]);
        Assert.Equal(334, lines.Length);

        var test = Fashion.Value.Test!.Take(333);
        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        int[] winners = map.Winners(test.Samples);
        float[] w = map.GetWeights();
        int[,] labels = map.MajorityLabels(test.Samples, test.Labels);
        using var engine = new CpuEngine(map.Options, map.Features);
        engine.SetWeights(w);
        var first = new int[333];
        var second = new int[333];
        engine.FindBmus(test.Samples, first, second);
        for (int i = 0; i < 333; i++)
        {
            string[] f = lines[i + 1].Split(',');
            int b = int.Parse(f[1], CultureInfo.InvariantCulture);
            Assert.Equal(i, int.Parse(f[0], CultureInfo.InvariantCulture));
            Assert.Equal(winners[i], b);
            Assert.Equal((b % 9, b / 9), (int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture)));
            Assert.Equal(second[i], int.Parse(f[5], CultureInfo.InvariantCulture));
            Assert.Equal(NaiveDistance(test.Samples.Row(i), w.AsSpan(b * 784, 784)), double.Parse(f[4], CultureInfo.InvariantCulture), 12);
            Assert.Equal(NaiveDistance(test.Samples.Row(i), w.AsSpan(second[i] * 784, 784)), double.Parse(f[6], CultureInfo.InvariantCulture), 12);
            Assert.True(double.Parse(f[4], CultureInfo.InvariantCulture) <= double.Parse(f[6], CultureInfo.InvariantCulture) + 1e-4);
            int label = labels[b % 9, b / 9];
            Assert.Equal(label, int.Parse(f[7], CultureInfo.InvariantCulture));
            Assert.Equal(IdxReader.FashionMnistClassNames[label], f[8]);
        }
    }

    [Fact]
    public void Map_writes_a_file_with_out_and_no_label_columns_for_unlabelled_data()
    {
        using var dir = new TempDirectory();
        // A CSV of 5 samples with a label column of zeros would be labelled; an IDX images file without labels is not.
        var images = Fashion.Value.Test!.Take(5);
        var bytes = new List<byte> { 0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28 };
        for (int i = 0; i < 5; i++) bytes.AddRange(images.Samples.Row(i).ToArray().Select(v => (byte)Math.Round(v * 255)));
        string idx = dir.Write("five-images-idx3-ubyte", [.. bytes]);
        var (exit, output, error) = RunnerHarness.Run("map", fixture.ModelPath, "--data", idx, "--out", dir["map.csv"]);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        string[] lines = File.ReadAllLines(dir["map.csv"]);
        Assert.Equal(MapCommand.Header, lines[0]);
        Assert.Equal(6, lines.Length);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "missing", "model file not found" },
        { "corrupt", "not a SomGpu model file" },
        { "features", "3 features per sample: expected 784" },
        { "sample0", "--silhouette-sample: 0 is out of range" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_one_line_exit_2_and_writes_nothing(string kind, string message)
    {
        using var dir = new TempDirectory();
        string model = kind switch
        {
            "missing" => dir["absent.som"],
            "corrupt" => dir.Write("corrupt.som", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
            _ => fixture.ModelPath,
        };
        string data = kind == "features" ? dir.WriteText("three.csv", "label,a,b,c\n0,1,2,3\n1,3,2,1\n") : "fashion-mnist";
        string[] extra = kind == "sample0" ? ["--silhouette-sample", "0"] : [];
        foreach (string command in new[] { "evaluate", "map" })
        {
            if (command == "map" && kind == "sample0") continue;
            string output = dir[$"{command}.out"];
            var (exit, stdout, error) = RunnerHarness.Run([command, model, "--data", data, "--limit", "50", "--out", output, .. extra]);
            Assert.Equal(2, exit);
            Assert.StartsWith("error: ", error);
            Assert.Contains(message, error);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.False(File.Exists(output), $"{command} wrote {output} on bad input");
            Assert.DoesNotContain("sample,bmu", stdout);
        }
    }

    private static double NaiveDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> w)
    {
        double s = 0;
        for (int f = 0; f < x.Length; f++) s += ((double)x[f] - w[f]) * ((double)x[f] - w[f]);
        return Math.Sqrt(s);
    }
}
