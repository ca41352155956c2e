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
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal, GridMetric.Euclidean, 0, false)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular, GridMetric.Manhattan, 0, false)]
    [InlineData(NeighborhoodKind.Bubble, Topology.Rectangular, GridMetric.Euclidean, 0, false)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Rectangular, GridMetric.Euclidean, 0, false)]
    public void Only_the_plain_rectangular_gaussian_is_separable(NeighborhoodKind kind, Topology topology, GridMetric metric,
        double compactSupport, bool separable)
    {
        var options = new SomOptions { Neighborhood = kind, Topology = topology, GridMetric = metric, CompactSupport = compactSupport };
        Assert.Equal(separable, Neighborhood.IsSeparable(options));
        Assert.Equal(separable, Neighborhood.IsSeparable(options with { Toroidal = true }));
        if (!separable) return;
        // The claim behind it: on the Euclidean rectangular grid h(δ(j, k)) = g(dx)·g(dy), up to rounding.
        var grid = new MapGrid(options with { Width = 5, Height = 4 });
        for (int j = 0; j < grid.Units; j++)
            for (int k = 0; k < grid.Units; k++)
            {
                double gx = Neighborhood.Evaluate(kind, MapGrid.AxisDistance(Math.Abs(k % 5 - j % 5), 5, false), 1.3);
                double gy = Neighborhood.Evaluate(kind, MapGrid.AxisDistance(Math.Abs(k / 5 - j / 5), 4, false), 1.3);
                Assert.Equal(Neighborhood.Evaluate(kind, grid.Distance(j, k), 1.3), gx * gy, 14);
            }
    }
}
