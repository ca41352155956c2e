using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>
/// The memoised coefficients of the online update against the plain loop c_j = (float)(α·h(δ(b, j), σ)), bit for
/// bit: every neighbourhood, both topologies, torus or not, compact support, sub-ranges that start and end
/// mid-row, and calls in a row with a different σ, α and BMU each (a stale memo entry would show).
/// </summary>
public class OnlineCoefficientsTests
{
    [Theory]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, false, 0.0)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, true, 0.0)]
    [InlineData(NeighborhoodKind.Bubble, Topology.Rectangular, true, 0.0)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal, false, 0.0)]
    [InlineData(NeighborhoodKind.Triangle, Topology.Rectangular, false, 0.0)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, false, 1.5)]
    public unsafe void Memoised_coefficients_have_the_bits_of_the_plain_loop(NeighborhoodKind kind, Topology topology, bool toroidal, double compact)
    {
        var options = new SomOptions { Width = 13, Height = 6, Neighborhood = kind, Topology = topology, Toroidal = toroidal, CompactSupport = compact }.Validate();
        var offsets = new OffsetTable(new MapGrid(options));
        var table = new OnlineCoefficients(options, offsets);
        var rng = new SomRandom(11);
        var got = new float[options.Units];
        foreach (var (j0, j1) in new[] { (0, 78), (5, 44), (31, 32), (77, 78) })
        {
            for (int call = 0; call < 25; call++)
            {
                int b = rng.NextInt(options.Units);
                double sigma = 0.3 + 4 * rng.NextDouble(), alpha = 0.01 + rng.NextDouble() * 0.99;
                fixed (float* c = got) table.Fill(b, sigma, alpha, j0, j1, c);
                for (int j = j0; j < j1; j++)
                {
                    int xb = b % 13, yb = b / 13;
                    double delta = offsets.Deltas[offsets.Index(j % 13 - xb, j / 13 - yb, yb & 1)];
                    float want = (float)(alpha * Neighborhood.Evaluate(kind, delta, sigma, compact));
                    Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got[j - j0]),
                        $"units {j0}..{j1}, call {call}, BMU {b}, unit {j}: {got[j - j0]:R}, expected {want:R}");
                }
            }
        }
    }

    [Fact]
    public void Distinct_deltas_are_far_fewer_than_units_on_a_square_map()
    {
        var options = new SomOptions { Width = 32, Height = 32 }.Validate();
        var offsets = new OffsetTable(new MapGrid(options));
        var (classes, count) = offsets.DeltaClasses;
        Assert.Equal(offsets.Deltas.Length, classes.Length);
        // Same class exactly when the same δ.
        var first = new Dictionary<int, double>();
        var byValue = new Dictionary<double, int>();
        for (int i = 0; i < classes.Length; i++)
        {
            double delta = offsets.Deltas[i];
            if (first.TryGetValue(classes[i], out double seen)) Assert.Equal(seen, delta);
            else first[classes[i]] = delta;
            if (byValue.TryGetValue(delta, out int id)) Assert.Equal(id, classes[i]);
            else byValue[delta] = classes[i];
        }
        // Rectangular 32 × 32: the distinct values of √(dx² + dy²) with |dx|, |dy| ≤ 31.
        var exact = new HashSet<double>();
        for (int dx = 0; dx < 32; dx++)
            for (int dy = 0; dy < 32; dy++) exact.Add(Math.Sqrt(dx * dx + dy * dy));
        Assert.Equal(exact.Count, count);
    }
}
