using Som.Cpu;
using Som.Tests.Engine;
using Som.Tests.Oracle;

namespace Som.Tests.Clustering;

/// <summary>k-means on the engine (docs/contract.md §13) against the naive double-precision Lloyd of the oracle.</summary>
public class KMeansTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        // samples N, clusters k, features D
        { 1, 1, 1 },
        { 31, 1, 33 },
        { 31, 4, 33 },
        { 127, 5, 1 },
        { 127, 9, 33 },
        { 33, 33, 3 },
        { 127, 127, 2 },
        { 200, 7, 784 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_step_matches_the_naive_lloyd_from_the_same_start(int n, int k, int d)
    {
        var data = TestData.Clusters(n, d, (ulong)(n * 31 + d), clusters: 5);
        float[] start = KMeans.PlusPlus(data, k, new SomRandom(3));
        var naive = NaiveKMeans.Run(data, start, k, KMeans.DefaultMaxIterations);
        var steps = new List<(int[] Labels, float[] Centres)>();
        using var engine = new CpuEngine(KMeans.EngineOptions(k), d);
        var result = KMeans.Lloyd(engine, data, start, KMeans.DefaultMaxIterations, step: (_, l, c) => steps.Add((l, c)));

        Assert.Equal(naive.Count, steps.Count);
        Assert.Equal(naive.Count, result.Iterations);
        Assert.True(result.Converged);
        for (int s = 0; s < steps.Count; s++)
        {
            Assert.True(naive[s].Labels.SequenceEqual(steps[s].Labels), $"step {s + 1}: assignments differ from the naive Lloyd");
            // The bubble at σ = ½ adds no neighbour term and both sum in double in sample order, so the centres are
            // (float)(S_k / C_k) on both sides: equal bits, not merely close.
            for (int e = 0; e < k * d; e++)
            {
                float want = naive[s].Centres[e], got = steps[s].Centres[e];
                Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got), $"step {s + 1}, centre {e / d} feature {e % d}: {got} vs naive {want}");
            }
        }
        Assert.Equal(naive[^1].Labels, result.Labels);
        double inertia = NaiveKMeans.Inertia(data, result.Centres, result.Labels);
        Assert.True(Math.Abs(inertia - result.Inertia) <= 1e-9 * (1 + inertia), $"inertia {result.Inertia} vs naive {inertia}");
        if (k == n) Assert.Equal(0.0, result.Inertia); // k-means++ picks every (distinct) sample once
    }

    [Fact]
    public void Ties_go_to_the_lowest_centre_and_an_empty_cluster_takes_the_farthest_sample()
    {
        // Centres 0 and 1 coincide: every tie goes to centre 0, so centre 1 is empty after the first assignment. The
        // farthest samples from their centres are x = 1 and x = 11 (distance² 1 each); the lowest index, x = 1, wins.
        var data = new SampleMatrix([0f, 0f, 1f, 10f, 11f], 5, 1);
        var steps = new List<(int[] Labels, float[] Centres)>();
        using var engine = new CpuEngine(KMeans.EngineOptions(3), 1);
        var result = KMeans.Lloyd(engine, data, [0f, 0f, 10f], 300, step: (_, l, c) => steps.Add((l, c)));

        Assert.Equal(3, steps.Count);
        Assert.Equal([0, 0, 0, 2, 2], steps[0].Labels);
        Assert.Equal([1f / 3f, 1f, 10.5f], steps[0].Centres);
        Assert.Equal([0, 0, 1, 2, 2], steps[1].Labels);
        Assert.Equal([0f, 1f, 10.5f], steps[1].Centres);
        Assert.Equal(steps[1].Labels, steps[2].Labels);
        Assert.True(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Equal([0, 0, 1, 2, 2], result.Labels);
        Assert.Equal(0.5, result.Inertia);
        var naive = NaiveKMeans.Run(data, [0f, 0f, 10f], 3, 300);
        Assert.Equal(naive.Select(s => s.Centres), steps.Select(s => s.Centres));
    }

    [Fact]
    public void Several_empty_clusters_take_distinct_samples_and_the_iteration_limit_stops_a_run()
    {
        // All four centres start on the same point: three clusters are empty and take the three farthest samples.
        var data = new SampleMatrix([0f, 5f, 1f, 9f, 2f], 5, 1);
        var steps = new List<float[]>();
        using var engine = new CpuEngine(KMeans.EngineOptions(4), 1);
        var result = KMeans.Lloyd(engine, data, [0f, 0f, 0f, 0f], 1, step: (_, _, c) => steps.Add(c));
        Assert.Single(steps);
        Assert.Equal([17f / 5f, 9f, 5f, 2f], steps[0]);
        Assert.False(result.Converged);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(NaiveKMeans.Step(data, [0f, 0f, 0f, 0f], 4).Centres, steps[0]);
    }

    [Fact]
    public void Kmeans_plus_plus_is_reproducible_from_the_seed_and_differs_for_another()
    {
        var data = TestData.Clusters(127, 33, 5, clusters: 6);
        float[] a = KMeans.PlusPlus(data, 6, new SomRandom(11));
        float[] b = KMeans.PlusPlus(data, 6, new SomRandom(11));
        float[] c = KMeans.PlusPlus(data, 6, new SomRandom(12));
        Assert.Equal(TestData.Bits(a), TestData.Bits(b));
        Assert.NotEqual(TestData.Bits(a), TestData.Bits(c));
        // Every centre is a sample, and no sample is chosen twice (a chosen sample has D² = 0 afterwards).
        var rows = Enumerable.Range(0, 6).Select(j => Array.FindIndex(Enumerable.Range(0, 127).ToArray(),
            i => data.Row(i).SequenceEqual(a.AsSpan(j * 33, 33)))).ToArray();
        Assert.DoesNotContain(-1, rows);
        Assert.Equal(6, rows.Distinct().Count());
    }

    [Fact]
    public void Kmeans_plus_plus_never_draws_a_sample_that_sits_on_a_chosen_centre()
    {
        // 30 copies of one point and one other point: the second centre can only be the other point.
        var values = new float[31 * 2];
        values[60] = 4f;
        values[61] = -3f;
        var data = new SampleMatrix(values, 31, 2);
        for (ulong seed = 0; seed < 20; seed++)
        {
            float[] c = KMeans.PlusPlus(data, 2, new SomRandom(seed));
            Assert.True(c[0..2].SequenceEqual(c[2..4]) == false, $"seed {seed}: both centres are the same point");
        }
        // k > distinct points: Σ D² = 0, so the draw falls back to a uniform sample instead of failing.
        var same = new SampleMatrix(new float[5 * 2], 5, 2);
        Assert.Equal(new float[3 * 2], KMeans.PlusPlus(same, 3, new SomRandom(1)));
    }

    [Fact]
    public void Restarts_keep_the_lowest_inertia_and_the_first_restart_is_the_single_run()
    {
        var data = TestData.Clusters(300, 5, 17, clusters: 8);
        var best = KMeans.Fit(data, 6, restarts: 8, seed: 4);
        var single = KMeans.Fit(data, 6, restarts: 1, seed: 4);
        Assert.Equal(8, best.RestartInertias.Length);
        Assert.True(best.RestartInertias.Distinct().Count() > 1, "all restarts reached the same inertia: the test would show nothing");
        Assert.Equal(best.RestartInertias.Min(), best.Inertia);
        Assert.Equal(Array.IndexOf(best.RestartInertias, best.RestartInertias.Min()), best.BestRestart);
        Assert.Equal(single.Inertia, best.RestartInertias[0]);
        Assert.True(best.Inertia <= single.Inertia);
        Assert.Equal(NaiveKMeans.Inertia(data, best.Centres, best.Labels), best.Inertia, 9);
    }

    [Fact]
    public void Fit_gives_the_same_bits_on_every_isa_and_thread_count()
    {
        var data = TestData.Clusters(397, 784, 9, clusters: 7);
        KMeansResult? first = null;
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 1, 3 })
            {
                var r = KMeans.Fit(data, 7, restarts: 2, seed: 5, createEngine: (o, d) => new CpuEngine(o with { Threads = threads }, d, isa), threads: threads);
                first ??= r;
                Assert.True(TestData.Bits(first.Centres).SequenceEqual(TestData.Bits(r.Centres)), $"{isa}, {threads} threads: centres differ");
                Assert.Equal(first.Labels, r.Labels);
                Assert.Equal(BitConverter.DoubleToInt64Bits(first.Inertia), BitConverter.DoubleToInt64Bits(r.Inertia));
                Assert.Equal(first.Iterations, r.Iterations);
            }
        }
        Assert.True(first!.Iterations > 1);
    }

    [Theory]
    [InlineData(0, 1, 300, "K is 0: expected at least 1 cluster")]
    [InlineData(11, 1, 300, "K is 11: expected at most the 10 samples")]
    [InlineData(3, 0, 300, "Restarts is 0: expected at least 1")]
    [InlineData(3, 1, 0, "MaxIterations is 0: expected at least 1")]
    public void Bad_arguments_are_one_line_errors_naming_the_value(int k, int restarts, int maxIterations, string message)
    {
        var data = TestData.Clusters(10, 2, 1);
        var e = Assert.Throws<SomOptionException>(() => KMeans.Fit(data, k, restarts, maxIterations));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Lloyd_refuses_an_engine_whose_neighbourhood_is_not_the_unit_itself()
    {
        var data = TestData.Clusters(10, 2, 1);
        using var engine = new CpuEngine(new SomOptions { Width = 3, Height = 1 }, 2);
        Assert.Throws<ArgumentException>(() => KMeans.Lloyd(engine, data, new float[6], 10));
    }
}
