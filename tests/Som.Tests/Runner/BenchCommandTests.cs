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
    public void Bench_sweep_checks_and_times_every_gpu_kernel_in_one_table()
    {
        // Tiny on purpose: ILGPU's CPU accelerator runs each group thread as an OS thread.
        using var dir = new TempDirectory();
        var lines = new List<string> { "label,a,b,c,d" };
        var rng = new SomRandom(9);
        for (int i = 0; i < 70; i++) lines.Add($"{i % 3},{rng.NextInt(255)},{rng.NextInt(255)},{rng.NextInt(255)},{rng.NextInt(255)}");
        string csv = dir.WriteText("sweep.csv", string.Join("\n", lines) + "\n");
        string json = dir["sweep.json"];
        var (exit, output, error) = RunnerHarness.Run("bench", "--sweep", "--data", csv, "--device", "ilgpu-cpu", "--maps", "3x3,9x1",
            "--repeat", "1", "--check-limit", "50", "--peak-gflops", "100", "--out", json);
        Assert.True(exit == 0, error + output);
        string[] kernels = ["Tile32x32", "Tile64x64", "Tile128x64", "Tile128x128"];
        foreach (string kernel in kernels) Assert.Contains($"check {kernel} vs CPU engine, 3x3, 50 samples: ", output);
        Assert.DoesNotContain("DISAGREES", output);
        Assert.Contains("| map | kernel | ms per epoch | distance ms | GFLOP/s | share of peak | sums ms | smoothing ms | division ms | |", output);
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("sweep", doc["mode"]!.GetValue<string>());
        Assert.Equal(100, doc["peak_gflops"]!.GetValue<double>());
        Assert.All(doc["checks"]!.AsArray(), ch => Assert.True(ch!["agrees"]!.GetValue<bool>()));
        var rows = doc["results"]!.AsArray();
        Assert.Equal(["3x3", "3x3", "3x3", "3x3", "9x1", "9x1", "9x1", "9x1"], rows.Select(r => r!["map"]!.GetValue<string>()));
        Assert.Equal([.. kernels, .. kernels], rows.Select(r => r!["kernel"]!.GetValue<string>()));
        foreach (var r in rows)
        {
            double epoch = r!["ms_per_epoch"]!.GetValue<double>(), distance = r["ms_distance_bmu"]!.GetValue<double>();
            Assert.True(epoch > 0 && distance > 0 && r["ms_sums"]!.GetValue<double>() > 0 && r["ms_smoothing"]!.GetValue<double>() > 0);
            Assert.Equal(2.0 * 70 * 9 * 4 / (distance / 1e3) / 1e9,
                r["gflops_distance_bmu"]!.GetValue<double>(), 6);
            Assert.Equal(r["gflops_distance_bmu"]!.GetValue<double>() / 100, r["share_of_peak"]!.GetValue<double>(), 9);
            Assert.Contains($"| {r["map"]} | {r["kernel"]} | ", output);
        }
        // One winner per map, the one with the least ms per epoch.
        foreach (var map in rows.GroupBy(r => r!["map"]!.GetValue<string>()))
        {
            var fastest = map.Where(r => r!["fastest"]!.GetValue<bool>()).ToList();
            Assert.Single(fastest);
            Assert.Equal(map.Min(r => r!["ms_per_epoch"]!.GetValue<double>()), fastest[0]!["ms_per_epoch"]!.GetValue<double>());
        }
    }

    [Fact]
    public void Bench_sweep_needs_a_gpu_device_and_says_so_before_reading_data()
    {
        var (exit, output, error) = RunnerHarness.Run("bench", "--sweep", "--data", "no-such-file.csv", "--device", "cpu");
        Assert.Equal(2, exit);
        Assert.Equal("error: --device: cpu is not allowed with --sweep: expected a GPU device (cuda, opencl, ilgpu-cpu)", error.Trim());
        Assert.Equal("", output);
    }

    [Fact]
    public void Bench_rejects_a_bad_map_list()
    {
        var (exit, _, error) = RunnerHarness.Run("bench", "--data", "x.csv", "--maps", "32x32,big");
        Assert.Equal(2, exit);
        Assert.Contains("--maps: 'big' is not WIDTHxHEIGHT", error);
    }
}
