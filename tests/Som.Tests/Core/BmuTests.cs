using Som.Cpu;

namespace Som.Tests.Core;

/// <summary>Best-matching units on hand-built codebooks: planted winners, exact ties, the cosine zero-norm rule.</summary>
public class BmuTests
{
    /// <summary>Every instruction set this machine runs, so the tie rule is checked on each kernel.</summary>
    public static TheoryData<KernelIsa> Isas()
    {
        var data = new TheoryData<KernelIsa>();
        foreach (var isa in Engine.SupportedIsas.All()) data.Add(isa);
        return data;
    }

    private static (int[] First, int[] Second, int[] Only) Find(CpuEngine engine, SampleMatrix data)
    {
        var first = new int[data.Count];
        var second = new int[data.Count];
        var only = new int[data.Count];
        engine.FindBmus(data, first, second);
        engine.FindBmus(data, only, default);
        return (first, second, only);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Samples_equal_to_prototypes_find_them(KernelIsa isa)
    {
        // 70 units (three panels, the last partly padding), 5 features; samples are copies of chosen prototypes.
        const int m = 70, d = 5;
        var rng = new Random(4);
        float[] w = Enumerable.Range(0, m * d).Select(_ => (float)(rng.NextDouble() * 10)).ToArray();
        int[] planted = [0, 31, 32, 63, 64, 69, 17, 5, 40, 0, 69, 33, 12];
        float[] x = planted.SelectMany(j => w.Skip(j * d).Take(d)).ToArray();
        foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Cosine })
        {
            using var engine = new CpuEngine(new SomOptions { Width = 10, Height = 7, Metric = metric }, d, isa);
            engine.SetWeights(w);
            var (first, _, only) = Find(engine, new SampleMatrix(x, planted.Length, d));
            Assert.Equal(planted, first);
            Assert.Equal(planted, only);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Duplicate_prototypes_resolve_to_the_lowest_index(KernelIsa isa)
    {
        // 80 units at (100, 1) except duplicate pairs at (v, 1), distinct in direction too, so the cosine sees the same
        // ties; pairs straddle lanes, vector halves and panels: (3, 19) the same lane of both 16-wide halves,
        // (5, 40) different panels, (33, 65) panels 1 and 2, (70, 71) neighbours, (9, 13) the same lane of two 4-wide
        // vectors, (20, 28) two 8-unit sub-tiles of the 128-bit kernel.
        const int m = 80;
        var w = new float[2 * m];
        for (int j = 0; j < m; j++) (w[2 * j], w[2 * j + 1]) = (100f, 1f);
        (int A, int B, float V)[] pairs = [(3, 19, 1), (5, 40, 2), (33, 65, 3), (70, 71, 4), (9, 13, 5), (20, 28, 6)];
        foreach (var (a, b, v) in pairs) w[2 * a] = w[2 * b] = v;
        float[] x = [.. pairs.SelectMany(p => new[] { p.V, 1f }), .. pairs.SelectMany(p => new[] { p.V + 0.01f, 1f })];
        foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Cosine })
        {
            using var engine = new CpuEngine(new SomOptions { Width = 16, Height = 5, Metric = metric }, 2, isa);
            engine.SetWeights(w);
            var (first, second, only) = Find(engine, new SampleMatrix(x, 2 * pairs.Length, 2));
            int[] lows = [.. pairs.Select(p => p.A), .. pairs.Select(p => p.A)];
            int[] highs = [.. pairs.Select(p => p.B), .. pairs.Select(p => p.B)];
            Assert.Equal(lows, first);
            Assert.Equal(lows, only);
            Assert.Equal(highs, second);
        }
        // All units equal: unit 0 wins and unit 1 is second.
        using var flat = new CpuEngine(new SomOptions { Width = 40, Height = 2 }, 1, isa);
        flat.SetWeights(Enumerable.Repeat(7f, m).ToArray());
        var (f, s, o) = Find(flat, new SampleMatrix([7f, -3f, 1e6f], 3, 1));
        Assert.Equal([0, 0, 0], f);
        Assert.Equal([0, 0, 0], o);
        Assert.Equal([1, 1, 1], s);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Cosine_ties_and_the_zero_norm_rule(KernelIsa isa)
    {
        var options = new SomOptions { Width = 5, Height = 1, Metric = DistanceMetric.Cosine };
        using var engine = new CpuEngine(options, 2, isa);
        // Units: opposite (d = 2), zero (d = 1 by definition), orthogonal (d = 1), 45° (d ≈ 0.29), same direction scaled (d = 0).
        engine.SetWeights([-1, 0, 0, 0, 0, 1, 1, 1, 3, 0]);
        var data = new SampleMatrix([1, 0, 0, 0, 0, -1, -2, 0], 4, 2);
        var (first, second, _) = Find(engine, data);
        Assert.Equal(4, first[0]);  // x = (1, 0): same direction as unit 4
        Assert.Equal(3, second[0]); // then 45°
        Assert.Equal(0, first[1]);  // the zero sample is at distance 1 from every unit: unit 0
        Assert.Equal(1, second[1]);
        Assert.Equal(0, first[2]);  // x = (0, −1): units 0 and 4 (at 90°) and the zero unit 1 are all at distance 1: lowest index
        Assert.Equal(1, second[2]);
        Assert.Equal(0, first[3]);  // x = (−2, 0): unit 0 points the same way

        // Zero-norm prototypes are at distance 1, not 0: a unit at 45° (d ≈ 0.29) beats a zero unit of lower index.
        using var zero = new CpuEngine(new SomOptions { Width = 2, Height = 1, Metric = DistanceMetric.Cosine }, 2, isa);
        zero.SetWeights([0, 0, 1, 1]);
        var (z, _, _) = Find(zero, new SampleMatrix([1, 0], 1, 2));
        Assert.Equal([1], z);
        // …and a zero unit of lower index beats a unit beyond 90° (d > 1).
        zero.SetWeights([0, 0, -1, 0.5f]);
        (z, _, _) = Find(zero, new SampleMatrix([1, 0], 1, 2));
        Assert.Equal([0], z);
    }

    [Fact]
    public void Euclidean_picks_the_nearest_even_when_norms_differ()
    {
        // The expanded form must keep ‖w‖²: a large prototype with a large dot product must not win.
        using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 1 }, 2);
        engine.SetWeights([1, 1, 10, 10]);
        var bmu = new int[1];
        engine.FindBmus(new SampleMatrix([2, 2], 1, 2), bmu, default);
        Assert.Equal([0], bmu);
    }
}
