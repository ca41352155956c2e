using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>
/// The memoised coefficients of the online update against the plain loop c_j = (float)(α·h) with
/// h = <see cref="Neighborhood.OnlineValue"/>, bit for bit: every neighbourhood, both topologies, torus or not,
/// compact support, sub-ranges that start and end mid-row, and calls in a row with a different σ, α and BMU each (a
/// stale memo entry would show); and the separable h against the radial formula it replaces.
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
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, true, 0.0)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Rectangular, true, 0.0)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal, true, 0.0)]
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
                    int dx = j % 13 - xb, dy = j / 13 - yb;
                    double delta = offsets.Deltas[offsets.Index(dx, dy, yb & 1)];
                    float want = (float)(alpha * Neighborhood.OnlineValue(kind, delta, dx, dy, yb & 1, 13, 6, topology, toroidal,
                        Neighborhood.IsSeparable(options), sigma, compact));
                    Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got[j - j0]),
                        $"units {j0}..{j1}, call {call}, BMU {b}, unit {j}: {got[j - j0]:R}, expected {want:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, false)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, true)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, false)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, true)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Rectangular, false)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal, true)]
    public void Separable_online_h_is_the_radial_formula_to_rounding_with_the_same_zeros(NeighborhoodKind kind, Topology topology, bool toroidal)
    {
        foreach (var (w, hgt) in new[] { (11, 8), (9, 6) })
        {
            var options = new SomOptions { Width = w, Height = hgt, Neighborhood = kind, Topology = topology, Toroidal = toroidal }.Validate();
            Assert.True(Neighborhood.IsSeparable(options));
            var offsets = new OffsetTable(new MapGrid(options));
            int nonZero = 0;
            foreach (double sigma in new[] { 0.4, 1.0, 2.7, 9.0 })
            {
                for (int b = 0; b < options.Units; b++)
                {
                    for (int j = 0; j < options.Units; j++)
                    {
                        int dx = j % w - b % w, dy = j / w - b / w, p = (b / w) & 1;
                        double delta = offsets.Deltas[offsets.Index(dx, dy, p)];
                        double radial = Neighborhood.Evaluate(kind, delta, sigma);
                        double product = Neighborhood.OnlineValue(kind, delta, dx, dy, p, w, hgt, topology, toroidal, true, sigma, 0);
                        // Both are exactly 0 beyond R; within it the Gaussian is never 0 (the mexican hat's zero
                        // crossing at δ = σ may round to ±1e-16 in the sum of its two products).
                        if (delta > Neighborhood.SupportRadius(kind, sigma)) Assert.True(radial == 0 && product == 0, $"{w}x{hgt} σ {sigma}, BMU {b}, unit {j}: {product:R} beyond R");
                        else if (kind == NeighborhoodKind.Gaussian) Assert.True(product > 0, $"{w}x{hgt} σ {sigma}, BMU {b}, unit {j}: {product:R} within R");
                        // Relative to h(0) = 1: the mexican hat's two terms may cancel, so its error is absolute.
                        Assert.True(Math.Abs(product - radial) <= 1e-14 * (kind == NeighborhoodKind.Gaussian ? Math.Abs(radial) : 1),
                            $"{w}x{hgt} σ {sigma}, BMU {b}, unit {j}: radial {radial:R}, product {product:R}");
                        if (product != 0) nonZero++;
                    }
                }
            }
            Assert.True(nonZero > options.Units * options.Units, $"only {nonZero} non-zero values");
        }
    }

    [Theory]
    [InlineData(NeighborhoodKind.Bubble)]
    [InlineData(NeighborhoodKind.Triangle)]
    [InlineData(NeighborhoodKind.Gaussian)]
    public void Online_h_that_is_not_separable_is_evaluate(NeighborhoodKind kind)
    {
        foreach (double delta in new[] { 0, 0.5, 1, 1.5, 2.2, 7 })
        {
            double want = Neighborhood.Evaluate(kind, delta, 1.3, 2);
            Assert.Equal(want, Neighborhood.OnlineValue(kind, delta, 1, 1, 0, 5, 5, Topology.Rectangular, false, false, 1.3, 2));
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
