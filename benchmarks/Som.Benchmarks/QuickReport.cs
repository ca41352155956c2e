using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The quick modes: FMA peak, distance+BMU per instruction set, batch epoch on Fashion-MNIST, each as the median
/// of <see cref="TimedRuns"/> runs after a warm-up, printed as plain text.
/// </summary>
public static class QuickReport
{
    /// <summary>Least untimed runs before the timed ones (JIT to the final tier, caches, thread pool).</summary>
    public const int Warmups = 1;

    /// <summary>Least untimed time before the timed runs.</summary>
    public const double WarmupSeconds = 3;

    /// <summary>Timed runs per figure.</summary>
    public const int TimedRuns = 5;

    /// <summary>Peak runs per thread count; the best is the peak.</summary>
    public const int PeakRuns = 7;

    /// <summary>Samples the scalar kernel runs on (it is an order of magnitude slower than the vector ones).</summary>
    public const int ScalarSamples = 7_000;

    /// <summary>Target for one 32 × 32 batch epoch on all of Fashion-MNIST.</summary>
    public const double EpochTargetSeconds = 0.5;

    /// <summary>Somoclu's OpenMP build on the same job and machine, as given to us (not measured here).</summary>
    public const double SomocluGivenSeconds = 7.3;


    /// <summary>Machine, runtime and load.</summary>
    public static void Header()
    {
        Line($"cpu        {CpuModel()}, {Environment.ProcessorCount} logical processors");
        Line($"runtime    {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Line($"vectors    Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, Vector256 {(Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, Vector128 {(Vector128.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
        Line($"load avg   {LoadAverage()} (before)");
        Line("");
    }

    /// <summary>Load at the end, a hint of how much other work shared the cores.</summary>
    public static void Footer()
    {
        Line("");
        Line($"load avg   {LoadAverage()} (after)");
    }

    /// <summary>FMA peaks per vector width on one thread and on all threads, each the best of <see cref="PeakRuns"/>.</summary>
    /// <returns>GFLOP/s by (vector bits, threads).</returns>
    public static IReadOnlyDictionary<(int Bits, int Threads), double> Peak()
    {
        Line($"FMA peak: {FmaPeakBenchmark.Chains} independent FMA chains per thread, {FmaPeakBenchmark.Iterations:N0} trips, best of {PeakRuns}");
        var peaks = new Dictionary<(int, int), double>();
        int all = Environment.ProcessorCount;
        foreach (int bits in new[] { 512, 256, 128, 32 })
        {
            if (!Supported(IsaOf(bits))) continue;
            foreach (int threads in new[] { 1, all }.Distinct()) peaks[(bits, threads)] = PeakOn(bits, threads);
        }
        Line("");
        return peaks;
    }

    private static double PeakOn(int bits, int threads)
    {
        FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations / 10, bits);
        float checksum = 0;
        var rates = new List<double>();
        for (int r = 0; r < PeakRuns; r++)
        {
            var (seconds, sum) = FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations, bits);
            checksum += sum;
            rates.Add(FmaPeakBenchmark.Flops(threads, FmaPeakBenchmark.Iterations, bits) / seconds / 1e9);
        }
        string width = bits == 32 ? "scalar" : $"{bits}-bit";
        Line($"  {width,-7} {threads} thread{(threads == 1 ? " " : "s")}  best {rates.Max(),7:F1} GFLOP/s   median {Timing.Median(rates),7:F1}   worst {rates.Min(),7:F1}   (checksum {checksum:G6})");
        return rates.Max();
    }

    /// <summary>Distance + BMU per map size and instruction set, against the measured peaks.</summary>
    public static void Stage(IReadOnlyDictionary<(int Bits, int Threads), double> peaks)
    {
        int d = SyntheticData.Features;
        Line($"Distance+BMU (FindBmus, first BMU), seeded uniform data, D = {d}, median of {TimedRuns} after ≥ {Warmups} warm-up and ≥ {WarmupSeconds} s; FLOPs 2·N·M·D");
        Line($"  {"map",-7} {"kernel",-8} {"threads",7} {"N",7} {"median s",9} {"min s",8} {"GFLOP/s",8} {"of peak",8} {"of ISA peak",12}");
        var all = SyntheticData.Matrix(SyntheticData.Samples, d, seed: 1);
        var part = all.Take(ScalarSamples);
        foreach (int side in new[] { 32, 64 })
        {
            float[] weights = SyntheticData.Uniform(side * side, d, seed: 2);
            foreach (var isa in new[] { KernelIsa.Vector512, KernelIsa.Vector256, KernelIsa.Vector128, KernelIsa.Scalar })
            {
                if (!Supported(isa)) continue;
                StageRow(side, isa, 0, isa == KernelIsa.Scalar ? part : all, weights, peaks);
            }
            if (side == 32 && Supported(KernelIsa.Vector512) && Environment.ProcessorCount > 1)
                StageRow(side, KernelIsa.Vector512, 1, all, weights, peaks);
        }
        Line("  (of peak: against the 512-bit peak on as many threads; of ISA peak: against the peak of the kernel's own width)");
        Line("");
    }

    private static void StageRow(int side, KernelIsa isa, int threads, SampleMatrix data, float[] weights,
        IReadOnlyDictionary<(int Bits, int Threads), double> peaks)
    {
        using var engine = new CpuEngine(new SomOptions { Width = side, Height = side, Threads = threads }, data.Features, isa);
        engine.SetWeights(weights);
        var bmu = new int[data.Count];
        double[] runs = Timing.Runs(() => engine.FindBmus(data, bmu, default), Warmups, WarmupSeconds, TimedRuns);
        double median = Timing.Median(runs);
        double gflops = 2.0 * data.Count * side * side * data.Features / median / 1e9;
        int shown = threads > 0 ? threads : Environment.ProcessorCount;
        string machine = peaks.TryGetValue((512, shown), out double p512) ? (gflops / p512).ToString("P1") : "-";
        string own = peaks.TryGetValue((BitsOf(isa), shown), out double pOwn) ? (gflops / pOwn).ToString("P1") : "-";
        Line($"  {side + "x" + side,-7} {KernelIsaSupport.Describe(isa),-8} {shown,7} {data.Count,7} {median,9:F4} {runs.Min(),8:F4} {gflops,8:F1} {machine,8} {own,12}");
    }

    /// <summary>32 × 32 batch epochs on all of Fashion-MNIST, per vector instruction set, plus the distance stage alone.</summary>
    public static void Epoch()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Batch epoch", Line) is not { } set) return;
        var data = set.Samples;
        Line($"Batch epoch, {BatchEpochBenchmark.Side}x{BatchEpochBenchmark.Side} map, {set.Name}: {data.Count:N0} images, D = {data.Features}, pixels / 255, σ = {BatchEpochBenchmark.Sigma}");
        Line($"  loaded in {clock.Elapsed.TotalSeconds:F2} s; median of {TimedRuns} epochs after ≥ {Warmups} warm-up and ≥ {WarmupSeconds} s, PCA-initialised codebook");
        foreach (var isa in new[] { KernelIsa.Vector512, KernelIsa.Vector256, KernelIsa.Vector128 })
        {
            if (!Supported(isa)) continue;
            var options = new SomOptions { Width = BatchEpochBenchmark.Side, Height = BatchEpochBenchmark.Side };
            using var engine = new CpuEngine(options, data.Features, isa);
            clock.Restart();
            SomTrainer.Initialize(engine, data);
            double init = clock.Elapsed.TotalSeconds;
            var bmu = new int[data.Count];
            double[] stage = Timing.Runs(() => engine.FindBmus(data, bmu, default), Warmups, WarmupSeconds, TimedRuns);
            double[] epochs = Timing.Runs(() => engine.TrainBatchEpoch(data, BatchEpochBenchmark.Sigma), Warmups, WarmupSeconds, TimedRuns);
            double e = Timing.Median(epochs), s = Timing.Median(stage);
            string name = KernelIsaSupport.Describe(isa);
            Line($"  {name,-8} epoch median {e:F3} s (min {epochs.Min():F3}, max {epochs.Max():F3}); distance+BMU alone {s:F3} s = {BatchEpochBenchmark.DistanceFlops / s / 1e9:F1} GFLOP/s, {s / e:P0} of the epoch; PCA init {init:F2} s");
            Line($"  {"",-8} vs the {EpochTargetSeconds} s target: {(e <= EpochTargetSeconds ? "met" : "missed")} ({e / EpochTargetSeconds:P0} of it); Somoclu's {SomocluGivenSeconds} s (given, not measured here) / this = {SomocluGivenSeconds / e:F1}x");
        }
    }

    private static KernelIsa IsaOf(int bits) => bits switch
    {
        512 => KernelIsa.Vector512,
        256 => KernelIsa.Vector256,
        128 => KernelIsa.Vector128,
        _ => KernelIsa.Scalar,
    };

    private static int BitsOf(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => 512,
        KernelIsa.Vector256 => 256,
        KernelIsa.Vector128 => 128,
        _ => 32,
    };

    /// <summary>Whether the engine runs <paramref name="isa"/> here (its own rule: <see cref="KernelIsaSupport.Resolve"/>).</summary>
    public static bool Supported(KernelIsa isa)
    {
        try
        {
            return KernelIsaSupport.Resolve(isa) == isa;
        }
        catch (SomOptionException)
        {
            return false;
        }
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
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

    private static void Line(string text) => Console.WriteLine(text);
}
