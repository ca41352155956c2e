using System.Text.Json.Nodes;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary><c>som kmeans</c> in-process: on a Fashion-MNIST subset, the sweep, the GPU engine, and bad input.</summary>
public class KMeansCommandTests
{
    [Fact]
    public void One_k_on_fashion_mnist_writes_kmeans_json_and_the_centres_as_a_model()
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = RunnerHarness.Run("kmeans", "--data", "fashion-mnist", "--limit", "1000", "--k", "10",
            "--n-init", "2", "--seed", "3", "--out", dir.Path);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        Assert.Contains("inertia", output);

        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "kmeans.json")))!.AsObject();
        var row = doc["results"]!.AsArray().Single()!.AsObject();
        Assert.Equal(10, row["k"]!.GetValue<int>());
        Assert.Equal(1000, row["sizes"]!.AsArray().Sum(v => v!.GetValue<int>()));
        Assert.Equal(2, row["restart_inertias"]!.AsArray().Count);
        Assert.Equal("centres.som", doc["centres"]!.GetValue<string>());

        // The file's inertia is the inertia of the saved centres on the same samples, recomputed here naively.
        var model = ModelFile.Load(Path.Combine(dir.Path, "centres.som"));
        Assert.Equal(10, model.Options.Units);
        Assert.Equal(new ImageShape(28, 28, 1), model.Image);
        var data = DataSource.Resolve("fashion-mnist").Train.Take(1000).Samples;
        var labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < 10; j++)
            {
                double d = NaiveKMeans.Distance(data.Row(i), model.Prototype(j));
                if (d < best) (best, labels[i]) = (d, j);
            }
        }
        double inertia = NaiveKMeans.Inertia(data, model.Weights, labels);
        Assert.Equal(inertia, row["inertia"]!.GetValue<double>(), 1e-9 * inertia);
        // Ten Fashion-MNIST clusters explain much of the spread: well under the one-cluster inertia.
        var one = RunnerHarness.Run("kmeans", "--data", "fashion-mnist", "--limit", "1000", "--k", "1", "--out", Path.Combine(dir.Path, "one"));
        Assert.Equal(0, one.Exit);
        double total = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "one", "kmeans.json")))!["results"]![0]!["inertia"]!.GetValue<double>();
        Assert.True(inertia < 0.6 * total, $"k = 10 inertia {inertia} vs k = 1 {total}");
    }

    [Fact]
    public void A_sweep_prints_one_row_per_k_and_writes_no_centres()
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = RunnerHarness.Run("kmeans", "--data", "fashion-mnist", "--limit", "300", "--k", "2..5", "--out", dir.Path);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "kmeans.json")))!["results"]!.AsArray();
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r!["k"]!.GetValue<int>()));
        var inertias = rows.Select(r => r!["inertia"]!.GetValue<double>()).ToArray();
        Assert.True(inertias.Zip(inertias.Skip(1)).All(p => p.Second < p.First), $"inertia does not fall with k: {string.Join(", ", inertias)}");
        Assert.False(File.Exists(Path.Combine(dir.Path, "centres.som")));
        foreach (int k in new[] { 2, 3, 4, 5 }) Assert.Matches($@"(?m)^\s+{k}\s+\d+\.\d+\s+-?\d\.\d{{4}}\s+\d+\s+\d+\.\d+\s+\d+\.\d+", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(120)]
    public void A_sweep_tables_the_silhouette_and_draws_both_curves_as_its_table(int? sample)
    {
        using var dir = new TempDirectory();
        string[] extra = sample is { } m ? ["--silhouette-sample", m.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var (exit, output, error) = RunnerHarness.Run(["kmeans", "--data", "fashion-mnist", "--limit", "300", "--k", "1..6", "--seed", "5",
            .. extra, "--out", dir.Path]);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "kmeans.json")))!;
        Assert.Equal(sample, doc["silhouette_sample"]?.GetValue<int>());
        Assert.Equal(["elbow.png", "silhouette.png"], doc["pictures"]!.AsArray().Select(p => p!.GetValue<string>()));
        var rows = doc["results"]!.AsArray();
        Assert.Null(rows[0]!["silhouette"]);   // k = 1: one cluster has no silhouette
        Assert.Matches(@"(?m)^\s+1\s+\d+\.\d+\s+n/a\s", output);

        // Each k's silhouette is the naive double-precision one of the same clustering (refitted here from the same
        // seed) on all samples or on the seeded subsample.
        var data = DataSource.Resolve("fashion-mnist").Train.Take(300).Samples;
        int[] pick = sample is { } size ? ClusteringIndices.Subsample(data.Count, size, 5) : [.. Enumerable.Range(0, data.Count)];
        var sub = ClusteringIndices.Rows(data, pick);
        for (int k = 2; k <= 6; k++)
        {
            var fit = KMeans.Fit(data, k, seed: 5);
            Assert.Equal(fit.Inertia, rows[k - 1]!["inertia"]!.GetValue<double>());
            double naive = Som.Tests.Metrics.NaiveClustering.Silhouette(sub, [.. pick.Select(i => fit.Labels[i])]);
            Assert.Equal(naive, rows[k - 1]!["silhouette"]!.GetValue<double>(), 5);
        }

        // The pictures show the table: each mark's height is ordered as the values.
        foreach (var (file, key, from) in new[] { ("elbow.png", "inertia", 1), ("silhouette.png", "silhouette", 2) })
        {
            using var png = new Som.Tests.Rendering.PictureReader(Path.Combine(dir.Path, file));
            Assert.True(png.Ink(png.TitleBand) > 50, $"{file} has no title");
            var marks = new List<(double Value, double Row)>();
            for (int k = from; k <= 6; k++)
            {
                int x = (int)Math.Round(Som.Runner.Rendering.CurveChart.MarkX(k, 1, 6));
                double row = Som.Tests.Rendering.CurveChartTests.MarkRow(png, x) ?? throw new InvalidOperationException($"{file}: no mark for k = {k}");
                marks.Add((rows[k - 1]![key]!.GetValue<double>(), row));
            }
            if (from == 2) Assert.Null(Som.Tests.Rendering.CurveChartTests.MarkRow(png, (int)Math.Round(Som.Runner.Rendering.CurveChart.MarkX(1, 1, 6))));
            foreach (var a in marks)
                foreach (var b in marks)
                    if (a.Value > b.Value + 1e-3 * Math.Abs(b.Value)) Assert.True(a.Row < b.Row, $"{file}: {a.Value} drawn at row {a.Row}, not above {b.Value} at row {b.Row}");
        }
    }

    [Fact]
    public void One_k_draws_no_curves()
    {
        using var dir = new TempDirectory();
        var (exit, _, error) = RunnerHarness.Run("kmeans", "--data", "fashion-mnist", "--limit", "200", "--k", "3", "--out", dir.Path);
        Assert.True(exit == 0, error);
        Assert.False(File.Exists(Path.Combine(dir.Path, "elbow.png")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "silhouette.png")));
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "kmeans.json")))!["results"]![0]!["silhouette"]);
    }

    [Fact]
    public void The_gpu_engine_on_ilgpus_cpu_accelerator_gives_the_cpu_engines_result()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("small.csv", "label,a,b,c\n" + string.Join("\n", Enumerable.Range(0, 31).Select(i =>
            $"0,{(i * 37) % 255},{(i * 91) % 255},{(i * i) % 255}")) + "\n");
        string[] common = ["kmeans", "--data", csv, "--k", "4", "--n-init", "2"];
        var cpu = RunnerHarness.Run([.. common, "--out", Path.Combine(dir.Path, "cpu")]);
        var gpu = RunnerHarness.Run([.. common, "--device", "ilgpu-cpu", "--out", Path.Combine(dir.Path, "gpu")]);
        Assert.True(cpu.Exit == 0 && gpu.Exit == 0, cpu.Error + gpu.Error);
        var a = ModelFile.Load(Path.Combine(dir.Path, "cpu", "centres.som"));
        var b = ModelFile.Load(Path.Combine(dir.Path, "gpu", "centres.som"));
        for (int e = 0; e < a.Weights.Length; e++)
            Assert.True(Math.Abs(a.Weights[e] - b.Weights[e]) <= 1e-5 + 1e-5 * Math.Abs(a.Weights[e]), $"centre value {e}: {a.Weights[e]} vs {b.Weights[e]}");
        var ja = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "cpu", "kmeans.json")))!["results"]![0]!;
        var jb = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "gpu", "kmeans.json")))!["results"]![0]!;
        Assert.Equal(ja["sizes"]!.ToJsonString(), jb["sizes"]!.ToJsonString());
        Assert.Equal(ja["iterations"]!.GetValue<int>(), jb["iterations"]!.GetValue<int>());
        Assert.Contains("ILGPU", gpu.Output + File.ReadAllText(Path.Combine(dir.Path, "gpu", "kmeans.json")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new[] { "--k", "0" }, "--k: '0' is not K or FROM..TO with 1 ≤ FROM ≤ TO (e.g. 10 or 2..20)")]
    [InlineData(new[] { "--k", "5..2" }, "--k: '5..2' is not K or FROM..TO with 1 ≤ FROM ≤ TO")]
    [InlineData(new[] { "--k", "2..x" }, "--k: '2..x' is not K")]
    [InlineData(new[] { "--k", "4" , "--max-iter", "0" }, "--max-iter: 0 is out of range: expected 1…")]
    [InlineData(new[] { "--k", "4", "--n-init", "0" }, "--n-init: 0 is out of range: expected 1…")]
    [InlineData(new[] { "--k", "4", "--threads", "-1" }, "--threads: -1 is not allowed: expected an integer ≥ 0")]
    [InlineData(new[] { "--k", "2..6" }, "--k: 6 is more than the 5 samples: expected at most 5")]
    [InlineData(new string[0], "Option '--k' is required")]
    [InlineData(new[] { "--k", "2..3", "--silhouette-sample", "0" }, "--silhouette-sample: 0 is out of range: expected 1…")]
    public void Bad_input_is_one_line_exit_2_and_writes_nothing(string[] args, string expected)
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n0,9,9\n");
        string outDir = Path.Combine(dir.Path, "out");
        var (exit, output, error) = RunnerHarness.Run(["kmeans", "--data", csv, .. args, "--out", outDir]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(outDir), "a failed run created its output folder");
        Assert.DoesNotContain("Usage:", output + error);
    }
}
