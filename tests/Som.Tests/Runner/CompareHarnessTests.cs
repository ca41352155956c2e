using System.Text.Json.Nodes;

namespace Som.Tests.Runner;

/// <summary>
/// benchmarks/compare/run.sh for real on a small job (1,000 Fashion-MNIST images, a 6×6 hexagonal map, 2
/// epochs): SomGpu and R kohonen (batch and pbatch) train from one initial codebook, every peer's row is in the
/// table (a peer that is not installed as "skipped: reason"), and kohonen's imported codebook, scored by
/// <c>som evaluate</c>, lands where SomGpu's does: both run the same batch map with the same radii.
/// </summary>
public sealed class CompareHarnessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_small_job_runs_every_peer_and_kohonen_scores_like_somgpu()
    {
        string root = ReadmeSnippet.RepositoryRoot();
        string som = Path.Combine(Path.GetDirectoryName(typeof(Som.Runner.Cli.App).Assembly.Location)!, "som.dll");
        Assert.True(File.Exists(som), $"{som} not found");
        string out_ = _dir["compare"];
        var r = ChildProcess.Run("bash", [Path.Combine(root, "benchmarks", "compare", "run.sh"), "--data", "fashion-mnist:all", "--limit", "1000",
                "--map", "6x6", "--epochs", "2", "--out", out_], root, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["SOM"] = $"{ChildProcess.DotnetHost} {som}" });
        Assert.True(r.Exit == 0, $"run.sh exit {r.Exit} (R kohonen comes from Debian r-cran-kohonen, which .ci/run installs):\n{r.Stderr}\n{r.Stdout}");

        string table = File.ReadAllText(Path.Combine(out_, "compare.md"));
        foreach (string row in new[] { "| SomGpu (CPU engine, batch) | ", "| R kohonen, mode=\"batch\" | ", "| R kohonen, mode=\"pbatch\" | ",
                     "| MiniSom | ", "| Somoclu | ", "| som kmeans | ", "| scikit-learn KMeans | " })
            Assert.Contains(row, table, StringComparison.Ordinal);
        Assert.Contains("som evaluate` on fashion-mnist:all (1000 samples)", table, StringComparison.Ordinal);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(out_, "compare.json")))!;
        var rows = json["som"]!.AsArray().Select(n => n!).ToDictionary(n => n["peer"]!.GetValue<string>());
        var ours = rows["SomGpu (CPU engine, batch)"];
        foreach (string peer in new[] { "R kohonen, mode=\"batch\"", "R kohonen, mode=\"pbatch\"" })
        {
            var row = rows[peer];
            Assert.Null(row["skipped"]);
            double qe = row["qe"]!.GetValue<double>(), ourQe = ours["qe"]!.GetValue<double>();
            Assert.True(Math.Abs(qe - ourQe) <= 0.01 * ourQe, $"{peer}: QE {qe}, SomGpu {ourQe}");
            Assert.True(Math.Abs(row["accuracy"]!.GetValue<double>() - ours["accuracy"]!.GetValue<double>()) <= 0.02, $"{peer}: accuracy");
            Assert.True(row["seconds_per_epoch"]!.GetValue<double>() > 0 && row["peak_mib"]!.GetValue<double>() > 0);
        }
        // The same batch map in double from the same start: the codebooks agree far below the data's scale (pixels in [0, 1]).
        var a = ModelFile.Load(Path.Combine(out_, "somgpu", "model.som")).Weights;
        var b = ModelFile.Load(Path.Combine(out_, "kohonen-batch", "model.som")).Weights;
        double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst < 1e-3, $"SomGpu's and kohonen's codebooks differ by up to {worst}");
        // SomGpu started from the shared file and trained: its initial QE (on the same 1,000 samples) is above the final one.
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(out_, "somgpu", "metrics.json")))!;
        Assert.Equal(Path.Combine(out_, "data", "init.csv"), metrics["init_codebook"]!.GetValue<string>());
        Assert.True(metrics["initial_quantization_error"]!.GetValue<double>() > ours["qe"]!.GetValue<double>() + 0.1);

        var png = File.ReadAllBytes(Path.Combine(out_, "compare.png"));
        Assert.True(png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P', "compare.png is not a PNG");
    }
}
