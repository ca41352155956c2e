using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som bench</c>: times batch epochs and the distance + BMU stage per map size on one device, and, for a device
/// other than the CPU engine, cross-checks it against the CPU engine first. For performance studies: the numbers
/// are medians of timed repetitions after a warm-up (which also compiles the kernels). With <c>--sweep</c>, every GPU
/// distance + BMU kernel in one table (<see cref="BenchSweep"/>).
/// </summary>
internal static class BenchCommand
{
    private const string DefaultMaps = "32x32,64x64,100x100,128x128";

    /// <summary>The <c>bench</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var data = SharedOptions.Data("as for train (fashion-mnist:all = all 70,000 images)");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var device = SharedOptions.Device("cpu (default), cuda, opencl, ilgpu-cpu, auto");
        var maps = new Option<IReadOnlyList<(int Width, int Height)>?>("--maps")
        {
            HelpName = "list",
            Description = $"map sizes (default {DefaultMaps})",
            CustomParser = r =>
            {
                var sizes = new List<(int, int)>();
                foreach (string m in (r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value).Split(','))
                {
                    if (MapSize.TryParse(m) is { } size)
                    {
                        sizes.Add(size);
                        continue;
                    }
                    r.AddError(MapSize.Error("--maps", m));
                    return null;
                }
                return sizes;
            },
        };
        var repeat = OptionFactory.Int("--repeat", "n", "timed repetitions per figure; the median is reported (default 5)", 1, 1000);
        var limit = SharedOptions.Limit("use the first N samples only");
        var checkLimit = OptionFactory.Int("--check-limit", "n", "samples of the cross-check against the CPU engine (default 10000; 0 = none)", min: 0);
        var peak = OptionFactory.Double("--peak-gflops", "g", "the device's FP32 peak, to report the distance stage as a share of it");
        var threads = SharedOptions.Threads("CPU engine threads (default all)");
        var outFile = SharedOptions.Out("file", "also write the results as JSON (atomically)");
        var sweep = new Option<bool>("--sweep")
        {
            Description = $"GPU only: cross-check every distance + BMU kernel against the CPU engine, then time each one per map size (default maps {BenchSweep.DefaultMaps}) in one table",
        };
        var command = new Command("bench",
            "Time batch epochs and the fused distance + BMU stage for each map size (a GPU is cross-checked against the CPU engine first)")
        {
            data, imageSize, colour, device, maps, repeat, limit, checkLimit, peak, threads, outFile, sweep,
        };
        command.SetAction(r => Run(new BenchSettings(
            r.GetValue(data)!,
            r.GetValue(device) ?? "cpu",
            r.GetValue(maps) ?? [.. (r.GetValue(sweep) ? BenchSweep.DefaultMaps : DefaultMaps).Split(',').Select(m => MapSize.TryParse(m)!.Value)],
            r.GetValue(repeat) ?? 5,
            r.GetValue(limit),
            r.GetValue(checkLimit) ?? 10000,
            r.GetValue(peak),
            r.GetValue(threads) ?? 0,
            r.GetValue(outFile),
            SharedOptions.ReadImages(r, imageSize, colour),
            r.GetValue(sweep)), context.Progress, context.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code (1 when the cross-check fails).</summary>
    public static int Run(BenchSettings settings, ProgressReporter output, TextWriter? error = null)
    {
        var (data, device, maps, repeat, limit, checkLimit, peak, threads, outFile, images, sweep) = settings;
        // Before timing anything: results that cannot be written must not cost a benchmark run.
        if (outFile is not null) OutputPlace.EnsureFile("--out", outFile);
        if (sweep && device is "cpu" or "auto")
            throw new UsageException($"--device: {device} is not allowed with --sweep: expected a GPU device (cuda, opencl, ilgpu-cpu)");
        var runs = maps.Select(m => new SomOptions
        {
            Width = m.Width, Height = m.Height, Init = InitMethod.Samples, Threads = threads, Epochs = 10,
        }).ToList();
        foreach (var run in runs)
        {
            try
            {
                run.Validate();
            }
            catch (SomOptionException e) when (e.OptionName is nameof(SomOptions.Width) or nameof(SomOptions.Height))
            {
                throw new UsageException($"--maps: {run.Width}x{run.Height} is not allowed: expected {e.Expected}");
            }
        }

        var set = DataResolver.Resolve(data, images, w => new CommandContext(output, error ?? TextWriter.Null).Warn(w)).Train;
        if (limit is { } l) set = set.Take(l);
        var x = set.Samples;
        output.Line($"data: {set.Name}, {x.Count} samples × {x.Features} features; median of {repeat} after a warm-up");
        if (sweep)
        {
            var (document, agrees) = BenchSweep.Run(device, runs, x, set.Name, repeat, checkLimit, peak, output);
            if (outFile is not null)
                AtomicFile.WriteAllText(outFile, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return agrees ? 0 : 1;
        }
        var c = CultureInfo.InvariantCulture;
        bool failed = false;
        var rows = new JsonArray();
        foreach (var options in runs)
        {
            var (w, h) = (options.Width, options.Height);
            using var engine = EngineFactory.Create(device, options, x.Features, KernelIsa.Auto);
            var initial = Initializer.Create(options, x);
            JsonObject? check = null;
            if (engine is not CpuEngine && checkLimit > 0)
            {
                var subset = x.Take(Math.Min(checkLimit, x.Count));
                using var reference = new CpuEngine(options, x.Features);
                var result = EngineCrossCheck.Run(reference, engine, subset, initial, epochs: 2);
                bool ok = result.Agrees(1e-4);
                failed |= !ok;
                output.Line(string.Create(c, $"{w}x{h} check vs CPU engine on {result.Samples} samples: {result.BmuMismatches} BMU mismatches ({result.BmuMismatchesBeyondTies} beyond ties), max weight difference {result.MaxWeightDifference:E2} after {result.Epochs} epochs: {(ok ? "agrees" : "DISAGREES")}"));
                check = new JsonObject
                {
                    ["samples"] = result.Samples, ["bmu_mismatches"] = result.BmuMismatches,
                    ["bmu_mismatches_beyond_ties"] = result.BmuMismatchesBeyondTies,
                    ["max_weight_difference"] = result.MaxWeightDifference, ["agrees"] = ok,
                };
            }
            engine.SetWeights(initial);
            var bmu = new int[x.Count];
            engine.FindBmus(x, bmu, default);
            engine.TrainBatchEpoch(x, SomTrainer.BatchSigma(options, 0));
            double stage = Median(repeat, () => engine.FindBmus(x, bmu, default));
            int epoch = 0;
            double seconds = Median(repeat, () => engine.TrainBatchEpoch(x, SomTrainer.BatchSigma(options, epoch++ % options.Epochs)));
            double gflops = 2.0 * x.Count * options.Units * x.Features / stage / 1e9;
            string share = peak is { } p ? string.Create(c, $" = {gflops / p:P1} of {p:F0}") : "";
            output.Line(string.Create(c, $"{w}x{h}: {seconds * 1e3:F2} ms per batch epoch; distance + BMU {stage * 1e3:F2} ms, {gflops:F1} GFLOP/s{share}  [{engine.DeviceName}]"));
            rows.Add(new JsonObject
            {
                ["map"] = $"{w}x{h}", ["ms_per_epoch"] = seconds * 1e3, ["ms_distance_bmu"] = stage * 1e3,
                ["gflops_distance_bmu"] = gflops, ["share_of_peak"] = peak is { } q ? gflops / q : null,
                ["device"] = engine.DeviceName, ["check"] = check,
            });
        }
        if (outFile is not null)
        {
            var doc = new JsonObject
            {
                ["data"] = set.Name, ["samples"] = x.Count, ["features"] = x.Features, ["repeat"] = repeat,
                ["peak_gflops"] = peak, ["results"] = rows,
            };
            AtomicFile.WriteAllText(outFile, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        return failed ? 1 : 0;
    }

    private static double Median(int repeat, Action action)
    {
        var times = new double[repeat];
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[r] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeat / 2];
    }
}
