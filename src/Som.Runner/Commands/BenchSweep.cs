using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Gpu;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som bench --sweep</c>: on one GPU device, every distance + BMU kernel (<see cref="GpuBmuKernel"/>) first
/// cross-checked against the CPU engine, then timed per map size; one table of ms per batch epoch, the distance
/// stage's GFLOP/s and share of the FP32 peak, the other stages, and the winner per map.
/// </summary>
internal static class BenchSweep
{
    /// <summary>The map sizes of a sweep unless <c>--maps</c> says otherwise.</summary>
    public const string DefaultMaps = "32x32,64x64,100x100,128x128,256x256";

    /// <summary>The kernels a sweep times, in order.</summary>
    public static readonly GpuBmuKernel[] Kernels =
        [GpuBmuKernel.Tile32x32, GpuBmuKernel.Tile64x64, GpuBmuKernel.Tile128x64, GpuBmuKernel.Tile128x128];

    /// <summary>Runs the sweep on <paramref name="x"/>; returns the JSON document and whether every check agreed.</summary>
    public static (JsonObject Document, bool Agrees) Run(string device, IReadOnlyList<SomOptions> runs, SampleMatrix x,
        string dataName, int repeat, int checkLimit, double? peakOption, ProgressReporter output)
    {
        var c = CultureInfo.InvariantCulture;
        bool agrees = true;
        var checks = new JsonArray();
        var rows = new JsonArray();
        var table = new List<string>();
        double? peak = peakOption;
        string peakSource = peakOption is null ? "" : "--peak-gflops";
        double? measured = null;
        string deviceName = "";

        for (int r = 0; r < runs.Count; r++)
        {
            var options = runs[r];
            using var engine = GpuEngine.Create(device, options, x.Features);
            if (r == 0)
            {
                deviceName = engine.DeviceName;
                // The FMA kernel on ILGPU's CPU accelerator would take minutes: only on a real device.
                if (engine.Device.Kind != GpuAccelerators.IlgpuCpu) measured = engine.MeasurePeakGflops();
                if (peak is null && GpuPeaks.Lookup(deviceName) is { } known)
                {
                    peak = known.Gflops;
                    peakSource = $"{known.Chip} datasheet";
                }
                if (peak is null && measured is { } m)
                {
                    peak = m;
                    peakSource = "FMA kernel";
                }
                output.Line($"sweep: {deviceName}; {dataName}, {x.Count} samples × {x.Features} features; median of {repeat} after a warm-up");
                output.Line(string.Create(c, $"FP32 peak: {(peak is { } p ? $"{p:F0} GFLOP/s ({peakSource})" : "unknown")}; measured by the FMA kernel: {(measured is { } mm ? $"{mm:F0} GFLOP/s" : "not run")}"));
            }

            var results = new List<(GpuBmuKernel Kernel, double Epoch, GpuStageTimes Stages)>();
            var start = Initializer.Create(options, x);
            foreach (var kernel in Kernels)
            {
                engine.BmuKernel = kernel;
                // The cross-check on the first map, kernel by kernel: on ILGPU's CPU accelerator every launch costs in
                // proportion to the widest group launched so far, so the 256-thread kernel comes last.
                if (r == 0 && checkLimit > 0) agrees &= Check(engine, kernel, options, x, checkLimit, checks, output);
                engine.SetWeights(start);
                int epoch = 0;
                double Sigma() => SomTrainer.BatchSigma(options, epoch++ % options.Epochs);
                engine.ProfileStages = false;
                engine.TrainBatchEpoch(x, Sigma()); // warm-up: compiles the kernel, makes the data resident
                var seconds = new double[repeat];
                var stages = new GpuStageTimes[repeat];
                for (int i = 0; i < repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    engine.TrainBatchEpoch(x, Sigma());
                    seconds[i] = clock.Elapsed.TotalSeconds;
                }
                engine.ProfileStages = true;
                for (int i = 0; i < repeat; i++)
                {
                    engine.TrainBatchEpoch(x, Sigma());
                    stages[i] = engine.LastEpochStages!;
                }
                engine.ProfileStages = false;
                results.Add((kernel, Median(seconds), new GpuStageTimes(Median(stages.Select(s => s.Distance)),
                    Median(stages.Select(s => s.Sums)), Median(stages.Select(s => s.Smoothing)), Median(stages.Select(s => s.Division)))));
            }
            var winner = results.MinBy(row => row.Epoch).Kernel;
            foreach (var (kernel, epochSeconds, s) in results)
            {
                double gflops = 2.0 * x.Count * options.Units * x.Features / s.Distance / 1e9;
                double? share = peak is { } p ? gflops / p : null;
                table.Add(string.Create(c, $"| {options.Width}x{options.Height} | {kernel} | {epochSeconds * 1e3:F2} | {s.Distance * 1e3:F2} | {gflops:F1} | {(share is { } q ? q.ToString("P1", c) : "–")} | {s.Sums * 1e3:F2} | {s.Smoothing * 1e3:F2} | {s.Division * 1e3:F2} | {(kernel == winner ? "fastest" : "")} |"));
                rows.Add(new JsonObject
                {
                    ["map"] = $"{options.Width}x{options.Height}", ["kernel"] = kernel.ToString(), ["ms_per_epoch"] = epochSeconds * 1e3,
                    ["ms_distance_bmu"] = s.Distance * 1e3, ["gflops_distance_bmu"] = gflops, ["share_of_peak"] = share,
                    ["ms_sums"] = s.Sums * 1e3, ["ms_smoothing"] = s.Smoothing * 1e3, ["ms_division"] = s.Division * 1e3,
                    ["fastest"] = kernel == winner,
                });
            }
        }
        output.Line("");
        output.Line("| map | kernel | ms per epoch | distance ms | GFLOP/s | share of peak | sums ms | smoothing ms | division ms | |");
        output.Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (string line in table) output.Line(line);
        var doc = new JsonObject
        {
            ["mode"] = "sweep", ["device"] = deviceName, ["data"] = dataName, ["samples"] = x.Count, ["features"] = x.Features,
            ["repeat"] = repeat, ["peak_gflops"] = peak, ["peak_source"] = peakSource, ["measured_peak_gflops"] = measured,
            ["checks"] = checks, ["results"] = rows,
        };
        return (doc, agrees);
    }

    /// <summary>Cross-checks <paramref name="kernel"/> against the CPU engine on the first samples; prints one line.</summary>
    private static bool Check(GpuEngine engine, GpuBmuKernel kernel, SomOptions options, SampleMatrix x, int checkLimit,
        JsonArray checks, ProgressReporter output)
    {
        var subset = x.Take(Math.Min(checkLimit, x.Count));
        var initial = Initializer.Create(options, subset);
        using var reference = new CpuEngine(options, x.Features);
        var result = EngineCrossCheck.Run(reference, engine, subset, initial, epochs: 2);
        bool ok = result.Agrees(1e-4);
        output.Line(string.Create(CultureInfo.InvariantCulture, $"check {kernel} vs CPU engine, {options.Width}x{options.Height}, {result.Samples} samples: {result.BmuMismatches} BMU mismatches ({result.BmuMismatchesBeyondTies} beyond ties), max weight difference {result.MaxWeightDifference:E2} after {result.Epochs} epochs: {(ok ? "agrees" : "DISAGREES")}"));
        checks.Add(new JsonObject
        {
            ["kernel"] = kernel.ToString(), ["map"] = $"{options.Width}x{options.Height}", ["samples"] = result.Samples,
            ["bmu_mismatches"] = result.BmuMismatches, ["bmu_mismatches_beyond_ties"] = result.BmuMismatchesBeyondTies,
            ["max_weight_difference"] = result.MaxWeightDifference, ["agrees"] = ok,
        });
        return ok;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
