using System.Globalization;
using System.Text.Json.Nodes;
using Som.Cpu;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som cluster</c> end to end on the 9×7 map the runner trained on 2,000 Fashion-MNIST images: the stored
/// clustering, <c>--k auto</c>'s Davies–Bouldin choice, and what evaluate and map read back from it.
/// </summary>
public class ClusterCommandTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly Lazy<DataSplit> Fashion = new(() => DataSource.Resolve("fashion-mnist"));

    private static readonly DateTime Stamp = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private string CopyModel(TempDirectory dir)
    {
        string path = dir["model.som"];
        File.Copy(fixture.ModelPath, path);
        return path;
    }

    private static void Ok((int Exit, string Output, string Error) r) => Assert.True(r.Exit == 0, $"exit {r.Exit}: {r.Error}\n{r.Output}");

    [Fact]
    public void Kmeans_k_stores_what_ClusterUnits_computes_and_a_same_name_run_replaces_it()
    {
        using var dir = new TempDirectory();
        string path = CopyModel(dir);
        using var original = SelfOrganizingMap.Load(fixture.ModelPath);

        var r = RunnerHarness.Run("cluster", path, "--method", "kmeans", "--k", "4", "--seed", "7");
        Ok(r);
        Assert.Contains("stored clustering 'kmeans-4'", r.Output);
        var model = ModelFile.Load(path);
        var stored = Assert.Single(model.Clusterings);
        Assert.Equal(("kmeans-4", "kmeans", 4), (stored.Name, stored.Method, stored.K));
        Assert.Equal(original.ClusterUnits(4, seed: 7), stored.Clusters);
        Assert.Equal(4, stored.Clusters.Distinct().Count());
        Assert.Equal(original.GetWeights(), model.Weights);
        Assert.Equal(ModelFile.Load(fixture.ModelPath).UnitLabels!.Labels, model.UnitLabels!.Labels);

        // A second clustering is added beside it; the same name again replaces in place.
        Ok(RunnerHarness.Run("cluster", path, "--k", "3", "--seed", "7", "--name", "coarse"));
        r = RunnerHarness.Run("cluster", path, "--k", "5", "--seed", "2", "--name", "kmeans-4");
        Ok(r);
        Assert.Contains("replaced clustering 'kmeans-4'", r.Output);
        model = ModelFile.Load(path);
        Assert.Equal(["kmeans-4", "coarse"], model.Clusterings.Select(x => x.Name));
        Assert.Equal(5, model.Clusterings[0].K);
        Assert.Equal(original.ClusterUnits(5, seed: 2), model.Clusterings[0].Clusters);
        Assert.Equal(original.ClusterUnits(3, seed: 7), model.Clusterings[1].Clusters);
    }

    [Fact]
    public void Auto_keeps_the_k_with_the_lowest_Davies_Bouldin_of_the_prototypes_and_writes_out_only()
    {
        using var dir = new TempDirectory();
        string path = CopyModel(dir);
        byte[] before = File.ReadAllBytes(path);
        string other = dir["clustered.som"];
        var r = RunnerHarness.Run("cluster", path, "--k", "auto", "--seed", "3", "--out", other);
        Ok(r);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Contains("Davies–Bouldin", r.Output);

        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        var prototypes = new SampleMatrix(map.GetWeights(), map.Units, map.Features);
        var printed = new Dictionary<int, (double Db, double Sil)>();
        foreach (string line in r.Output.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && int.TryParse(f[0], CultureInfo.InvariantCulture, out int k))
                printed[k] = (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
        }
        // 63 units: the default range is 2 … min(20, 62).
        Assert.Equal(Enumerable.Range(2, 19), printed.Keys.Order());
        var exact = new Dictionary<int, double>();
        foreach (int k in printed.Keys)
        {
            int[] labels = map.ClusterUnits(k, seed: 3);
            exact[k] = ClusteringIndices.DaviesBouldin(prototypes, labels);
            Assert.Equal(exact[k], printed[k].Db, 5e-7);
            Assert.Equal(Silhouette.Score(prototypes, labels, KernelIsa.Auto), printed[k].Sil, 5e-7);
        }
        int best = exact.MinBy(e => e.Value).Key;
        var stored = Assert.Single(ModelFile.Load(other).Clusterings);
        Assert.Equal(best, stored.K);
        Assert.Equal($"kmeans-{best}", stored.Name);
        Assert.Equal(map.ClusterUnits(best, seed: 3), stored.Clusters);
        Assert.Contains($"chosen: k = {best}", r.Output);

        // An explicit range is honoured.
        r = RunnerHarness.Run("cluster", other, "--k", "auto", "--k-range", "5..7", "--seed", "3", "--name", "narrow");
        Ok(r);
        var narrow = ModelFile.Load(other).Clusterings.Single(x => x.Name == "narrow");
        Assert.Equal(Enumerable.Range(5, 3).MinBy(k => exact[k]), narrow.K);
    }

    [Fact]
    public void Evaluate_reports_levels_2_and_3_per_clustering_and_map_adds_the_unit_cluster()
    {
        using var dir = new TempDirectory();
        string path = CopyModel(dir);
        Ok(RunnerHarness.Run("cluster", path, "--k", "4", "--seed", "1"));
        Ok(RunnerHarness.Run("cluster", path, "--k", "7", "--seed", "1", "--name", "seven"));
        var clusterings = ModelFile.Load(path).Clusterings;

        string json = dir["eval.json"];
        var r = RunnerHarness.Run("evaluate", path, "--data", "fashion-mnist", "--limit", "500", "--out", json);
        Ok(r);
        Assert.DoesNotContain("not available", r.Output);
        Assert.Contains("level 2 (seven): samples by cluster of BMU", r.Output);
        Assert.Contains("level 3 (kmeans-4): prototypes by unit cluster", r.Output);
        var levels = JsonNode.Parse(File.ReadAllText(json))!["clustering"]!.AsArray();
        Assert.Equal(5, levels.Count);

        var test = Fashion.Value.Test!.Take(500);
        using var map = SelfOrganizingMap.Load(path);
        int[] bmu = map.Winners(test.Samples);
        float[] weights = map.GetWeights();
        for (int c = 0; c < 2; c++)
        {
            var expected = ClusteringIndices.AtLevels(test.Samples, bmu, weights, clusterings[c].Clusters, null, 1, KernelIsa.Auto);
            for (int level = 2; level <= 3; level++)
            {
                var e = expected[level - 1];
                var got = levels[1 + 2 * c + (level - 2)]!;
                Assert.Equal(level, got["level"]!.GetValue<int>());
                Assert.Equal(clusterings[c].Name, got["unit_clustering"]!.GetValue<string>());
                Assert.Equal(clusterings[c].K, got["k"]!.GetValue<int>());
                Assert.Equal(e.Clusters, got["clusters"]!.GetValue<int>());
                Assert.Equal(e.Points, got["points"]!.GetValue<int>());
                Assert.Equal(e.Silhouette!.Value, got["silhouette"]!.GetValue<double>(), 12);
                Assert.Equal(e.DaviesBouldin!.Value, got["davies_bouldin"]!.GetValue<double>(), 12);
                Assert.Equal(e.CalinskiHarabasz!.Value, got["calinski_harabasz"]!.GetValue<double>(), 12);
            }
        }
        Assert.Equal(500, levels[1]!["points"]!.GetValue<int>());
        Assert.Equal(63, levels[2]!["points"]!.GetValue<int>());

        // map: unit_cluster is the BMU's cluster in the first clustering, or in the one --clustering names.
        foreach (var (args, clusters) in new[] { (Array.Empty<string>(), clusterings[0].Clusters), (new[] { "--clustering", "seven" }, clusterings[1].Clusters) })
        {
            r = RunnerHarness.Run(["map", path, "--data", "fashion-mnist:test", "--limit", "300", .. args]);
            Ok(r);
            string[] lines = r.Output.TrimEnd('\n').Split('\n');
            string[] header = lines[0].Split(',');
            Assert.Equal("unit_cluster", header[^1]);
            int bmuColumn = Array.IndexOf(header, "bmu");
            Assert.Equal(301, lines.Length);
            for (int i = 0; i < 300; i++)
            {
                string[] f = lines[i + 1].Split(',');
                int b = int.Parse(f[bmuColumn], CultureInfo.InvariantCulture);
                Assert.Equal(bmu[i], b);
                Assert.Equal(clusters[b], int.Parse(f[^1], CultureInfo.InvariantCulture));
            }
        }
        string csv = dir["map.csv"];
        var (exit, _, error) = RunnerHarness.Run("map", path, "--data", "fashion-mnist:test", "--limit", "5", "--clustering", "nope", "--out", csv);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --clustering: 'nope' is not in {path}: expected one of kmeans-4, seven", error.TrimEnd());
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void A_checkpoint_stays_a_checkpoint_with_its_state()
    {
        using var dir = new TempDirectory();
        string path = dir["checkpoint.som"];
        var checkpoint = new Checkpoint(new TrainingState(2, 0, [5, 6, 7, 8]), "fashion-mnist", 2000, new string('b', 64), 2.5, 0.25, [0.1, 0.2]);
        ModelFile.SaveCheckpoint(ModelFile.Load(fixture.ModelPath), checkpoint, path);
        Ok(RunnerHarness.Run("cluster", path, "--k", "3"));
        var (model, back) = ModelFile.LoadCheckpoint(path);
        Assert.Equal("kmeans-3", Assert.Single(model.Clusterings).Name);
        Assert.Equal((2, 0, "fashion-mnist", 2000, 2.5), (back.State.Epoch, back.State.Sample, back.DataName, back.DataSamples, back.InitialQuantizationError));
        Assert.Equal(checkpoint.State.OrderRng, back.State.OrderRng);
        Assert.Equal([0.1, 0.2], back.SecondsPerEpoch);
    }

    [Theory]
    [InlineData("--k 1", "--k: 1 is out of range: expected 2 … 63")]
    [InlineData("--k 64", "--k: 64 is out of range: expected 2 … 63")]
    [InlineData("--k -2", "--k: -2 is out of range")]
    [InlineData("--k four", "--k: 'four' is not a number or auto")]
    [InlineData("--k 4 --method centroid", "--method: 'centroid' is not a clustering method: expected one of kmeans, ward, single, complete, average")]
    [InlineData("--k auto --k-range 1..5", "--k-range: '1..5' is not FROM..TO with 2 ≤ FROM ≤ TO ≤ 62")]
    [InlineData("--k auto --k-range 2..63", "--k-range: '2..63' is not FROM..TO")]
    [InlineData("--k auto --k-range 9..3", "--k-range: '9..3' is not FROM..TO")]
    [InlineData("--k 4 --k-range 2..5", "--k-range: 2..5 is only used with --k auto")]
    [InlineData("--k 4 --name a,b", "--name: 'a,b' is not a clustering name")]
    public void Bad_input_is_one_line_exit_2_and_leaves_the_model_untouched(string args, string expected)
    {
        using var dir = new TempDirectory();
        string path = CopyModel(dir);
        string output = AssertRefusedUntouched(path, args, expected);
        Assert.Equal(["model.som"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.DoesNotContain("stored", output);
    }

    /// <summary>
    /// Runs <c>som cluster PATH ARGS</c> and checks it is refused: one <c>error:</c> line holding
    /// <paramref name="expected"/>, exit 2, the model's bytes and time stamp unchanged (a rewrite with the same bytes
    /// would still be a write: the old time stamp shows there was none). Returns the standard output.
    /// </summary>
    private static string AssertRefusedUntouched(string path, string args, string expected)
    {
        byte[] before = File.ReadAllBytes(path);
        File.SetLastWriteTimeUtc(path, Stamp);
        var (exit, output, error) = RunnerHarness.Run(["cluster", path, .. args.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(Stamp, File.GetLastWriteTimeUtc(path));
        return output;
    }

    [Fact]
    public void Auto_on_a_two_unit_map_and_a_corrupt_model_are_refused_untouched()
    {
        using var dir = new TempDirectory();
        string tiny = dir["tiny.som"];
        ModelFile.Save(new SomModel(new SomOptions { Width = 2, Height = 1 }, 3, [0, 0, 0, 1, 1, 1]), tiny);
        string corrupt = dir["corrupt.som"];
        byte[] half = File.ReadAllBytes(fixture.ModelPath);
        File.WriteAllBytes(corrupt, half[..(half.Length / 2)]);
        foreach (var (path, args, expected) in new[]
        {
            (tiny, "--k auto", "--k auto: the map has 2 units: expected at least 3"),
            (tiny, "--k 3", "--k: 3 is out of range: expected 2 … 2"),
            (corrupt, "--k 4", "corrupt.som"),
        })
        {
            AssertRefusedUntouched(path, args, expected);
        }
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);

        // k = M on the two-unit map is allowed: each unit its own cluster.
        var r = RunnerHarness.Run("cluster", tiny, "--k", "2");
        Ok(r);
        Assert.Equal(2, ModelFile.Load(tiny).Clusterings.Single().Clusters.Distinct().Count());
    }
}
