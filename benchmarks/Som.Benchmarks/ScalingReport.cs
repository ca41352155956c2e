using System.Diagnostics;
using System.Globalization;
using System.Text;
using Som.Cpu;
using Som.Gpu;

namespace Som.Benchmarks;

/// <summary>
/// The scaling study (<c>-- scaling</c>): batch-epoch seconds of the CPU engine as N, the map and D grow, the
/// distance + BMU stage, the per-unit sums and the smoothing each timed alone, on Fashion-MNIST at 28 × 28 (D = 784)
/// and 2 × 2-mean downsampled to 14 × 14 (D = 196, <see cref="ImageDownsample"/>); then the GPU engine's map sweep
/// when ILGPU finds a CUDA or OpenCL device. Every figure in wall seconds and, on the CPU, in process CPU seconds
/// (<see cref="CpuClock"/>), which the charts plot: a busy shared machine stretches wall time far more. Writes <c>scaling.csv</c>, <c>scaling.md</c> (the table) and log-log PNGs
/// with the fitted exponent of every curve (<see cref="PowerLawFit"/>) into the output folder.
/// </summary>
public static class ScalingReport
{
    /// <summary>The data the study runs on.</summary>
    public const string Data = "fashion-mnist:all";

    /// <summary>Runs the study from the command line; returns the exit code (2 for a bad argument, one "error:" line).</summary>
    public static int Command(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ScalingPlan plan = new();
        string folder = Path.Combine("out", "scaling");
        string? gpu = "auto";
        int repeats = 0;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (a)
            {
                case "--quick":
                    plan = ScalingPlan.Quick;
                    break;
                case "--out":
                    folder = Value() ?? "";
                    if (folder.Length == 0) return Error("--out needs a folder");
                    break;
                case "--repeats":
                    string? r = Value();
                    if (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out repeats) || repeats is < 1 or > 100)
                        return Error($"--repeats {r}: expected a whole number from 1 to 100");
                    break;
                case "--map-samples":
                    string? m = Value();
                    if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out int mapSamples))
                        return Error($"--map-samples {m}: expected a whole number of samples, 0 for all");
                    plan = plan with { MapSamples = mapSamples };
                    break;
                case "--gpu":
                    string? g = Value()?.ToLowerInvariant();
                    if (g is not ("auto" or "none" or GpuAccelerators.Cuda or GpuAccelerators.OpenCL or GpuAccelerators.IlgpuCpu))
                        return Error($"--gpu {g}: expected auto, none, cuda, opencl or ilgpu-cpu");
                    gpu = g;
                    break;
                default:
                    return Error($"unknown scaling argument '{a}': expected --quick, --out FOLDER, --repeats N, --map-samples N, --gpu auto|none|cuda|opencl|ilgpu-cpu");
            }
        }
        if (repeats > 0) plan = plan with { Repeats = repeats };
        if (LogLogChart.Unavailable() is { } why) return Error(why);

        QuickReport.Header();
        var peaks = QuickReport.Peak();
        if (BenchData.TrainOrSkip(Data, "Scaling study") is not { } set) return 0;
        plan = plan with { GpuDevice = gpu == "auto" ? FindGpu(Console.WriteLine) : gpu == "none" ? null : gpu };
        Run(plan, set, folder, peaks, Console.WriteLine);
        QuickReport.Footer();
        return 0;
    }

    /// <summary>
    /// Measures <paramref name="plan"/> on <paramref name="set"/> (images: it must have an image shape) and writes the
    /// CSV, the table and the charts into <paramref name="folder"/>; the CSV is rewritten after every row, so an
    /// interrupted run keeps what it measured.
    /// </summary>
    /// <param name="peaks">FMA peaks by (vector bits, threads), as <see cref="QuickReport.Peak"/> measures them.</param>
    /// <returns>The rows, in the order measured.</returns>
    public static IReadOnlyList<ScalingRow> Run(ScalingPlan plan, Dataset set, string folder,
        IReadOnlyDictionary<(int Bits, int Threads), double> peaks, Action<string> line)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentNullException.ThrowIfNull(line);
        Directory.CreateDirectory(folder);
        var half = ImageDownsample.Mean2x2(set);
        Dataset[] sets = [set, half];
        var rows = new List<ScalingRow>();
        void Add(ScalingRow? row)
        {
            if (row is null) return;
            rows.Add(row);
            line(Format(row));
            AtomicFile.WriteAllText(Path.Combine(folder, "scaling.csv"), Csv(rows));
        }

        line($"Scaling study: {set.Name} ({set.Count:N0} images, {set.Image}, D = {set.Features}) and {half.Name} ({half.Image}, D = {half.Features}, 2x2 mean)");
        line($"  every time the minimum of up to {plan.Repeats} timed runs (fewer once a figure's runs took {plan.BudgetSeconds} s), after ≥ 1 warm-up epoch; σ = side / 4; PCA-initialised codebook");
        line($"  wall seconds, then process CPU seconds (all threads: steadier on a shared machine; the charts use them)");
        line($"  {"backend",-12} {"sweep",-13} {"map",-30} {"N",6} {"D",4} {"runs",4} {"epoch s",9} {"dist s",9} {"sums s",8} {"smooth s",9} {"other s",8} {"ns/NMD",7} {"floor",6} {"dist",5} {"smooth",6} {"CPU s: epoch",12} {"dist",8} {"smooth",8}");
        foreach (int n in plan.Samples)
        {
            if (n > set.Count)
            {
                line($"  samples sweep N = {n}: skipped (the data has {set.Count} samples)");
                continue;
            }
            foreach (var s in sets) Add(MeasureCpu("samples", Square(plan.SamplesSide), s.Samples.Take(n), plan, peaks));
        }
        int mapN = plan.MapSamples > 0 ? Math.Min(plan.MapSamples, set.Count) : set.Count;
        var mapData = sets.Select(s => mapN < s.Count ? s.Samples.Take(mapN) : s.Samples).ToArray();
        foreach (int side in plan.Sides)
            foreach (var data in mapData) Add(MeasureCpu("map", Square(side), data, plan, peaks));
        if (plan.NonSeparableSide > 0)
        {
            int side = plan.NonSeparableSide;
            foreach (var options in new[]
            {
                Square(side),
                Square(side) with { Neighborhood = NeighborhoodKind.Bubble },
                Square(side) with { Topology = Topology.Hexagonal },
            })
            {
                Add(MeasureCpu("non-separable", options, mapData[0], plan, peaks));
            }
        }
        if (plan.GpuDevice is { } device)
        {
            foreach (int side in plan.GpuSides)
            {
                try
                {
                    Add(MeasureGpu(device, Square(side), mapData[0], plan));
                }
                catch (SomOptionException e)
                {
                    line($"  GPU engine on {device}, {side}x{side}: skipped ({e.Message})");
                    break;
                }
            }
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "scaling.md"), Markdown(rows));
        Charts(rows, folder, line);
        line($"  (floor: the distance stage's 2·N·M·D FLOPs at the FMA peak measured above, as a share of the epoch; dist, smooth: those stages' shares of the epoch)");
        line($"  wrote {Path.Combine(folder, "scaling.csv")}, scaling.md and the charts");
        return rows;
    }

    private static SomOptions Square(int side) => new() { Width = side, Height = side };

    /// <summary>One map on the CPU engine (best kernel, all cores): the epoch, then each stage alone on the codebook it left.</summary>
    private static ScalingRow MeasureCpu(string sweep, SomOptions options, SampleMatrix data, ScalingPlan plan,
        IReadOnlyDictionary<(int Bits, int Threads), double> peaks)
    {
        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        double sigma = Math.Max(options.Width, options.Height) / 4.0;
        Warm(() => engine.TrainBatchEpoch(data, sigma), plan.WarmupSeconds);
        var (epoch, runs) = Best(() => engine.TrainBatchEpoch(data, sigma), plan);
        var bmu = new int[data.Count];
        var (distance, _) = Best(() => engine.FindBmus(data, bmu, default), plan);
        var buffers = new BatchBuffers(options.Units, data.Features);
        var (sums, _) = Best(() => BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, engine.Isa, 0), plan);
        var grid = new MapGrid(options);
        var offsets = new OffsetTable(grid);
        var weights = new float[options.Units * data.Features];
        var (smoothing, _) = Best(() => Smoother.Apply(options, grid, offsets, sigma, buffers, weights, engine.Isa, 0), plan);
        int bits = engine.Isa switch { KernelIsa.Vector512 => 512, KernelIsa.Vector256 => 256, _ => 32 };
        double peak = peaks.TryGetValue((bits, Environment.ProcessorCount), out double p) ? p : 0;
        return new ScalingRow($"cpu {KernelIsaSupport.Describe(engine.Isa)}", sweep, MapName(options), data.Count, options.Units, options.Width,
            data.Features, sigma, runs, epoch.Wall, distance.Wall, sums.Wall, smoothing.Wall, peak)
        {
            Cpu = new(epoch.Cpu, distance.Cpu, sums.Cpu, smoothing.Cpu),
        };
    }

    /// <summary>
    /// One map on the GPU engine: the epoch with the samples resident (uploaded by the warm-up), then one profiled
    /// epoch (a synchronisation after each stage) for the split; smoothing includes the division.
    /// </summary>
    private static ScalingRow MeasureGpu(string device, SomOptions options, SampleMatrix data, ScalingPlan plan)
    {
        using var engine = GpuEngine.Create(device, options, data.Features);
        SomTrainer.Initialize(engine, data);
        double sigma = Math.Max(options.Width, options.Height) / 4.0;
        Warm(() => engine.TrainBatchEpoch(data, sigma), plan.WarmupSeconds);
        var (epoch, runs) = Best(() => engine.TrainBatchEpoch(data, sigma), plan);
        engine.ProfileStages = true;
        engine.TrainBatchEpoch(data, sigma);
        var stages = engine.LastEpochStages ?? throw new InvalidOperationException("a profiled epoch left no stage times");
        double peak = device == GpuAccelerators.IlgpuCpu ? 0 : engine.MeasurePeakGflops();
        return new ScalingRow($"gpu {device}", "map", MapName(options), data.Count, options.Units, options.Width, data.Features, sigma, runs,
            epoch.Wall, stages.Distance, stages.Sums, stages.Smoothing + stages.Division, peak);
    }

    /// <summary>cuda or opencl when ILGPU finds one (CUDA first), else null after a skip line naming what it found.</summary>
    public static string? FindGpu(Action<string> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var kinds = StageRunner.GpuKindsFound();
        foreach (string kind in new[] { GpuAccelerators.Cuda, GpuAccelerators.OpenCL })
            if (kinds.Contains(kind)) return kind;
        line($"GPU engine: skipped (ILGPU finds no CUDA or OpenCL device here; found: {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
        return null;
    }

    private static string MapName(SomOptions o) =>
        $"{o.Width}x{o.Height} {o.Topology} {o.Neighborhood}".ToLowerInvariant();

    /// <summary>Untimed runs: at least one, then more while fewer than 30 (the tiered JIT's promotion count) and under <paramref name="seconds"/>.</summary>
    private static void Warm(Action action, double seconds)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 1 || (i < 30 && clock.Elapsed.TotalSeconds < seconds); i++) action();
    }

    /// <summary>
    /// The minimum wall seconds and the minimum process CPU seconds (all threads, <see cref="CpuClock.Process"/>) of up
    /// to <see cref="ScalingPlan.Repeats"/> timed runs, stopping once they took <see cref="ScalingPlan.BudgetSeconds"/>.
    /// </summary>
    private static (StageTime Time, int Runs) Best(Action action, ScalingPlan plan)
    {
        double best = double.MaxValue, bestCpu = double.MaxValue, spent = 0;
        int runs = 0;
        while (runs < plan.Repeats && (runs == 0 || spent < plan.BudgetSeconds))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double cpu = CpuClock.Process();
            long start = Stopwatch.GetTimestamp();
            action();
            double s = Stopwatch.GetElapsedTime(start).TotalSeconds;
            bestCpu = Math.Min(bestCpu, CpuClock.Process() - cpu);
            best = Math.Min(best, s);
            spent += s;
            runs++;
        }
        return (new StageTime(best, bestCpu), runs);
    }

    private static string Format(ScalingRow r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {r.Backend,-12} {r.Sweep,-13} {r.Map,-30} {r.Samples,6} {r.Features,4} {r.Runs,4} {r.Epoch,9:F4} {r.Distance,9:F4} {r.Accumulate,8:F4} {r.Smoothing,9:F4} {r.Other,8:F4} {r.NanosecondsPerNmd,7:F4} {Share(r.DistanceFloor, r.Epoch),6} {Share(r.Distance, r.Epoch),5} {Share(r.Smoothing, r.Epoch),6} {r.Cpu?.Epoch,12:F4} {r.Cpu?.Distance,8:F4} {r.Cpu?.Smoothing,8:F4}");

    private static string Share(double part, double whole) =>
        part > 0 && whole > 0 ? (part / whole).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal) : "-";

    /// <summary>The CSV of <paramref name="rows"/>: <see cref="ScalingRow.CsvHeader"/>, then one line per row.</summary>
    public static string Csv(IEnumerable<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(ScalingRow.CsvHeader).Append('\n');
        foreach (var r in rows) text.Append(r.Csv()).Append('\n');
        return text.ToString();
    }

    /// <summary>The Markdown table of <paramref name="rows"/> (what RESULTS.md shows).</summary>
    public static string Markdown(IEnumerable<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var t = new StringBuilder();
        t.Append("| backend | sweep | map | N | D | runs | epoch s | distance s | sums s | smoothing s | other s | ns per N·M·D | distance floor / epoch | distance / epoch | smoothing / epoch | epoch CPU s | distance CPU s | sums CPU s | smoothing CPU s | distance / epoch, CPU | smoothing / epoch, CPU |\n");
        t.Append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in rows)
        {
            t.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Backend} | {r.Sweep} | {r.Map} | {r.Samples:N0} | {r.Features} | {r.Runs} | {r.Epoch:G4} | {r.Distance:G4} | {r.Accumulate:G3} | {r.Smoothing:G3} | {r.Other:G3} | {r.NanosecondsPerNmd:F4} | {Share(r.DistanceFloor, r.Epoch)} | {Share(r.Distance, r.Epoch)} | {Share(r.Smoothing, r.Epoch)} | {r.Cpu?.Epoch:G4} | {r.Cpu?.Distance:G4} | {r.Cpu?.Accumulate:G3} | {r.Cpu?.Smoothing:G3} | {Share(r.Cpu?.Distance ?? 0, r.Cpu?.Epoch ?? 0)} | {Share(r.Cpu?.Smoothing ?? 0, r.Cpu?.Epoch ?? 0)} |\n"));
        }
        return t.ToString();
    }

    /// <summary>The log-log charts of <paramref name="rows"/>; a curve with fewer than 2 points is left out.</summary>
    private static void Charts(IReadOnlyList<ScalingRow> rows, string folder, Action<string> line)
    {
        var cpu = rows.Where(r => r.Backend.StartsWith("cpu", StringComparison.Ordinal)).ToList();
        string load = $"load average {LoadAverage()} at the end";
        var dims = cpu.Select(r => r.Features).Distinct().OrderDescending().ToList();
        var samples = cpu.Where(r => r.Sweep == "samples").ToList();
        var n = new List<ChartSeries>();
        foreach (int d in dims)
        {
            var s = samples.Where(r => r.Features == d).ToList();
            n.Add(Series($"epoch, D = {d}", s, r => r.Samples, r => r.Cpu!.Epoch));
            n.Add(Series($"distance + BMU, D = {d}", s, r => r.Samples, r => r.Cpu!.Distance));
        }
        Chart(folder, "scaling-n.png", $"CPU batch epoch against N ({samples.FirstOrDefault()?.Map ?? "-"})",
            $"{cpu.FirstOrDefault()?.Backend}, process CPU seconds (all threads), min of runs; {load}", "N (samples)", "CPU seconds", n, line);

        var maps = cpu.Where(r => r.Sweep == "map").ToList();
        var m = new List<ChartSeries>();
        foreach (int d in dims)
        {
            var s = maps.Where(r => r.Features == d).ToList();
            m.Add(Series($"epoch, D = {d}", s, r => r.Units, r => r.Cpu!.Epoch));
            m.Add(Series($"distance + BMU, D = {d}", s, r => r.Units, r => r.Cpu!.Distance));
            if (d == dims[0])
            {
                m.Add(Series($"sums, D = {d}", s, r => r.Units, r => r.Cpu!.Accumulate));
                m.Add(Series($"smoothing, D = {d}", s, r => r.Units, r => r.Cpu!.Smoothing));
            }
        }
        Chart(folder, "scaling-map.png", $"CPU batch epoch against the map (N = {maps.FirstOrDefault()?.Samples ?? 0:N0}, rectangular Gaussian)",
            $"{cpu.FirstOrDefault()?.Backend}, process CPU seconds (all threads), min of runs, σ = side / 4; {load}", "M (units)", "CPU seconds", m, line);

        var perD = maps.GroupBy(r => r.Side).Select(g => Series($"{g.Key}x{g.Key}", [.. g.OrderBy(r => r.Features)], r => r.Features, r => r.Cpu!.Epoch)).ToList();
        Chart(folder, "scaling-d.png", "CPU batch epoch against D (14x14 = 196 and 28x28 = 784 pixels)",
            $"N = {maps.FirstOrDefault()?.Samples ?? 0:N0}, one curve per map, process CPU seconds of the epoch; {load}", "D (features)", "CPU seconds", perD, line);

        var gpu = rows.Where(r => r.Backend.StartsWith("gpu", StringComparison.Ordinal)).ToList();
        if (gpu.Count > 0)
        {
            List<ChartSeries> g =
            [
                Series("epoch", gpu, r => r.Units, r => r.Epoch),
                Series("distance + BMU (profiled)", gpu, r => r.Units, r => r.Distance),
                Series("sums (profiled)", gpu, r => r.Units, r => r.Accumulate),
                Series("smoothing + division (profiled)", gpu, r => r.Units, r => r.Smoothing),
            ];
            Chart(folder, "scaling-map-gpu.png", $"GPU batch epoch against the map ({gpu[0].Backend}, N = {gpu[0].Samples:N0}, D = {gpu[0].Features})",
                $"min of runs; stages from one profiled epoch; {load}", "M (units)", "seconds", g, line);
        }
    }

    private static ChartSeries Series(string name, IReadOnlyList<ScalingRow> rows, Func<ScalingRow, double> x, Func<ScalingRow, double> y) =>
        new(name, [.. rows.Select(x)], [.. rows.Select(y)]);

    private static void Chart(string folder, string file, string title, string subtitle, string xLabel, string yLabel,
        List<ChartSeries> series, Action<string> line)
    {
        var drawn = new List<ChartSeries>();
        foreach (var s in series)
        {
            if (s.X.Distinct().Count() >= 2 && s.Y.All(v => v > 0 && double.IsFinite(v))) drawn.Add(s);
            else if (s.X.Count > 0) line($"  {file}: curve '{s.Name}' left out ({s.X.Count} points, {s.X.Distinct().Count()} distinct x, values {string.Join(", ", s.Y.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))})");
        }
        if (drawn.Count == 0)
        {
            line($"  {file}: not drawn (no curve with 2 or more points)");
            return;
        }
        var fits = LogLogChart.Write(Path.Combine(folder, file), title, subtitle, xLabel, yLabel, drawn);
        for (int i = 0; i < drawn.Count; i++)
            line(string.Create(CultureInfo.InvariantCulture, $"  {file}: {drawn[i].Name}: exponent {fits[i].Exponent:F3} (R² {fits[i].RSquared:F4})"));
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static int Error(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}
