using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The `smooth` quick mode: batch epochs of 100 × 100 maps whose neighbourhood is not separable (a rectangular bubble,
/// a hexagonal Gaussian) on Fashion-MNIST, split into the distance + BMU stage, the per-unit sums and the smoothing, the
/// smoothing timed both as the M × M scan and as the stencil of the offsets where h ≠ 0 (checked to give the same bits);
/// then, for the Gaussian and the mexican hat, how many unit pairs have |h| below 2⁻²⁴ of the centre weight.
/// </summary>
public static class SmoothReport
{
    private const int Side = 100;

    /// <summary>Runs the report on the first <paramref name="samples"/> images of fashion-mnist:all (0 = all 70,000).</summary>
    public static void Run(int samples)
    {
        var clock = Stopwatch.StartNew();
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Smoothing") is not { } set) return;
        var data = samples > 0 && samples < set.Samples.Count ? set.Samples.Take(samples) : set.Samples;
        Console.WriteLine($"Smoothing of non-separable neighbourhoods, {Side}x{Side} maps, {data.Count:N0} images of {set.Name}, D = {data.Features}; loaded in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  {"map",-26} {"σ",5} {"BMU s",7} {"sums s",7} {"dense s",8} {"stencil s",10} {"dense/stencil",14} {"epoch s",8} {"smoothing share",16} {"support",8} bits");
        foreach (var options in new[]
        {
            new SomOptions { Width = Side, Height = Side, Neighborhood = NeighborhoodKind.Bubble },
            new SomOptions { Width = Side, Height = Side, Topology = Topology.Hexagonal },
        })
        {
            Map(options, data);
        }
        Console.WriteLine("  (epoch s = BMU + sums + stencil; each time the best of 3, a dense time over 5 s is one run)");
        Console.WriteLine("");
        BelowResolution();
    }

    private static void Map(SomOptions options, SampleMatrix data)
    {
        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        var grid = new MapGrid(options);
        var offsets = new OffsetTable(grid);
        int m = grid.Units, d = data.Features;
        var bmu = new int[data.Count];
        double bmuSeconds = Best(() => engine.FindBmus(data, bmu, default), 1);
        var buffers = new BatchBuffers(m, d);
        double sumSeconds = Best(() => BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, engine.Isa, 0), 3);
        var weights = new float[m * d];
        string name = $"{options.Topology} {options.Neighborhood}".ToLowerInvariant();
        foreach (double sigma in new[] { Side / 4.0, 5, 0.5 })
        {
            var stencil = new float[m * d];
            var dense = new float[m * d];
            double stencilSeconds = Best(() => Smoother.Apply(options, grid, offsets, sigma, buffers, stencil, engine.Isa, 0), 3);
            double first = Time(() => Smoother.Apply(options, grid, offsets, sigma, buffers, dense, engine.Isa, 0, dense: true));
            double denseSeconds = first > 5 ? first : Math.Min(first, Best(() => Smoother.Apply(options, grid, offsets, sigma, buffers, dense, engine.Isa, 0, dense: true), 2));
            bool same = stencil.AsSpan().SequenceEqual(dense);
            double epoch = bmuSeconds + sumSeconds + stencilSeconds;
            double[] table = offsets.Weights(options.Neighborhood, sigma, options.CompactSupport);
            double support = (double)Pairs(grid, offsets, table, h => h != 0) / ((double)m * m);
            Console.WriteLine($"  {name,-26} {sigma,5:G3} {bmuSeconds,7:F2} {sumSeconds,7:F3} {denseSeconds,8:F3} {stencilSeconds,10:F3} {denseSeconds / stencilSeconds,13:F1}x {epoch,8:F2} {stencilSeconds / epoch,16:P1} {support,8:P1} {(same ? "same" : "DIFFER")}");
        }
    }

    /// <summary>Pairs (j, k) whose |h| is below 2⁻²⁴ of the centre weight h(0) = 1, for the kinds that are never exactly 0.</summary>
    private static void BelowResolution()
    {
        double limit = Math.ScaleB(1.0, -24);
        Console.WriteLine("Unit pairs with |h| < 2^-24 (of h(0) = 1), the Gaussian and the mexican hat, σ over a 10-epoch exponential schedule from side/4 to 0.5");
        foreach (int side in new[] { 100, 128 })
        {
            foreach (var topology in new[] { Topology.Rectangular, Topology.Hexagonal })
            {
                var grid = new MapGrid(side, side, topology, toroidal: false);
                var offsets = new OffsetTable(grid);
                foreach (var kind in new[] { NeighborhoodKind.Gaussian, NeighborhoodKind.MexicanHat })
                {
                    var parts = new List<string>();
                    double total = 0;
                    for (int e = 0; e < 10; e++)
                    {
                        double sigma = Schedule.Value(ScheduleKind.Exponential, side / 4.0, 0.5, e, 10);
                        double[] table = offsets.Weights(kind, sigma, 0);
                        double below = (double)Pairs(grid, offsets, table, h => Math.Abs(h) < limit) / ((double)grid.Units * grid.Units);
                        total += below;
                        parts.Add($"{sigma:G3}:{below:P0}");
                    }
                    Console.WriteLine($"  {side}x{side} {topology.ToString().ToLowerInvariant(),-11} {kind.ToString().ToLowerInvariant(),-10} mean {total / 10,5:P1} of the pairs   (σ:share {string.Join(' ', parts)})");
                }
            }
        }
    }

    /// <summary>
    /// Pairs (j, k) of a planar map whose table entry passes <paramref name="test"/>, counted per offset: offset (dx, dy)
    /// from a row of parity p occurs (W − |dx|) times in each row y of parity p with 0 ≤ y + dy &lt; H.
    /// </summary>
    private static long Pairs(MapGrid grid, OffsetTable offsets, double[] table, Func<double, bool> test)
    {
        _ = offsets;
        int w = grid.Width, h = grid.Height;
        long n = 0;
        for (int p = 0; p < 2; p++)
        {
            for (int dy = -(h - 1); dy < h; dy++)
            {
                long rows = 0;
                for (int y = p; y < h; y += 2) if (y + dy >= 0 && y + dy < h) rows++;
                if (rows == 0) continue;
                for (int dx = -(w - 1); dx < w; dx++)
                {
                    if (test(table[OffsetTable.Index(dx, dy, p, w, h)])) n += rows * (w - Math.Abs(dx));
                }
            }
        }
        return n;
    }

    private static double Best(Action action, int runs)
    {
        double best = double.MaxValue;
        for (int r = 0; r < runs; r++) best = Math.Min(best, Time(action));
        return best;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
