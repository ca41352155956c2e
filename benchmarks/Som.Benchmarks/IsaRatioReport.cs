using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The distance stage of each vector kernel as a share of the FMA peak of its own width, measured in interleaved
/// pairs on one thread in CPU time: peak, stage, peak, stage, … so that both halves of a pair see the same machine,
/// and a thread that waits for a core does not count the wait. For a loaded, shared machine, where wall-clock peaks
/// measured minutes apart cannot be compared.
/// </summary>
public static class IsaRatioReport
{
    private const int Pairs = 5;
    private const int Samples = 6_000;
    private const long PeakIterations = FmaPeakBenchmark.Iterations / 5;

    /// <summary>
    /// Prints, per kernel and map side, the pairs' ratios (median and range) and the median CPU-time GFLOP/s of each
    /// half. The median is the figure; a single pair can be off either way when the load changes between its halves.
    /// </summary>
    /// <param name="sides">Map sides to measure (the map is side × side).</param>
    public static void Run(IReadOnlyList<int> sides)
    {
        int d = SyntheticData.Features;
        var data = SyntheticData.Matrix(Samples, d, seed: 1);
        _ = data.SquaredNorms;
        Console.WriteLine($"Distance+BMU against the FMA peak of its width, {Pairs} interleaved pairs, 1 thread, CPU time of the process");
        Console.WriteLine($"  (peak: {FmaPeakBenchmark.Chains} chains × {PeakIterations:N0} trips; stage: FindBmus on {Samples:N0} seeded uniform samples, D = {d}, FLOPs 2·N·M·D)");
        Console.WriteLine($"  {"map",-7} {"kernel",-8} {"peak GFLOP/s",13} {"stage GFLOP/s",14} {"ratio median",13} {"ratio range",16}");
        foreach (int side in sides)
        {
            float[] weights = SyntheticData.Uniform(side * side, d, seed: 2);
            foreach (var (isa, bits) in new[] { (KernelIsa.Vector512, 512), (KernelIsa.Vector256, 256), (KernelIsa.Vector128, 128) })
            {
                if (!QuickReport.Supported(isa)) continue;
                using var engine = new CpuEngine(new SomOptions { Width = side, Height = side, Threads = 1 }, d, isa);
                engine.SetWeights(weights);
                var bmu = new int[Samples];
                engine.FindBmus(data, bmu, default);
                FmaPeakBenchmark.Measure(1, PeakIterations / 10, bits);
                var peaks = new double[Pairs];
                var stages = new double[Pairs];
                var ratios = new double[Pairs];
                for (int p = 0; p < Pairs; p++)
                {
                    double c0 = CpuClock.Process();
                    FmaPeakBenchmark.Measure(1, PeakIterations, bits);
                    double c1 = CpuClock.Process();
                    engine.FindBmus(data, bmu, default);
                    double c2 = CpuClock.Process();
                    peaks[p] = FmaPeakBenchmark.Flops(1, PeakIterations, bits) / (c1 - c0) / 1e9;
                    stages[p] = 2.0 * Samples * side * side * d / (c2 - c1) / 1e9;
                    ratios[p] = stages[p] / peaks[p];
                }
                Console.WriteLine($"  {side + "x" + side,-7} {KernelIsaSupport.Describe(isa),-8} {Timing.Median(peaks),13:F1} {Timing.Median(stages),14:F1} {Timing.Median(ratios),13:P1} {$"{ratios.Min():P0} … {ratios.Max():P0}",16}");
            }
        }
        Console.WriteLine();
    }
}
