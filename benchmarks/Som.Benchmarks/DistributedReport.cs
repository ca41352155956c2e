using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The `distributed` quick mode: what the exact sums of a distributed batch epoch (docs/contract.md §16) cost on the CPU
/// engine, a 32 × 32 map on Fashion-MNIST: today's per-unit sums in double against the fixed-point sums, and one whole
/// epoch of today against the distributed epoch on one rank and on two in-process ranks (each half the threads), with
/// the codebooks compared bit for bit.
/// </summary>
public static class DistributedReport
{
    /// <summary>Runs the report on the first <paramref name="samples"/> images of fashion-mnist:all (0 = all 70,000).</summary>
    public static void Run(int samples)
    {
        var clock = Stopwatch.StartNew();
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Distributed epoch") is not { } set) return;
        var data = samples > 0 && samples < set.Samples.Count ? set.Samples.Take(samples) : set.Samples;
        var options = new SomOptions { Width = 32, Height = 32, Init = InitMethod.Random };
        int threads = Environment.ProcessorCount, m = options.Units, d = data.Features;
        Console.WriteLine($"Exact sums of the distributed batch epoch, 32x32 map, {data.Count:N0} images of {set.Name}, D = {d}, {threads} threads; loaded in {clock.Elapsed.TotalSeconds:F1} s");
        var start = Initializer.Create(options, data);
        double sigma = options.ResolvedSigmaStart;

        using var engine = new CpuEngine(options, d);
        engine.SetWeights(start);
        var bmu = new int[data.Count];
        engine.FindBmus(data, bmu, default);
        var buffers = new BatchBuffers(m, d);
        double doubleSums = Best(() => BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, engine.Isa, threads), 3);
        var partial = new ShardSums(m, d, FixedPoint.ScaleFor(1, data.Count));
        double exactSums = Best(() =>
        {
            partial.Clear();
            partial.Add(data, bmu, threads);
        }, 3);
        bool sumsEqual = true;
        for (int i = 0; i < buffers.Sums.Length; i++) sumsEqual &= FixedPoint.FromFixed(partial.SumsBuffer[i], partial.Scale) == buffers.Sums[i];

        var today = new float[m * d];
        double epoch = Best(() =>
        {
            engine.SetWeights(start);
            engine.TrainBatchEpoch(data, sigma);
        }, 3);
        engine.GetWeights(today);
        var (one, oneWeights) = Distributed(options, data, start, sigma, 1, threads);
        var (two, twoWeights) = Distributed(options, data, start, sigma, 2, Math.Max(1, threads / 2));
        Console.WriteLine($"  {"what",-44} {"seconds",8} {"× today's epoch",16}");
        Console.WriteLine($"  {"today's epoch (TrainBatchEpoch)",-44} {epoch,8:F3} {1,15:F3}x");
        Console.WriteLine($"  {"  its per-unit sums in double",-44} {doubleSums,8:F3} {doubleSums / epoch,15:F3}x");
        Console.WriteLine($"  {"  the same sums in fixed point (exact)",-44} {exactSums,8:F3} {exactSums / epoch,15:F3}x   sums {(sumsEqual ? "equal" : "DIFFER")}");
        Console.WriteLine($"  {"distributed epoch, 1 rank",-44} {one,8:F3} {one / epoch,15:F3}x   codebook {Same(oneWeights, today)}");
        Console.WriteLine($"  {"distributed epoch, 2 in-process ranks",-44} {two,8:F3} {two / epoch,15:F3}x   codebook {Same(twoWeights, today)}");
        Console.WriteLine("  (each time the best of 3; the distributed epochs include the all-reduce of M·(D+1) + 1 integers)");
    }

    private static (double Seconds, float[] Weights) Distributed(SomOptions options, SampleMatrix data, float[] start, double sigma, int ranks, int threads)
    {
        var shards = new SampleMatrix[ranks];
        long[] offsets = new long[ranks];
        int d = data.Features, at = 0;
        for (int r = 0; r < ranks; r++)
        {
            int count = data.Count / ranks + (r < data.Count % ranks ? 1 : 0);
            shards[r] = data.Count == count ? data : new SampleMatrix(data.Values.Slice(at * d, count * d), count, d);
            offsets[r] = at;
            at += count;
        }
        var group = new LocalGroup(ranks);
        var results = group.Run(comm =>
        {
            using var engine = new CpuEngine(options with { Threads = threads }, d);
            var run = DistributedShard.Join(engine, shards[comm.Rank], comm, offsets[comm.Rank], data.Count);
            var epoch = new DistributedEpoch(run);
            double best = Best(() =>
            {
                engine.SetWeights(start);
                comm.Barrier();
                epoch.Run(sigma);
            }, 3);
            var w = new float[options.Units * d];
            engine.GetWeights(w);
            return (best, w);
        });
        return (results.Max(r => r.best), results[0].w);
    }

    private static string Same(float[] a, float[] b) => a.AsSpan().SequenceEqual(b) ? "same bits as today's" : "DIFFERS from today's";

    private static double Best(Action action, int runs)
    {
        double best = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
