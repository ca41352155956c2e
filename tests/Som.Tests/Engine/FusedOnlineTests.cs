using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The online epoch's fused pass (sample t's update computing sample t+1's distances) split over workers, against
/// a plain two-pass reference written here (a full BMU search, then a scalar update of every panel with non-zero
/// coefficients and a fresh scalar ‖w‖²: the rule of docs/contract.md §7 in the order the engine promises) bit for
/// bit, on every instruction set and for 1, 2 and 3 workers; against the double-precision oracle within the online
/// tolerance; and on ties that straddle the workers' panel ranges.
/// </summary>
public class FusedOnlineTests
{
    private const int Lanes = PackedCodebook.Lanes;

    public static TheoryData<int, int, int, int, NeighborhoodKind, Topology, DistanceMetric> Shapes() => new()
    {
        // width, height (M = 1, 31, 33, 127 and a 3-panel square), D, samples, neighbourhood, topology, metric
        { 1, 1, 17, 31, NeighborhoodKind.Gaussian, Topology.Rectangular, DistanceMetric.Euclidean },
        { 31, 1, 1, 33, NeighborhoodKind.Bubble, Topology.Rectangular, DistanceMetric.Euclidean },
        { 11, 3, 784, 13, NeighborhoodKind.MexicanHat, Topology.Hexagonal, DistanceMetric.Euclidean },
        { 127, 1, 17, 40, NeighborhoodKind.Triangle, Topology.Rectangular, DistanceMetric.Cosine },
        { 1, 127, 1, 45, NeighborhoodKind.Gaussian, Topology.Hexagonal, DistanceMetric.Euclidean },
        { 10, 9, 33, 31, NeighborhoodKind.Gaussian, Topology.Rectangular, DistanceMetric.Cosine },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_pass_on_any_worker_count_and_isa_gives_the_bits_of_two_passes(int width, int height, int d, int n,
        NeighborhoodKind kind, Topology topology, DistanceMetric metric)
    {
        var options = new SomOptions
        {
            Width = width, Height = height, Topology = topology, Metric = metric, Neighborhood = kind,
            Mode = TrainingMode.Online, Epochs = 1, SigmaStart = 3, SigmaEnd = 0.3,
        }.Validate();
        var data = TestData.Clusters(n, d, (ulong)(n + d));
        float[] init = TestData.UniformCodebook(options.Units, d, 5);
        int[] order = TestData.Permutation(n, 3);
        float[] expected = TwoPass(options, data, init, order);
        Assert.False(expected.SequenceEqual(init), "the reference epoch did not move the codebook");
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] got = Fused(options, data, init, order, isa, threads);
                Assert.True(TestData.Bits(expected).SequenceEqual(TestData.Bits(got)),
                    $"{isa}, {threads} thread(s): {Differences(expected, got)} weight(s) differ from the two-pass reference");
            }
        }
    }

    public static TheoryData<int, int, double, double, bool> Radii() => new()
    {
        // width, height, σ start, σ end, torus. σ 0.2: only the BMU's own unit is updated, so nearly every panel is
        // only read and reuses the dot products it computed a sample earlier; σ 2.5 → 0.4: R cuts through the map and
        // the updated rows wander from one worker's panels to the other's; σ 400: R spans the map, every panel updated.
        { 31, 33, 0.2, 0.2, false },
        { 31, 33, 2.5, 0.4, false },
        { 31, 33, 400, 400, false },
        { 33, 31, 1.5, 0.3, true },
        { 1, 1, 0.2, 0.2, false },
        { 1, 200, 0.7, 0.7, false },
        { 200, 1, 0.7, 0.7, true },
    };

    [Theory]
    [MemberData(nameof(Radii))]
    public void Fused_pass_with_any_support_radius_gives_the_bits_of_two_passes(int width, int height, double sigmaStart, double sigmaEnd, bool toroidal)
    {
        var options = new SomOptions
        {
            Width = width, Height = height, Toroidal = toroidal, Mode = TrainingMode.Online, Epochs = 1,
            SigmaStart = sigmaStart, SigmaEnd = sigmaEnd,
        }.Validate();
        const int n = 61, d = 17;
        var data = TestData.Clusters(n, d, 41);
        float[] init = TestData.UniformCodebook(options.Units, d, 9);
        int[] order = TestData.Permutation(n, 5);
        float[] expected = TwoPass(options, data, init, order);
        Assert.False(expected.SequenceEqual(init), "the reference epoch did not move the codebook");
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] got = Fused(options, data, init, order, isa, threads);
                Assert.True(TestData.Bits(expected).SequenceEqual(TestData.Bits(got)),
                    $"{width}x{height}, σ {sigmaStart} → {sigmaEnd}, {isa}, {threads} thread(s): {Differences(expected, got)} weight(s) differ from the two-pass reference");
            }
        }
    }

    [Fact]
    public void Integer_data_full_of_ties_gives_the_bits_of_two_passes()
    {
        // Rate 1 and the bubble copy x exactly into the BMU's neighbours, so the codebook stays on small integers and
        // nearly every distance ties with another; the lowest index must win each time, across the workers' ranges.
        var options = new SomOptions
        {
            Width = 97, Height = 1, Neighborhood = NeighborhoodKind.Bubble, Mode = TrainingMode.Online, Epochs = 1,
            SigmaStart = 1, SigmaEnd = 1, RateStart = 1, RateEnd = 1,
        }.Validate();
        foreach (int d in new[] { 1, 17 })
        {
            var rng = new SomRandom((ulong)d);
            var values = new float[200 * d];
            for (int i = 0; i < values.Length; i++) values[i] = rng.NextInt(3);
            var data = new SampleMatrix(values, 200, d);
            var init = new float[options.Units * d];
            for (int i = 0; i < init.Length; i++) init[i] = rng.NextInt(3);
            int[] order = TestData.Permutation(200, 8);
            float[] expected = TwoPass(options, data, init, order);
            foreach (var isa in SupportedIsas.All())
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    float[] got = Fused(options, data, init, order, isa, threads);
                    Assert.True(TestData.Bits(expected).SequenceEqual(TestData.Bits(got)),
                        $"D = {d}, {isa}, {threads} thread(s): {Differences(expected, got)} weight(s) differ from the two-pass reference");
                }
            }
        }
    }

    [Fact]
    public void A_tie_across_workers_goes_to_the_lowest_unit()
    {
        // 4 panels; units 40 (panel 1) and 100 (panel 3: the second worker's of two, the third's of three) are both at
        // distance 1 from the sample, every other unit far away. Only the BMU moves (bubble, σ below one grid step).
        var options = new SomOptions
        {
            Width = 128, Height = 1, Neighborhood = NeighborhoodKind.Bubble, Mode = TrainingMode.Online, Epochs = 1,
            SigmaStart = 0.5, SigmaEnd = 0.5, RateStart = 0.5, RateEnd = 0.5,
        }.Validate();
        var init = Enumerable.Repeat(50f, 128).ToArray();
        init[100] = -1;
        init[40] = 1;
        var data = new SampleMatrix([0f], 1, 1);
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                float[] got = Fused(options, data, init, [0, 0], isa, threads);
                Assert.True(got[40] == 0.25f && got[100] == -1f,
                    $"{isa}, {threads} thread(s): unit 40 = {got[40]}, unit 100 = {got[100]}; expected 40 to win both steps (1 → 0.5 → 0.25)");
            }
        }
    }

    [Fact]
    public void Fused_epoch_split_at_odd_sample_counts_gives_the_bits_of_one_call()
    {
        // Checkpoints cut an epoch into calls; each call starts with its own BMU pass and ends without a next sample.
        var options = new SomOptions { Width = 9, Height = 8, Mode = TrainingMode.Online, Epochs = 1 }.Validate();
        var data = TestData.Clusters(101, 33, 4);
        float[] init = TestData.UniformCodebook(options.Units, 33, 6);
        int[] order = TestData.Permutation(101, 2);
        foreach (var isa in SupportedIsas.All())
        {
            float[] whole = Fused(options, data, init, order, isa, 2);
            using var engine = Engine(options, 33, isa, 3);
            engine.SetWeights(init);
            int s = 0;
            foreach (int len in new[] { 1, 31, 2, 33, 34 })
            {
                engine.TrainOnlineEpoch(data, order.AsSpan(s, len), s, order.Length);
                s += len;
            }
            Assert.Equal(order.Length, s);
            var pieces = new float[init.Length];
            engine.GetWeights(pieces);
            Assert.True(TestData.Bits(whole).SequenceEqual(TestData.Bits(pieces)), $"{isa}: pieces differ from one call in {Differences(whole, pieces)} weight(s)");
        }
    }

    [Theory]
    [InlineData(7, 5, 17, Topology.Rectangular, NeighborhoodKind.Gaussian)]
    [InlineData(11, 3, 784, Topology.Hexagonal, NeighborhoodKind.MexicanHat)]
    [InlineData(33, 1, 1, Topology.Rectangular, NeighborhoodKind.Triangle)]
    public void Fused_epoch_matches_the_double_precision_oracle(int width, int height, int d, Topology topology, NeighborhoodKind kind)
    {
        var options = new SomOptions
        {
            Width = width, Height = height, Topology = topology, Neighborhood = kind, Mode = TrainingMode.Online,
            Epochs = 1, SigmaStart = 2, SigmaEnd = 0.5, RateStart = 0.6, RateEnd = 0.05,
        }.Validate();
        const int n = 127;
        var data = TestData.Clusters(n, d, 12, clusters: 3);
        float[] init = TestData.SampleCodebook(data, options.Units, 7);
        int[] order = TestData.Permutation(n, 21);

        var w = NaiveSom.ToDouble(init);
        var x = NaiveSom.ToDouble(data.Values.Span);
        var grid = new OracleGrid(options);
        var growth = Enumerable.Repeat(1.0, options.Units).ToArray();
        for (int t = 0; t < n; t++)
        {
            var xi = x.AsSpan(order[t] * d, d);
            int b = NaiveSom.Bmu(options.Metric, xi, w, options.Units).Best;
            double sigma = NaiveSom.Schedule(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, t, n);
            double alpha = NaiveSom.Schedule(options.RateSchedule, options.ResolvedRateStart, options.ResolvedRateEnd, t, n);
            NaiveSom.OnlineStep(w, xi, b, grid, options.Neighborhood, sigma, alpha, options.CompactSupport);
            for (int j = 0; j < options.Units; j++)
                growth[j] *= Math.Max(1, Math.Abs(1 - alpha * NaiveSom.H(options.Neighborhood, grid.Distance(b, j), sigma, options.CompactSupport)));
        }
        foreach (var isa in SupportedIsas.All())
        {
            float[] got = Fused(options, data, init, order, isa, 2);
            for (int j = 0; j < options.Units; j++)
            {
                for (int f = 0; f < d; f++)
                {
                    double want = w[j * d + f];
                    Assert.True(Math.Abs(got[j * d + f] - want) <= 4e-6 * growth[j] * (1 + Math.Abs(want)),
                        $"{isa}: unit {j} feature {f}: engine {got[j * d + f]:R}, oracle {want:R}");
                }
            }
        }
    }

    /// <summary>An engine that splits even the smallest codebook over its threads (one worker per panel at most).</summary>
    private static CpuEngine Engine(SomOptions options, int features, KernelIsa isa, int threads) =>
        new(options with { Threads = threads }, features, isa) { OnlineMinWeightsPerWorker = 0 };

    private static float[] Fused(SomOptions options, SampleMatrix data, float[] init, int[] order, KernelIsa isa, int threads)
    {
        using var engine = Engine(options, data.Features, isa, threads);
        engine.SetWeights(init);
        engine.TrainOnlineEpoch(data, order, 0, order.Length);
        var result = new float[init.Length];
        engine.GetWeights(result);
        return result;
    }

    /// <summary>The rule as two passes per sample, scalar: full BMU search, then update and fresh norms.</summary>
    private static unsafe float[] TwoPass(SomOptions options, SampleMatrix data, float[] init, int[] order)
    {
        int d = data.Features, width = options.Width;
        using var codebook = new PackedCodebook(options.Units, d, KernelIsa.Scalar);
        codebook.Load(init);
        var offsets = new OffsetTable(new MapGrid(options));
        float[] terms = ExpandedDistance.SampleTerms(data, options.Metric);
        var values = data.Values.ToArray();
        var coef = new float[codebook.Panels * Lanes];
        var dots = stackalloc float[Lanes];
        var dist = stackalloc float[Lanes];
        fixed (float* xs = values)
        {
            for (int t = 0; t < order.Length; t++)
            {
                float* x = xs + (long)order[t] * d;
                int b = OnlineUpdater.FindBmu(x, terms[order[t]], codebook, options.Metric, dots, dist);
                double sigma = Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, t, order.Length);
                double alpha = Schedule.Value(options.RateSchedule, options.ResolvedRateStart, options.ResolvedRateEnd, t, order.Length);
                for (int j = 0; j < options.Units; j++)
                {
                    double delta = offsets.Deltas[offsets.Index(j % width - b % width, j / width - b / width, (b / width) & 1)];
                    coef[j] = (float)(alpha * Neighborhood.Evaluate(options.Neighborhood, delta, sigma, options.CompactSupport));
                }
                for (int p = 0; p < codebook.Panels; p++)
                {
                    bool any = false;
                    for (int l = 0; l < Lanes; l++) any |= coef[p * Lanes + l] != 0;
                    if (!any) continue;
                    float* w = codebook.Panel(p);
                    for (int f = 0; f < d; f++)
                        for (int l = 0; l < Lanes; l++)
                            w[f * Lanes + l] = MathF.FusedMultiplyAdd(coef[p * Lanes + l], x[f] - w[f * Lanes + l], w[f * Lanes + l]);
                    codebook.RefreshNorms(p);
                }
            }
        }
        var result = new float[init.Length];
        codebook.Store(result);
        return result;
    }

    private static int Differences(float[] a, float[] b) => a.Zip(b).Count(p => BitConverter.SingleToInt32Bits(p.First) != BitConverter.SingleToInt32Bits(p.Second));
}
