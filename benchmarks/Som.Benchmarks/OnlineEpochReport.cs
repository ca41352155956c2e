using System.Globalization;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The online epoch alone (no peaks, no bandwidth): the 32 × 32 epoch of <see cref="OnlineReport"/> per instruction
/// set and thread count, CPU seconds per thread (best of a few runs) and an FNV-1a hash of the trained codebook's
/// bits, so two builds can be compared for speed and for identical results in a minute.
/// </summary>
public static class OnlineEpochReport
{
    /// <summary>
    /// Runs it on the first <paramref name="samples"/> training images (0: all), <paramref name="runs"/> timed epochs
    /// each, on the instruction sets <paramref name="isas"/> (empty: every one this machine runs).
    /// </summary>
    public static void Run(int samples, int runs, IReadOnlyCollection<KernelIsa> isas)
    {
        if (BenchData.TrainOrSkip(OnlineReport.Data, "Online epoch") is not { } set) return;
        var data = samples > 0 && samples < set.Samples.Count ? set.Samples.Take(samples) : set.Samples;
        int side = OnlineReport.Side, m = side * side, d = data.Features, n = data.Count;
        var order = new int[n];
        new SomRandom(1).Permutation(order);
        float[]? start = null;
        Console.WriteLine($"Online epoch, {side}x{side}, {n:N0} images, PCA-initialised, best of {runs} after one warm-up (CPU seconds / thread; hash of the trained codebook)");
        foreach (var isa in new[] { KernelIsa.Vector512, KernelIsa.Vector256, KernelIsa.Vector128 })
        {
            if (!QuickReport.Supported(isa)) continue;
            if (isas.Count > 0 && !isas.Contains(isa)) continue;
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                var options = new SomOptions { Width = side, Height = side, Mode = TrainingMode.Online, Epochs = 1, Threads = threads };
                using var engine = new CpuEngine(options, d, isa);
                if (start is null)
                {
                    SomTrainer.Initialize(engine, data);
                    start = new float[m * d];
                    engine.GetWeights(start);
                }
                var weights = new float[m * d];
                double best = double.PositiveInfinity, bestWall = double.PositiveInfinity;
                for (int r = 0; r <= runs; r++)
                {
                    engine.SetWeights(start);
                    GC.Collect();
                    double cpu0 = CpuClock.Process();
                    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    engine.TrainOnlineEpoch(data, order, 0, n);
                    double wall = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    double cpu = (CpuClock.Process() - cpu0) / threads;
                    if (r == 0) continue;
                    best = Math.Min(best, cpu);
                    bestWall = Math.Min(bestWall, wall);
                }
                engine.GetWeights(weights);
                // Where the time goes along the epoch: fifths of the steps, CPU seconds each (σ falls, fewer panels updated).
                engine.SetWeights(start);
                var fifths = new double[5];
                for (int f = 0; f < 5; f++)
                {
                    int a = n * f / 5, z = n * (f + 1) / 5;
                    double cpu0 = CpuClock.Process();
                    engine.TrainOnlineEpoch(data, order.AsSpan(a, z - a), a, n);
                    fifths[f] = (CpuClock.Process() - cpu0) / threads;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {KernelIsaSupport.Describe(isa),-8} {threads} thread{(threads == 1 ? " " : "s")}  CPU s / thread best {best,6:F3}  wall best {bestWall,6:F3}  hash {Hash(weights):x16}  fifths {string.Join(" ", fifths.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}"));
            }
        }
    }

    private static ulong Hash(float[] weights)
    {
        ulong h = 14695981039346656037UL;
        foreach (float w in weights)
        {
            h ^= BitConverter.SingleToUInt32Bits(w);
            h *= 1099511628211UL;
        }
        return h;
    }
}
