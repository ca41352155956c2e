using Som.Tests.Oracle;

namespace Som.Tests.Core;

public class NeighborhoodTests
{
    [Theory]
    [InlineData(NeighborhoodKind.Gaussian)]
    [InlineData(NeighborhoodKind.Bubble)]
    [InlineData(NeighborhoodKind.MexicanHat)]
    [InlineData(NeighborhoodKind.Triangle)]
    public void Is_one_at_the_winner(NeighborhoodKind kind)
    {
        foreach (double sigma in new[] { 0.3, 1, 2.5 }) Assert.Equal(1.0, Neighborhood.Evaluate(kind, 0, sigma));
    }

    [Fact]
    public void Values_at_delta_equal_sigma()
    {
        Assert.Equal(Math.Exp(-0.5), Neighborhood.Evaluate(NeighborhoodKind.Gaussian, 2, 2), 15);
        Assert.Equal(1.0, Neighborhood.Evaluate(NeighborhoodKind.Bubble, 2, 2));
        Assert.Equal(0.0, Neighborhood.Evaluate(NeighborhoodKind.MexicanHat, 2, 2));
        Assert.Equal(0.0, Neighborhood.Evaluate(NeighborhoodKind.Triangle, 2, 2));
    }

    [Fact]
    public void Values_inside_and_beyond_sigma()
    {
        Assert.Equal(Math.Exp(-2), Neighborhood.Evaluate(NeighborhoodKind.Gaussian, 4, 2), 15);
        Assert.Equal(0.0, Neighborhood.Evaluate(NeighborhoodKind.Bubble, Math.BitIncrement(2.0), 2));
        Assert.Equal(-3 * Math.Exp(-2), Neighborhood.Evaluate(NeighborhoodKind.MexicanHat, 4, 2), 15); // negative lobe
        Assert.Equal(0.75 * Math.Exp(-0.125), Neighborhood.Evaluate(NeighborhoodKind.MexicanHat, 1, 2), 15);
        Assert.Equal(0.5, Neighborhood.Evaluate(NeighborhoodKind.Triangle, 1, 2));
        Assert.Equal(0.0, Neighborhood.Evaluate(NeighborhoodKind.Triangle, 3, 2));
    }

    [Theory]
    [InlineData(NeighborhoodKind.Gaussian)]
    [InlineData(NeighborhoodKind.Bubble)]
    [InlineData(NeighborhoodKind.MexicanHat)]
    [InlineData(NeighborhoodKind.Triangle)]
    public void Compact_support_cuts_beyond_c_sigma(NeighborhoodKind kind)
    {
        const double sigma = 2, c = 3;
        double edge = c * sigma;
        Assert.Equal(0.0, Neighborhood.Evaluate(kind, Math.BitIncrement(edge), sigma, c));
        Assert.Equal(Neighborhood.Evaluate(kind, edge, sigma), Neighborhood.Evaluate(kind, edge, sigma, c));
        Assert.Equal(Neighborhood.Evaluate(kind, 1.3, sigma), Neighborhood.Evaluate(kind, 1.3, sigma, c));
        if (kind == NeighborhoodKind.Gaussian) Assert.True(Neighborhood.Evaluate(kind, edge, sigma, c) > 0);
        // c = 0 means no cut.
        Assert.Equal(Neighborhood.Evaluate(kind, 100, sigma), Neighborhood.Evaluate(kind, 100, sigma, 0));
    }

    [Theory]
    [InlineData(NeighborhoodKind.Gaussian)]
    [InlineData(NeighborhoodKind.Bubble)]
    [InlineData(NeighborhoodKind.MexicanHat)]
    [InlineData(NeighborhoodKind.Triangle)]
    public void Agrees_with_the_oracle(NeighborhoodKind kind)
    {
        foreach (double c in new[] { 0, 1.5 })
        foreach (double sigma in new[] { 0.5, 1, 3.7 })
        for (double delta = 0; delta < 8; delta += 0.125)
        {
            double expected = NaiveSom.H(kind, delta, sigma, c), actual = Neighborhood.Evaluate(kind, delta, sigma, c);
            Assert.True(Math.Abs(actual - expected) <= 1e-14, $"{kind} δ={delta} σ={sigma} c={c}: {actual:R}, oracle {expected:R}");
        }
    }

    [Fact]
    public void Matrix_holds_h_of_every_pair()
    {
        var grid = new MapGrid(4, 3, Topology.Hexagonal, false);
        double[] h = Neighborhood.Matrix(grid, NeighborhoodKind.Triangle, 1.5, 0);
        Assert.Equal(144, h.Length);
        for (int j = 0; j < 12; j++)
            for (int k = 0; k < 12; k++)
                Assert.Equal(Math.Max(0, 1 - grid.Distance(j, k) / 1.5), h[j * 12 + k], 14);
    }
    [Fact]
    public void An_undefined_kind_is_nan_not_an_exception()
    {
        // Kernels cannot throw, so the one formula signals an undefined kind (which validation rejects) by NaN.
        Assert.True(double.IsNaN(Neighborhood.Evaluate((NeighborhoodKind)9, 0.5, 1)));
        Assert.Equal(0.0, Neighborhood.Evaluate((NeighborhoodKind)9, 5, 1, 2)); // beyond c·σ, as for every kind
    }

    [Theory]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Euclidean, 0, true)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Euclidean, 2, false)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, GridMetric.Euclidean, 0, true)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Manhattan, 0, false)]
    [InlineData(NeighborhoodKind.Bubble, Topology.Rectangular, GridMetric.Euclidean, 0, false)]
    [InlineData(NeighborhoodKind.Triangle, Topology.Hexagonal, GridMetric.Euclidean, 0, false)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Rectangular, GridMetric.Euclidean, 0, true)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal, GridMetric.Euclidean, 0, true)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal, GridMetric.Euclidean, 1.5, false)]
    public void The_gaussian_and_the_mexican_hat_are_separable_on_both_topologies(NeighborhoodKind kind, Topology topology,
        GridMetric metric, double compactSupport, bool separable)
    {
        var options = new SomOptions { Neighborhood = kind, Topology = topology, GridMetric = metric, CompactSupport = compactSupport };
        Assert.Equal(separable, Neighborhood.IsSeparable(options));
        Assert.Equal(separable, Neighborhood.IsSeparable(options with { Toroidal = true }));
        if (!separable) return;
        // The claim behind it: Σ_t c_t(Δx)·r_t(Δrows) from the factor table is the oracle's h of the batch smoothing,
        // cut included, for every pair, planar and toroidal, and σ small enough that the cut falls inside the map.
        foreach (bool toroidal in new[] { false, true })
        foreach (double sigma in new[] { 0.35, 1.3, 6 })
        {
            const int w = 13, h = 10;
            var grid = new MapGrid(w, h, topology, toroidal);
            var oracle = new OracleGrid(w, h, topology, toroidal);
            var table = new double[Neighborhood.FactorTableLength(w, h)];
            for (int i = 0; i < table.Length; i++) table[i] = Neighborhood.FactorTableEntry(i, kind, w, h, topology, toroidal, sigma);
            int zeros = 0;
            for (int j = 0; j < grid.Units; j++)
                for (int k = 0; k < grid.Units; k++)
                {
                    int dx = k % w - j % w, dy = k / w - j / w, p = (j / w) & 1;
                    double product = 0;
                    for (int t = 0; t < 2; t++)
                        product += table[Neighborhood.ColumnFactorSlot(t, dx, p, dy & 1, w)] * table[Neighborhood.RowFactorSlot(t, dy, w, h)];
                    double expected = NaiveSom.BatchH(oracle, j, k, kind, sigma, 0);
                    if (expected == 0) zeros++;
                    Assert.True(Math.Abs(product - expected) <= 1e-14,
                        $"{kind} {topology} torus={toroidal} σ={sigma} j={j} k={k}: factors {product:R}, oracle {expected:R}");
                }
            if (sigma == 0.35) Assert.True(zeros > grid.Units * grid.Units / 2, $"σ={sigma}: the cut removed only {zeros} pairs");
        }
    }

    [Theory]
    [InlineData(NeighborhoodKind.Gaussian)]
    [InlineData(NeighborhoodKind.MexicanHat)]
    [InlineData(NeighborhoodKind.Bubble)]
    [InlineData(NeighborhoodKind.Triangle)]
    public void Beyond_the_support_radius_h_is_zero_and_below_the_float32_resolution_before(NeighborhoodKind kind)
    {
        foreach (double sigma in new[] { 0.5, 1, 3.7, 25, 32 })
        {
            double radius = Neighborhood.SupportRadius(kind, sigma);
            Assert.Equal(NaiveSom.Reach(kind) * sigma, radius, 12);
            // The formula without the cut, evaluated just beyond and far beyond: below 2⁻²⁴ in magnitude, so cut.
            for (double r = radius * (1 + 1e-9); r < 3 * radius; r *= 1.01)
            {
                Assert.Equal(0.0, Neighborhood.Evaluate(kind, r, sigma));
                double q = r * r / (sigma * sigma);
                double uncut = kind switch
                {
                    NeighborhoodKind.Gaussian => Math.Exp(-q / 2),
                    NeighborhoodKind.MexicanHat => (1 - q) * Math.Exp(-q / 2),
                    _ => 0,
                };
                Assert.True(Math.Abs(uncut) < Neighborhood.Cutoff, $"{kind} σ={sigma} δ={r:R}: |h| = {Math.Abs(uncut):R} is not below 2⁻²⁴");
            }
            if (kind is NeighborhoodKind.Gaussian or NeighborhoodKind.MexicanHat)
            {
                // The radius is where |h| crosses 2⁻²⁴: just inside it h is kept and about 2⁻²⁴.
                double inside = Neighborhood.Evaluate(kind, radius * (1 - 1e-9), sigma);
                Assert.True(Math.Abs(inside) >= Neighborhood.Cutoff && Math.Abs(inside) < Neighborhood.Cutoff * (1 + 1e-6),
                    $"{kind} σ={sigma}: h just inside R = {inside:R}");
            }
            // Compact support tightens the radius, never widens it.
            Assert.Equal(Math.Min(radius, 1.5 * sigma), Neighborhood.SupportRadius(kind, sigma, 1.5), 12);
            Assert.Equal(radius, Neighborhood.SupportRadius(kind, sigma, 100), 12);
        }
        Assert.Equal(Neighborhood.Cutoff, Math.Pow(2, -24));
    }
}
