using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>
/// The batch smoothing of a non-separable neighbourhood visits only the offsets where h ≠ 0 (docs/contract.md §3: h is
/// exactly 0 beyond its support radius, and engines skip only terms whose h is exactly 0). It must give the same bits as the M × M scan it replaces
/// and as a naive sum over every unit k in increasing order that skips nothing (so the ±0 terms of h = 0 or C_k = 0,
/// including the −0 of a negative mexican hat times S_k = +0, are checked to change no bit), on every instruction set,
/// for every non-separable case (the Gaussian and the mexican hat with compact support or another grid distance), rectangular and hexagonal, planar and toroidal, on odd map sizes, with σ small
/// (most of the map cut off) and large (nothing cut off).
/// </summary>
public class StencilSmoothingTests
{
    private const int Features = 19; // a Vector512 block of 8, a Vector256 block of 4 and a tail of 3

    public static TheoryData<NeighborhoodKind, Topology, GridMetric, double, bool, int, int> Cases()
    {
        var cases = new TheoryData<NeighborhoodKind, Topology, GridMetric, double, bool, int, int>();
        var kinds = new (NeighborhoodKind Kind, Topology Topology, GridMetric Metric, double Compact)[]
        {
            (NeighborhoodKind.Bubble, Topology.Rectangular, GridMetric.Euclidean, 0),
            (NeighborhoodKind.Bubble, Topology.Hexagonal, GridMetric.Euclidean, 0),
            (NeighborhoodKind.Triangle, Topology.Rectangular, GridMetric.Euclidean, 0),
            (NeighborhoodKind.Triangle, Topology.Hexagonal, GridMetric.Euclidean, 0),
            (NeighborhoodKind.MexicanHat, Topology.Rectangular, GridMetric.Manhattan, 0),
            (NeighborhoodKind.MexicanHat, Topology.Hexagonal, GridMetric.Euclidean, 1.5),
            (NeighborhoodKind.Gaussian, Topology.Hexagonal, GridMetric.Euclidean, 2.5),
            (NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Euclidean, 2),
            (NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Manhattan, 0),
            (NeighborhoodKind.Bubble, Topology.Rectangular, GridMetric.Chebyshev, 0),
            (NeighborhoodKind.Triangle, Topology.Rectangular, GridMetric.Manhattan, 1),
        };
        foreach (var (kind, topology, metric, compact) in kinds)
        {
            foreach (bool torus in new[] { false, true })
            {
                // A hexagonal torus needs an even height; the odd ones are replaced by their even neighbour.
                foreach (var (w, h) in new[] { (1, 1), (31, 1), (33, 17), (12, 11), (1, 31) })
                {
                    int height = topology == Topology.Hexagonal && torus && h % 2 == 1 ? h + 1 : h;
                    cases.Add(kind, topology, metric, compact, torus, w, height);
                }
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stencil_gives_the_bits_of_the_dense_scan_and_of_a_naive_sum(NeighborhoodKind kind, Topology topology,
        GridMetric metric, double compact, bool torus, int width, int height)
    {
        foreach (double sigma in new[] { 0.5, 1.0, 2.7, 1e3 })
        {
            var options = new SomOptions
            {
                Width = width, Height = height, Topology = topology, Toroidal = torus, GridMetric = metric,
                Neighborhood = kind, CompactSupport = compact,
            }.Validate();
            Assert.False(Neighborhood.IsSeparable(options));
            var grid = new MapGrid(options);
            var offsets = new OffsetTable(grid);
            var (sums, counts) = Accumulated(grid.Units, (ulong)(width * 131 + height * 7) + (ulong)(sigma * 10));
            var (naiveNum, naiveDen) = Naive(grid, options, sigma, sums, counts);
            foreach (var isa in SupportedIsas.All())
            {
                foreach (bool dense in new[] { true, false })
                {
                    var buffers = new BatchBuffers(grid.Units, Features);
                    sums.CopyTo(buffers.Sums, 0);
                    counts.CopyTo(buffers.Counts, 0);
                    var weights = new float[grid.Units * Features];
                    Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, threads: 2, dense);
                    string what = $"{(dense ? "dense" : "stencil")} {isa} σ={sigma}";
                    AssertBits(naiveNum, buffers.Numerators, what + " numerators");
                    AssertBits(naiveDen, buffers.Denominators, what + " denominators");
                }
            }
        }
    }

    [Fact]
    public void Runs_cover_exactly_the_nonzero_offsets()
    {
        // A 33 × 17 bubble of radius 2.7: the runs must list every slot with h ≠ 0 once and no slot with h = 0 (NaN
        // counts as nonzero, as it does in the dense scan), so the stencil is really smaller than the map.
        foreach (var topology in new[] { Topology.Rectangular, Topology.Hexagonal })
        {
            var grid = new MapGrid(33, 18, topology, toroidal: true);
            var table = new OffsetTable(grid).Weights(NeighborhoodKind.Bubble, 2.7, 0);
            table[OffsetTable.Index(-32, 17, 1, 33, 18)] = double.NaN;
            int[][] runs = Smoother.NonZeroRuns(table, 33, 18);
            var listed = new bool[table.Length];
            for (int p = 0; p < 2; p++)
            {
                for (int dy = -17; dy < 18; dy++)
                {
                    int[] row = runs[p * 35 + dy + 17];
                    for (int r = 0; r < row.Length; r += 2)
                    {
                        Assert.True(row[r] <= row[r + 1] && (r == 0 || row[r] > row[r - 1] + 1), $"runs of row {dy}, parity {p} not ordered and maximal");
                        for (int dx = row[r]; dx <= row[r + 1]; dx++) listed[OffsetTable.Index(dx, dy, p, 33, 18)] = true;
                    }
                }
            }
            int nonzero = 0;
            for (int i = 0; i < table.Length; i++)
            {
                Assert.Equal(table[i] != 0, listed[i]);
                if (listed[i]) nonzero++;
            }
            Assert.InRange(nonzero, 2, table.Length / 10);
        }
    }

    /// <summary>Seeded signed sums S_k (all +0 where C_k = 0, as the accumulation leaves them) and integer counts, a third of them 0.</summary>
    private static (double[] Sums, double[] Counts) Accumulated(int units, ulong seed)
    {
        var rng = new Random((int)(seed % int.MaxValue));
        var sums = new double[units * Features];
        var counts = new double[units];
        for (int k = 0; k < units; k++)
        {
            counts[k] = rng.Next(3) == 0 ? 0 : rng.Next(1, 40);
            if (counts[k] == 0) continue;
            for (int f = 0; f < Features; f++) sums[k * Features + f] = f == 0 ? 0 : (rng.NextDouble() - 0.3) * counts[k];
        }
        return (sums, counts);
    }

    /// <summary>num_j = Σ_k h·S_k and den_j = Σ_k h·C_k over every k in increasing order, no term skipped.</summary>
    private static (double[] Num, double[] Den) Naive(MapGrid grid, SomOptions options, double sigma, double[] sums, double[] counts)
    {
        int m = grid.Units;
        var num = new double[m * Features];
        var den = new double[m];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < m; k++)
            {
                double h = Neighborhood.Evaluate(options.Neighborhood, grid.Distance(j, k), sigma, options.CompactSupport);
                for (int f = 0; f < Features; f++) num[j * Features + f] += h * sums[k * Features + f];
                den[j] += h * counts[k];
            }
        }
        return (num, den);
    }

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            long e = BitConverter.DoubleToInt64Bits(expected[i]), a = BitConverter.DoubleToInt64Bits(actual[i]);
            if (e != a) Assert.Fail($"{what}: slot {i} is {actual[i]:R} (bits {a:X16}), the naive sum gives {expected[i]:R} (bits {e:X16})");
        }
    }
}
