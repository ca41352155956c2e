using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>
/// <see cref="Adjacency.Default"/> means 8 neighbours on a rectangular map and 6 on a hexagonal one wherever
/// the rule is interpreted: the grid, the metrics and the engine's Measure.
/// </summary>
public class DefaultAdjacencyTests
{
    /// <summary>
    /// A 2 × 2 map on one feature: units 0 and 3 (diagonal on a rectangular map, √3 apart on a hexagonal one)
    /// near 0 and 1, units 1 and 2 far away. Every sample's best and second-best units are 0 and 3.
    /// </summary>
    internal static readonly float[] DiagonalWeights = [0f, 10f, 10.5f, 1f];

    internal static readonly SampleMatrix DiagonalSamples = new([0.2f, 0.4f, 0.7f, 0.9f], 4, 1);

    [Fact]
    public void Grid_resolves_default_to_eight_on_rectangular_and_six_on_hexagonal_maps()
    {
        var rect = new MapGrid(2, 2, Topology.Rectangular, false);
        var hex = new MapGrid(2, 2, Topology.Hexagonal, false);
        Assert.Equal(Adjacency.Eight, rect.Resolve(Adjacency.Default));
        Assert.Equal(Adjacency.Six, hex.Resolve(Adjacency.Default));
        Assert.Equal(Adjacency.Four, rect.Resolve(Adjacency.Four));
        Assert.Equal(2.0, rect.SquaredAdjacencyLimit(Adjacency.Default));
        Assert.Equal(1.0, hex.SquaredAdjacencyLimit(Adjacency.Default));
        Assert.True(rect.AreAdjacent(0, 3, Adjacency.Default));
        Assert.False(rect.AreAdjacent(0, 3, Adjacency.Four));
        Assert.False(hex.AreAdjacent(0, 3, Adjacency.Default));
        Assert.Equal(rect.Neighbors(0, Adjacency.Eight), rect.Neighbors(0, Adjacency.Default));
        Assert.Equal([1, 2, 3], rect.Neighbors(0, Adjacency.Default));
        Assert.Equal(hex.Neighbors(0, Adjacency.Six), hex.Neighbors(0, Adjacency.Default));
    }

    [Fact]
    public void Cpu_engine_measures_default_as_eight_on_a_rectangular_map()
    {
        using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 2 }, 1);
        engine.SetWeights(DiagonalWeights);
        var first = new int[DiagonalSamples.Count];
        // The map is built so the rules disagree: every second BMU is the diagonal neighbour.
        Assert.Equal(1.0, engine.Measure(DiagonalSamples, Adjacency.Four, first).TopographicError);
        Assert.Equal(0.0, engine.Measure(DiagonalSamples, Adjacency.Eight, first).TopographicError);
        Assert.Equal(0.0, engine.Measure(DiagonalSamples, Adjacency.Default, first).TopographicError);
        Assert.Equal([0, 0, 3, 3], first);
    }

    [Fact]
    public void Cpu_engine_measures_default_as_six_on_a_hexagonal_map()
    {
        using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 2, Topology = Topology.Hexagonal }, 1);
        engine.SetWeights(DiagonalWeights);
        var first = new int[DiagonalSamples.Count];
        Assert.Equal(1.0, engine.Measure(DiagonalSamples, Adjacency.Default, first).TopographicError);
        Assert.Equal(1.0, engine.Measure(DiagonalSamples, Adjacency.Six, first).TopographicError);
    }
}
