using System.Text.Json.Nodes;

namespace Som.Tests.Runner;

/// <summary><c>som bench</c>: the GPU engine is cross-checked against the CPU engine, then timed.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Bench_on_the_ilgpu_cpu_accelerator_checks_against_the_cpu_engine_and_reports_timings()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "label,a,b,c" };
        var rng = new SomRandom(5);
        for (int i = 0; i < 50; i++) lines.Add($"{i % 3},{rng.NextInt(255)},{rng.NextInt(255)},{rng.NextInt(255)}");
        string csv = dir.WriteText("bench.csv", string.Join("\n", lines) + "\n");
        string json = dir["bench.json"];
        var (exit, output, error) = RunnerHarness.Run("bench", "--data", csv, "--device", "ilgpu-cpu", "--maps", "3x3,5x2",
            "--repeat", "1", "--check-limit", "40", "--peak-gflops", "100", "--out", json);
        Assert.True(exit == 0, error + output);
        Assert.Contains("agrees", output);
        var results = JsonNode.Parse(File.ReadAllText(json))!["results"]!.AsArray();
        Assert.Equal(["3x3", "5x2"], results.Select(r => r!["map"]!.GetValue<string>()));
        foreach (var r in results)
        {
            Assert.True(r!["ms_per_epoch"]!.GetValue<double>() > 0);
            Assert.True(r["gflops_distance_bmu"]!.GetValue<double>() > 0);
            Assert.True(r["check"]!["agrees"]!.GetValue<bool>());
            Assert.Equal(40, r["check"]!["samples"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Bench_rejects_a_bad_map_list()
    {
        var (exit, _, error) = RunnerHarness.Run("bench", "--data", "x.csv", "--maps", "32x32,big");
        Assert.Equal(2, exit);
        Assert.Contains("--maps: 'big' is not WIDTHxHEIGHT", error);
    }
}
