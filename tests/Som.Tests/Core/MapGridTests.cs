using Som.Tests.Oracle;

namespace Som.Tests.Core;

public class MapGridTests
{
    /// <summary>Grids of every kind, non-square, with odd and even sides; hexagonal tori have an even height.</summary>
    public static TheoryData<int, int, Topology, bool, GridMetric> Grids() => new()
    {
        { 1, 1, Topology.Rectangular, false, GridMetric.Euclidean },
        { 5, 1, Topology.Rectangular, true, GridMetric.Euclidean },
        { 1, 7, Topology.Rectangular, false, GridMetric.Euclidean },
        { 7, 5, Topology.Rectangular, false, GridMetric.Euclidean },
        { 7, 5, Topology.Rectangular, true, GridMetric.Euclidean },
        { 4, 8, Topology.Rectangular, true, GridMetric.Manhattan },
        { 5, 6, Topology.Rectangular, false, GridMetric.Manhattan },
        { 6, 3, Topology.Rectangular, true, GridMetric.Chebyshev },
        { 3, 4, Topology.Rectangular, false, GridMetric.Chebyshev },
        { 7, 5, Topology.Hexagonal, false, GridMetric.Euclidean },
        { 1, 6, Topology.Hexagonal, false, GridMetric.Euclidean },
        { 6, 6, Topology.Hexagonal, true, GridMetric.Euclidean },
        { 5, 4, Topology.Hexagonal, true, GridMetric.Euclidean },
        { 3, 2, Topology.Hexagonal, true, GridMetric.Euclidean },
        { 9, 10, Topology.Hexagonal, true, GridMetric.Euclidean },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void Distance_matches_the_independent_derivation(int w, int h, Topology topology, bool torus, GridMetric metric)
    {
        var grid = new MapGrid(w, h, topology, torus, metric);
        var oracle = new OracleGrid(w, h, topology, torus, metric);
        for (int j = 0; j < grid.Units; j++)
        {
            for (int k = 0; k < grid.Units; k++)
            {
                double expected = oracle.Distance(j, k), actual = grid.Distance(j, k);
                Assert.True(Math.Abs(actual - expected) <= 1e-12 * (1 + expected),
                    $"{w}x{h} {topology} torus={torus} {metric}: δ({j},{k}) = {actual:R}, expected {expected:R}");
                Assert.True(actual == grid.Distance(k, j), $"{w}x{h} {topology} torus={torus}: δ not symmetric for ({j},{k})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void OffsetTable_delta_equals_grid_distance(int w, int h, Topology topology, bool torus, GridMetric metric)
    {
        var grid = new MapGrid(w, h, topology, torus, metric);
        var table = new OffsetTable(grid);
        for (int j = 0; j < grid.Units; j++)
        {
            for (int k = 0; k < grid.Units; k++)
                Assert.True(table.Delta(j, k) == grid.Distance(j, k), $"{w}x{h} {topology} torus={torus} {metric}: table δ({j},{k}) = {table.Delta(j, k):R}, grid {grid.Distance(j, k):R}");
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void OffsetTable_row_holds_the_neighbourhood_of_every_unit(int w, int h, Topology topology, bool torus, GridMetric metric)
    {
        var grid = new MapGrid(w, h, topology, torus, metric);
        var table = new OffsetTable(grid);
        double[] weights = table.Weights(NeighborhoodKind.Gaussian, 1.3, 0);
        var row = new double[grid.Units];
        for (int j = 0; j < grid.Units; j++)
        {
            table.Row(j, weights, row);
            for (int k = 0; k < grid.Units; k++)
                Assert.Equal(Som.Tests.Oracle.NaiveSom.H(NeighborhoodKind.Gaussian, grid.Distance(j, k), 1.3, 0), row[k], 12); // the oracle's h, cut beyond 5.77σ
        }
    }

    [Fact]
    public void Positions_follow_the_contract()
    {
        var hex = new MapGrid(4, 3, Topology.Hexagonal, false);
        Assert.Equal((0.0, 0.0), hex.Position(0));
        Assert.Equal((3.0, 0.0), hex.Position(3));
        Assert.Equal(1.5, hex.Position(5).X);
        Assert.Equal(Math.Sqrt(3) / 2, hex.Position(5).Y, 15);
        Assert.Equal(2.0, hex.Position(10).X);
        Assert.Equal(Math.Sqrt(3), hex.Position(10).Y, 15);
        var rect = new MapGrid(4, 3, Topology.Rectangular, false);
        Assert.Equal((2.0, 1.0), rect.Position(6));
    }

    [Theory]
    [InlineData(1, 0)]   // even row: unit (x=2, y=2) of a 5 × 5 map
    [InlineData(0, 1)]   // odd row: unit (x=2, y=1)
    public void Hex_interior_unit_has_six_neighbours_at_distance_exactly_one(int yOffset, int parity)
    {
        var grid = new MapGrid(5, 5, Topology.Hexagonal, false);
        int y = 1 + yOffset, x = 2, j = y * 5 + x;
        Assert.Equal(parity, y & 1);
        int[] expected = parity == 0
            ? [(y - 1) * 5 + x - 1, (y - 1) * 5 + x, j - 1, j + 1, (y + 1) * 5 + x - 1, (y + 1) * 5 + x]
            : [(y - 1) * 5 + x, (y - 1) * 5 + x + 1, j - 1, j + 1, (y + 1) * 5 + x, (y + 1) * 5 + x + 1];
        Assert.Equal(expected, grid.Neighbors(j, Adjacency.Six));
        // Exactly 1, not 1 − 1 ulp: bubble, triangle and compact support all cut at δ = σ, and σ = 1 is a common end radius.
        foreach (int k in expected) Assert.Equal(1.0, grid.Distance(j, k));
        int within = Enumerable.Range(0, grid.Units).Count(k => k != j && grid.Distance(j, k) <= 1.0);
        Assert.Equal(6, within);
        Assert.Equal(Math.Sqrt(3), grid.Distance(j, j + 10), 14);
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(5, 4)]
    [InlineData(3, 2)]
    public void Hex_torus_gives_every_unit_six_neighbours_at_distance_one(int w, int h)
    {
        var grid = new MapGrid(w, h, Topology.Hexagonal, true);
        for (int j = 0; j < grid.Units; j++)
        {
            var atOne = Enumerable.Range(0, grid.Units).Where(k => k != j && grid.Distance(j, k) == 1.0).ToArray();
            int expected = w >= 3 && h >= 3 ? 6 : atOne.Length;
            Assert.True(atOne.Length == expected, $"{w}x{h} hex torus: unit {j} has {atOne.Length} units at δ = 1: {string.Join(",", atOne)}");
            Assert.True(atOne.Length >= 3, $"{w}x{h} hex torus: unit {j} has only {atOne.Length} units at δ = 1");
            Assert.Equal(atOne, grid.Neighbors(j, Adjacency.Six));
            Assert.Equal(0.0, NeighborhoodAt(grid, j, atOne, NeighborhoodKind.Triangle));
        }
    }

    [Fact]
    public void Hex_torus_wraps_rows_and_columns()
    {
        var grid = new MapGrid(6, 4, Topology.Hexagonal, true);
        // Unit (0, 0) and unit (0, 3): row 3 is odd, shifted right by ½; across the seam it is one row up.
        Assert.Equal(1.0, grid.Distance(0, 18));
        // Unit (0, 0) and unit (5, 3): x = 5.5 wraps to −0.5, one row away.
        Assert.Equal(1.0, grid.Distance(0, 23));
        // Unit (0, 0) and unit (5, 0): one column left across the seam.
        Assert.Equal(1.0, grid.Distance(0, 5));
        // Unit (0, 0) and unit (0, 2): two rows, straight up: √3.
        Assert.Equal(Math.Sqrt(3), grid.Distance(0, 12), 14);
    }

    [Fact]
    public void Rect_torus_takes_the_minimum_image_per_axis()
    {
        var grid = new MapGrid(5, 4, Topology.Rectangular, true);
        Assert.Equal(1.0, grid.Distance(0, 4));               // (0,0)–(4,0)
        Assert.Equal(1.0, grid.Distance(0, 15));              // (0,0)–(0,3)
        Assert.Equal(Math.Sqrt(2), grid.Distance(0, 19));     // (0,0)–(4,3)
        Assert.Equal(2.0, grid.Distance(0, 10));              // (0,0)–(0,2): half the period either way
        Assert.Equal(Math.Sqrt(4 + 4), grid.Distance(0, 12)); // (0,0)–(2,2)
        var planar = new MapGrid(5, 4, Topology.Rectangular, false);
        Assert.Equal(Math.Sqrt(16 + 9), planar.Distance(0, 19));
        Assert.Equal([1, 4, 5, 6, 9, 15, 16, 19], grid.Neighbors(0, Adjacency.Eight));
        Assert.Equal([1, 4, 5, 15], grid.Neighbors(0, Adjacency.Four));
    }

    [Fact]
    public void Manhattan_and_chebyshev_on_rect_maps()
    {
        var manhattan = new MapGrid(6, 5, Topology.Rectangular, false, GridMetric.Manhattan);
        var chebyshev = new MapGrid(6, 5, Topology.Rectangular, false, GridMetric.Chebyshev);
        int a = 0, b = 3 * 6 + 2; // (0,0)–(2,3)
        Assert.Equal(5.0, manhattan.Distance(a, b));
        Assert.Equal(3.0, chebyshev.Distance(a, b));
        var torus = new MapGrid(6, 5, Topology.Rectangular, true, GridMetric.Manhattan);
        Assert.Equal(1.0 + 2.0, torus.Distance(0, 3 * 6 + 5)); // (0,0)–(5,3): dx −1, dy −2
    }

    [Fact]
    public void Adjacency_rules_on_a_small_map()
    {
        var rect = new MapGrid(3, 3, Topology.Rectangular, false);
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8], rect.Neighbors(4, Adjacency.Eight));
        Assert.Equal([1, 3, 5, 7], rect.Neighbors(4, Adjacency.Four));
        Assert.Equal([1, 3, 4], rect.Neighbors(0, Adjacency.Eight));
        var hex = new MapGrid(3, 3, Topology.Hexagonal, false);
        Assert.Equal([1, 2, 3, 5, 7, 8], hex.Neighbors(4, Adjacency.Six));
        Assert.False(hex.AreAdjacent(4, 0, Adjacency.Six));
        Assert.False(hex.AreAdjacent(4, 4, Adjacency.Six));
    }

    private static double NeighborhoodAt(MapGrid grid, int j, int[] units, NeighborhoodKind kind) =>
        units.Sum(k => Neighborhood.Evaluate(kind, grid.Distance(j, k), 1.0));
}
