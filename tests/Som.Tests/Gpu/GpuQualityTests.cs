using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>QE, TE and hits measured on the device against the CPU engine's host computation, and on a hand-built map.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuQualityTests(IlgpuCpuFixture fixture)
{
    public static TheoryData<Topology, bool, Adjacency, int, int, int> Cases() => new()
    {
        { Topology.Rectangular, false, Adjacency.Eight, 7, 5, 33 },
        { Topology.Rectangular, false, Adjacency.Four, 7, 5, 33 },
        { Topology.Rectangular, true, Adjacency.Eight, 6, 6, 31 },
        { Topology.Rectangular, true, Adjacency.Four, 5, 1, 127 },
        { Topology.Hexagonal, false, Adjacency.Six, 5, 7, 33 },
        { Topology.Hexagonal, true, Adjacency.Six, 4, 6, 31 },
        { Topology.Rectangular, false, Adjacency.Eight, 1, 1, 31 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Device_measures_equal_the_cpu_engine(Topology topology, bool toroidal, Adjacency rule, int w, int h, int n)
    {
        var options = new SomOptions { Width = w, Height = h, Topology = topology, Toroidal = toroidal };
        var data = GpuTestData.Samples(n, 17, DistanceMetric.Euclidean, 41);
        var weights = GpuTestData.Codebook(w * h, 17, DistanceMetric.Euclidean, 43);
        using var cpu = new CpuEngine(options, 17);
        using var gpu = new GpuEngine(fixture.Device, options, 17);
        cpu.SetWeights(weights);
        gpu.SetWeights(weights);
        int[] a = new int[n], b = new int[n];
        var expected = cpu.Measure(data, rule, a);
        var actual = gpu.Measure(data, rule, b);
        string what = $"{topology} torus={toroidal} {rule} {w}x{h} n={n}";
        Assert.True(a.SequenceEqual(b), $"BMUs differ: {what}");
        Assert.True(Math.Abs(expected.QuantizationError - actual.QuantizationError) <= 1e-12 * expected.QuantizationError,
            $"QE {actual.QuantizationError} vs {expected.QuantizationError}: {what}");
        Assert.True(expected.TopographicError == actual.TopographicError, $"TE {actual.TopographicError} vs {expected.TopographicError}: {what}");
        Assert.Equal(expected.Hits, actual.Hits);
    }

    [Fact]
    public void Hand_built_map_has_the_exact_qe_te_and_hits()
    {
        // A 3 × 1 map at 0, 10, 20 on one feature; samples 1, 9, 14, 4: distances 1, 1, 4, 4 and every second BMU
        // adjacent to the first. Then unit 2 moves to 2: sample 1 ties units 0 and 2 (first 0, second 2) and sample 4
        // goes to unit 2 with unit 0 second: two of four samples straddle units two apart.
        var options = new SomOptions { Width = 3, Height = 1 };
        var data = new SampleMatrix([1f, 9f, 14f, 4f], 4, 1);
        using var gpu = new GpuEngine(fixture.Device, options, 1);
        gpu.SetWeights([0f, 10f, 20f]);
        var first = new int[4];
        var q = gpu.Measure(data, Adjacency.Eight, first);
        Assert.Equal([0, 1, 1, 0], first);
        Assert.Equal((1 + 1 + 4 + 4) / 4.0, q.QuantizationError, 12);
        Assert.Equal(0.0, q.TopographicError);
        Assert.Equal([2, 2, 0], q.Hits);

        gpu.SetWeights([0f, 10f, 2f]);
        q = gpu.Measure(data, Adjacency.Eight, first);
        Assert.Equal([0, 1, 1, 2], first);
        Assert.Equal(0.5, q.TopographicError);
    }
}
