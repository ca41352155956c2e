using Som.Gpu;

namespace Som.Benchmarks;

/// <summary>
/// The quick per-stage run (<c>-- stages</c>): every case of <see cref="StageCatalog.Quick"/>, timed as the median of
/// <see cref="TimedRuns"/> after a warm-up, with achieved GFLOP/s and GB/s from <see cref="StageCostModel"/> and the
/// ratio to the FMA peak measured in the same run (of the kernel's vector width, on as many threads; half of it for
/// the stages that compute in double). Cases the machine cannot run are listed as skipped with the reason.
/// </summary>
public static class StageReport
{
    /// <summary>Timed runs per case.</summary>
    public const int TimedRuns = 5;

    /// <summary>
    /// Least untimed runs per case: the tiered JIT promotes a method after 30 calls, in the background; with fewer
    /// the first instruction set of a loaded run timed its smoothing in an early tier (9–38× slower than the next).
    /// </summary>
    public const int Warmups = 30;

    /// <summary>Least untimed seconds per case (the tiered JIT promotes in the background).</summary>
    public const double WarmupSeconds = 2;

    /// <summary>Prints the table of the quick cases, only those of <paramref name="backends"/> (in that order) when any are given.</summary>
    public static void Run(IReadOnlyDictionary<(int Bits, int Threads), double> peaks, IReadOnlyList<StageBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentNullException.ThrowIfNull(backends);
        var cases = backends.Count == 0 ? StageCatalog.Quick : [.. backends.SelectMany(b => StageCatalog.Quick.Where(c => c.Backend == b))];
        Console.WriteLine($"Per-stage benchmarks, seeded uniform data in [0, 1), median of {TimedRuns} after ≥ {Warmups} warm-ups and ≥ {WarmupSeconds} s");
        Console.WriteLine($"  GPU devices ILGPU finds here: {string.Join("; ", Devices())}");
        Console.WriteLine($"  {"stage",-16} {"backend",-13} {"shape",-32} {"thr",3} {"median s",10} {"min s",10} {"GFLOP/s",8} {"GB/s",7} {"of peak",8}");
        foreach (var c in cases)
        {
            using var runner = StageRunner.Prepare(c);
            if (runner.Run is null)
            {
                Console.WriteLine($"  {c.Stage,-16} {c.Backend,-13} skipped: {runner.Skipped}");
                continue;
            }
            double[] runs = Timing.Runs(runner.Run, Warmups, WarmupSeconds, TimedRuns);
            double median = Timing.Median(runs);
            var cost = c.Cost;
            double gflops = cost.Flops / median / 1e9, gbs = cost.Bytes / median / 1e9;
            string ratio = "-";
            if (!StageRunner.IsGpu(c.Backend) && peaks.TryGetValue((BitsOf(c.Backend), runner.Threads), out double peak))
                ratio = (gflops / StageCostModel.Peak(c.Stage, peak, BitsOf(c.Backend))).ToString("P1");
            Console.WriteLine($"  {c.Stage,-16} {c.Backend,-13} {c.Shape,-32} {runner.Threads,3} {median,10:F5} {runs.Min(),10:F5} {gflops,8:F3} {gbs,7:F3} {ratio,8}");
        }
        Console.WriteLine("  (of peak: against the FMA peak of the kernel's vector width on as many threads, measured above; halved for the double-precision stages on vector kernels)");
    }

    private static IEnumerable<string> Devices()
    {
        try
        {
            return GpuAccelerators.Describe();
        }
        catch (InvalidOperationException e)
        {
            return [$"none ({e.Message})"];
        }
    }

    private static int BitsOf(StageBackend backend) => backend switch
    {
        StageBackend.CpuVector512 => 512,
        StageBackend.CpuVector256 => 256,
        _ => 32,
    };
}
