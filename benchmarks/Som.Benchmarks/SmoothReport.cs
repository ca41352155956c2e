using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The `smooth` quick mode: batch epochs on Fashion-MNIST of the maps whose smoothing is not a plain rectangular
/// Gaussian — a 100 × 100 bubble, a 100 × 100 hexagonal Gaussian, a 128 × 128 rectangular mexican hat and a 128 × 128
/// hexagonal Gaussian — split into the distance + BMU stage, the per-unit sums and the smoothing at three σ of the
/// default schedule (side/4, 5, 0.5). The smoothing is timed as the sum over unit pairs (the stencil of the offsets
/// with h ≠ 0, the cut of docs/contract.md §3 applied; for the bubble also the M × M scan, checked to give the same
/// bits) and as what the engine runs (the 1-D passes for the Gaussian and the mexican hat, whose weights are compared
/// with the pair sum's); then, for the Gaussian and the mexican hat, how many unit pairs the cut removes.
/// </summary>
public static class SmoothReport
{
    /// <summary>Runs the report on the first <paramref name="samples"/> images of fashion-mnist:all (0 = all 70,000); the
    /// sum over pairs is timed only where it takes at most <paramref name="pairBillions"/>·10⁹ multiply-adds (pairs
    /// kept × D), for a loaded machine.</summary>
    public static void Run(int samples, double pairBillions = double.PositiveInfinity)
    {
        var clock = Stopwatch.StartNew();
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Smoothing") is not { } set) return;
        var data = samples > 0 && samples < set.Samples.Count ? set.Samples.Take(samples) : set.Samples;
        Console.WriteLine($"Smoothing of neighbourhoods other than the rectangular Gaussian, {data.Count:N0} images of {set.Name}, D = {data.Features}; loaded in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  {"map",-30} {"σ",5} {"BMU s",7} {"sums s",7} {"pairs s",9} {"engine s",9} {"pairs/engine",13} {"epoch s",8} {"smoothing share",16} {"pairs kept",10} check");
        foreach (var options in new[]
        {
            new SomOptions { Width = 100, Height = 100, Neighborhood = NeighborhoodKind.Bubble },
            new SomOptions { Width = 100, Height = 100, Topology = Topology.Hexagonal },
            new SomOptions { Width = 128, Height = 128, Neighborhood = NeighborhoodKind.MexicanHat },
            new SomOptions { Width = 128, Height = 128, Topology = Topology.Hexagonal },
        })
        {
            Map(options, data, pairBillions);
        }
        Console.WriteLine("  (pairs s = the stencil sum over unit pairs with the cut; engine s = what CpuEngine runs: the 1-D passes where");
        Console.WriteLine("   separable, else the stencil; epoch s = BMU + sums + engine s; best of 3, a time over 5 s is one run; a pair sum");
        Console.WriteLine("   over the multiply-add limit shows its count (pairs kept x D) instead;");
        Console.WriteLine("   check: bubble, stencil = M x M scan in bits; separable, the largest |w_passes - w_pairs| / (1 + |w|))");
        Console.WriteLine("");
        BelowResolution();
    }

    private static void Map(SomOptions options, SampleMatrix data, double pairBillions)
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
        bool separable = Neighborhood.IsSeparable(options);
        string name = $"{options.Width}x{options.Height} {options.Topology} {options.Neighborhood}".ToLowerInvariant();
        foreach (double sigma in new[] { options.Width / 4.0, 5, 0.5 })
        {
            var after = new float[m * d];
            var pairs = new float[m * d];
            double[] table = offsets.Weights(options.Neighborhood, sigma, options.CompactSupport);
            double support = (double)Pairs(grid, offsets, table, h => h != 0) / ((double)m * m);
            double pairMacs = support * m * m * d;
            double first = Time(() => Smoother.Apply(options, grid, offsets, sigma, buffers, after, engine.Isa, 0));
            double engineSeconds = first > 5 ? first : Math.Min(first, Best(() => Smoother.Apply(options, grid, offsets, sigma, buffers, after, engine.Isa, 0), 2));
            double epoch = bmuSeconds + sumSeconds + engineSeconds;
            if (pairMacs > pairBillions * 1e9)
            {
                Console.WriteLine($"  {name,-30} {sigma,5:G3} {bmuSeconds,7:F2} {sumSeconds,7:F3} {"(" + (pairMacs / 1e9).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + "e9)",9} {engineSeconds,9:F3} {"",13} {epoch,8:F2} {engineSeconds / epoch,16:P1} {support,10:P1} pair sum not timed");
                continue;
            }
            first = Time(() => Smoother.Apply(options, grid, offsets, sigma, buffers, pairs, engine.Isa, 0, direct: true));
            double pairSeconds = first > 5 ? first : Math.Min(first, Best(() => Smoother.Apply(options, grid, offsets, sigma, buffers, pairs, engine.Isa, 0, direct: true), 2));
            string check;
            if (separable)
            {
                double worst = 0;
                for (int i = 0; i < after.Length; i++) worst = Math.Max(worst, Math.Abs(after[i] - pairs[i]) / (1 + Math.Abs(pairs[i])));
                check = $"{worst:E1}";
            }
            else
            {
                var dense = new float[m * d];
                Smoother.Apply(options, grid, offsets, sigma, buffers, dense, engine.Isa, 0, dense: true);
                check = after.AsSpan().SequenceEqual(dense) ? "same bits" : "DIFFER";
            }
            Console.WriteLine($"  {name,-30} {sigma,5:G3} {bmuSeconds,7:F2} {sumSeconds,7:F3} {pairSeconds,9:F3} {engineSeconds,9:F3} {pairSeconds / engineSeconds,12:F1}x {epoch,8:F2} {engineSeconds / epoch,16:P1} {support,10:P1} {check}");
        }
    }

    /// <summary>Pairs (j, k) whose |h| is below 2⁻²⁴ of the centre weight h(0) = 1 (now exactly 0 by the cut), for the
    /// Gaussian and the mexican hat.</summary>
    private static void BelowResolution()
    {
        double limit = Math.ScaleB(1.0, -24);
        Console.WriteLine("Unit pairs with |h| < 2^-24 of h(0) = 1 (cut to 0), the Gaussian and the mexican hat, σ over a 10-epoch exponential schedule from side/4 to 0.5");
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
