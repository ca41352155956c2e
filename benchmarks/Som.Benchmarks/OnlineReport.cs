using System.Diagnostics;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The online-epoch quick mode: the floors of a 32 × 32 online epoch on the Fashion-MNIST training images (flops at
/// the measured FMA peak, bytes at the measured cache and memory bandwidth), then the epoch itself per instruction
/// set and thread count, each as the best and the median of a few runs (the machine may be shared).
/// </summary>
public static class OnlineReport
{
    /// <summary>Map side of the online figure.</summary>
    public const int Side = 32;

    /// <summary>The data set: the 60,000 training images.</summary>
    public const string Data = "fashion-mnist";

    /// <summary>Timed epochs per row.</summary>
    public const int Runs = 3;

    /// <summary>Runs of each bandwidth figure; the best is kept.</summary>
    public const int BandwidthRuns = 7;

    /// <summary>Runs the report; <paramref name="samples"/> limits the images (0: all of them).</summary>
    public static void Run(IReadOnlyDictionary<(int Bits, int Threads), double> peaks, int samples)
    {
        var cpuPeaks = CpuTimePeaks();
        if (BenchData.TrainOrSkip(Data, "Online epoch") is not { } set) return;
        var data = samples > 0 && samples < set.Samples.Count ? set.Samples.Take(samples) : set.Samples;
        int m = Side * Side, d = data.Features, n = data.Count;
        double codebookBytes = 4.0 * m * d;
        int all = Environment.ProcessorCount;

        Console.WriteLine($"Bandwidth: {BandwidthRuns} runs each, best; 256-bit loads (and stores), each thread on its own slice; bytes per CPU second of the slowest thread");
        var bandwidth = new Dictionary<(string What, int Threads), double>();
        foreach (int threads in new[] { 1, all }.Distinct())
        {
            foreach (var (what, bytes) in new[] { ("codebook", (long)codebookBytes), ("memory", 512L << 20) })
            {
                double read = Bandwidth(bytes, threads, write: false, cpuTime: true);
                double readWrite = Bandwidth(bytes, threads, write: true, cpuTime: true);
                bandwidth[(what + " read", threads)] = read;
                bandwidth[(what + " read+write", threads)] = readWrite;
                Console.WriteLine($"  {what,-9} {bytes / 1e6,7:F1} MB  {threads} thread{(threads == 1 ? " " : "s")}  read {read,6:F1} GB/s   read+write {readWrite,6:F1} GB/s (bytes read + bytes written)");
            }
        }
        Console.WriteLine("");

        double flops = 5.0 * m * d * n;
        Console.WriteLine($"Online epoch floors, {Side}x{Side} map, D = {d}, N = {n:N0}: {flops / 1e12:F3} TFLOP (2·M·D distance + 3·M·D update per sample),");
        Console.WriteLine($"  codebook {codebookBytes / 1e6:F2} MB; two passes stream {3 * codebookBytes * n / 1e9:F0} GB (read for the distances, read+write for the update), one fused pass {2 * codebookBytes * n / 1e9:F0} GB");
        foreach (int threads in new[] { 1, all }.Distinct())
        {
            string flopFloor = cpuPeaks.TryGetValue((512, threads), out double p) ? $"{flops / (p * 1e9):F2} s at the 512-bit CPU-time peak" : "-";
            double rw = bandwidth[("codebook read+write", threads)], r = bandwidth[("codebook read", threads)];
            Console.WriteLine($"  {threads} thread{(threads == 1 ? " " : "s")}: flops {flopFloor}; bytes of the fused pass {2 * codebookBytes * n / (rw * 1e9):F2} s (read+write), of two passes {(codebookBytes / r + 2 * codebookBytes / rw) * n / 1e9:F2} s (read, then read+write)");
        }
        Console.WriteLine($"  the coefficients c_j = (float)(α·h(δ, σ)) alone, {n:N0} × {m} (Gaussian, one thread, CPU seconds; split over the workers like the panels):");
        Console.WriteLine($"    h once per unit {Coefficients(n, memo: false):F3} s; h once per distinct δ (the updater) {Coefficients(n, memo: true):F3} s");
        Console.WriteLine("");

        Console.WriteLine($"Online epoch, {Side}x{Side}, {set.Name}: {n:N0} images, PCA-initialised, σ {new SomOptions { Width = Side, Height = Side }.ResolvedSigmaStart} → {SomOptions.Defaults.SigmaEnd}, best and median of {Runs} after one warm-up;");
        Console.WriteLine("  the CPU-time column: process CPU seconds / threads, FLOPs against the CPU-time peak of as many threads");
        var order = new int[n];
        new SomRandom(1).Permutation(order);
        float[]? start = null;
        foreach (var isa in new[] { KernelIsa.Vector512, KernelIsa.Vector256, KernelIsa.Vector128 })
        {
            if (!QuickReport.Supported(isa)) continue;
            foreach (int threads in new[] { 1, all }.Distinct())
            {
                var options = new SomOptions { Width = Side, Height = Side, Mode = TrainingMode.Online, Epochs = 1, Threads = threads };
                using var engine = new CpuEngine(options, d, isa);
                if (start is null)
                {
                    SomTrainer.Initialize(engine, data);
                    start = new float[m * d];
                    engine.GetWeights(start);
                }
                var (wall, cpu) = Timed(() =>
                {
                    engine.SetWeights(start);
                    engine.TrainOnlineEpoch(data, order, 0, n);
                });
                double best = wall.Min(), bestCpu = cpu.Min() / threads;
                string ofPeak = peaks.TryGetValue((512, threads), out double p) ? (flops / best / 1e9 / p).ToString("P0") : "-";
                string ofCpuPeak = cpuPeaks.TryGetValue((512, threads), out double q) ? (flops / bestCpu / 1e9 / q).ToString("P0") : "-";
                Console.WriteLine($"  {KernelIsaSupport.Describe(isa),-8} {threads} thread{(threads == 1 ? " " : "s")}  wall best {best,6:F3} s  median {Timing.Median(wall),6:F3} s = {ofPeak,4} of the 512-bit peak;  CPU s / thread best {bestCpu,6:F3} = {ofCpuPeak,4} of the CPU-time peak");
            }
        }
    }

    /// <summary>
    /// Wall seconds and process CPU seconds (user + system, all threads) of each of <see cref="Runs"/> runs after one
    /// warm-up. On a shared machine the CPU time is the steadier figure: it leaves out the time the run's threads
    /// waited for a core.
    /// </summary>
    private static (double[] Wall, double[] Cpu) Timed(Action action)
    {
        action();
        var wall = new double[Runs];
        var cpu = new double[Runs];
        for (int r = 0; r < Runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double cpu0 = CpuClock.Process();
            long start = Stopwatch.GetTimestamp();
            action();
            wall[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[r] = CpuClock.Process() - cpu0;
        }
        return (wall, cpu);
    }

    /// <summary>
    /// The FMA peak per thread from CPU time rather than wall time (best of <see cref="QuickReport.PeakRuns"/>):
    /// FLOPs / (CPU seconds / threads), what the threads reach while they hold a core.
    /// </summary>
    public static Dictionary<(int Bits, int Threads), double> CpuTimePeaks()
    {
        var peaks = new Dictionary<(int, int), double>();
        Console.WriteLine($"FMA peak from CPU time (FLOPs / (process CPU seconds / threads)), best of {QuickReport.PeakRuns}:");
        foreach (int bits in new[] { 512, 256 })
        {
            if (bits == 512 ? !Vector512.IsHardwareAccelerated : !Vector256.IsHardwareAccelerated) continue;
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations / 10, bits);
                double best = 0;
                for (int r = 0; r < QuickReport.PeakRuns; r++)
                {
                    double cpu0 = CpuClock.Process();
                    FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations, bits);
                    double cpu = (CpuClock.Process() - cpu0) / threads;
                    best = Math.Max(best, FmaPeakBenchmark.Flops(threads, FmaPeakBenchmark.Iterations, bits) / cpu / 1e9);
                }
                peaks[(bits, threads)] = best;
                Console.WriteLine($"  {bits}-bit {threads} thread{(threads == 1 ? " " : "s")}  {best,7:F1} GFLOP/s");
            }
        }
        Console.WriteLine("");
        return peaks;
    }

    /// <summary>Seconds of the epoch's neighbourhood coefficients alone (the loop of the online update, BMUs drawn at random).</summary>
    private static unsafe double Coefficients(int n, bool memo)
    {
        var options = new SomOptions { Width = Side, Height = Side };
        var offsets = new OffsetTable(new MapGrid(options));
        var coef = new float[Side * Side];
        var table = new OnlineCoefficients(options, offsets);
        var rng = new SomRandom(3);
        double s0 = options.ResolvedSigmaStart;
        float sink = 0;
        double start = CpuClock.Thread();
        for (int t = 0; t < n; t++)
        {
            int b = rng.NextInt(coef.Length), xb = b % Side, yb = b / Side;
            double sigma = Schedule.Value(options.SigmaSchedule, s0, options.SigmaEnd, t, n);
            double alpha = Schedule.Value(options.RateSchedule, options.ResolvedRateStart, options.ResolvedRateEnd, t, n);
            if (memo)
            {
                fixed (float* c = coef) table.Fill(b, sigma, alpha, 0, coef.Length, c);
            }
            else
            {
                for (int j = 0; j < coef.Length; j++)
                {
                    double delta = offsets.Deltas[offsets.Index(j % Side - xb, j / Side - yb, yb & 1)];
                    coef[j] = (float)(alpha * Neighborhood.Evaluate(options.Neighborhood, delta, sigma, options.CompactSupport));
                }
            }
            sink += coef[t % coef.Length];
        }
        double seconds = CpuClock.Thread() - start;
        return sink < 0 ? -seconds : seconds;
    }

    /// <summary>GB/s of streaming <paramref name="bytes"/> split over <paramref name="threads"/> threads, best of <see cref="BandwidthRuns"/>.</summary>
    private static unsafe double Bandwidth(long bytes, int threads, bool write, bool cpuTime)
    {
        long floats = bytes / 4 / threads / 32 * 32;
        var buffers = new AlignedBuffer[threads];
        for (int t = 0; t < threads; t++)
        {
            buffers[t] = new AlignedBuffer(floats);
            new Span<float>(buffers[t].Pointer, (int)floats).Fill(1f);
        }
        // Enough sweeps for ≈ 1 GB per run.
        int sweeps = (int)Math.Max(1, (1L << 30) / (floats * 4 * threads));
        double best = 0;
        float sink = 0;
        try
        {
            for (int r = 0; r < BandwidthRuns + 1; r++)
            {
                var sums = new float[threads];
                using var barrier = new Barrier(threads);
                var workers = new Thread[threads];
                var stops = new long[threads];
                var cpuSeconds = new double[threads];
                long begin = 0;
                for (int t = 0; t < threads; t++)
                {
                    int k = t;
                    workers[t] = new Thread(() =>
                    {
                        barrier.SignalAndWait();
                        if (k == 0) Interlocked.Exchange(ref begin, Stopwatch.GetTimestamp());
                        double own = CpuClock.Thread();
                        sums[k] = Sweep(buffers[k].Pointer, floats, sweeps, write);
                        stops[k] = Stopwatch.GetTimestamp();
                        cpuSeconds[k] = CpuClock.Thread() - own;
                    });
                    workers[t].Start();
                }
                foreach (var w in workers) w.Join();
                double seconds = Stopwatch.GetElapsedTime(begin, stops.Max()).TotalSeconds;
                if (cpuTime) seconds = cpuSeconds.Max();
                double moved = (write ? 2.0 : 1.0) * floats * 4 * threads * sweeps;
                if (r > 0) best = Math.Max(best, moved / seconds / 1e9);
                sink += sums.Sum();
            }
        }
        finally
        {
            foreach (var b in buffers) b.Dispose();
        }
        return sink == float.NegativeInfinity ? 0 : best;
    }

    private static unsafe float Sweep(float* p, long floats, int sweeps, bool write)
    {
        // 256-bit: as many bytes per cycle as 512-bit loads on the cores this runs on, and accelerated without AVX-512.
        Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
        var step = Vector256.Create(1e-7f);
        for (int s = 0; s < sweeps; s++)
        {
            if (write)
            {
                for (long i = 0; i < floats; i += 32)
                {
                    (Vector256.Load(p + i) + step).Store(p + i);
                    (Vector256.Load(p + i + 8) + step).Store(p + i + 8);
                    (Vector256.Load(p + i + 16) + step).Store(p + i + 16);
                    (Vector256.Load(p + i + 24) + step).Store(p + i + 24);
                }
            }
            else
            {
                for (long i = 0; i < floats; i += 32)
                {
                    a0 += Vector256.Load(p + i);
                    a1 += Vector256.Load(p + i + 8);
                    a2 += Vector256.Load(p + i + 16);
                    a3 += Vector256.Load(p + i + 24);
                }
            }
        }
        return Vector256.Sum(a0 + a1 + a2 + a3) + p[0];
    }
}
