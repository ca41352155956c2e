using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>Hand-computed epochs, and the trainer and the engine's entry points agreeing with each other.</summary>
public class TrainingConsistencyTests
{
    [Fact]
    public void Hand_built_batch_epoch_with_a_kept_unit()
    {
        // 5 × 1 map, prototypes 0 … 4; samples 0.2 and 0.4 hit unit 0, 3.9 hits unit 4. Bubble σ = 1:
        // units 0, 1 see unit 0's hits → 0.3; units 3, 4 see unit 4's → 3.9; unit 2 sees none and keeps 2.
        using var engine = new CpuEngine(new SomOptions { Width = 5, Height = 1, Neighborhood = NeighborhoodKind.Bubble }, 1);
        engine.SetWeights([0, 1, 2, 3, 4]);
        var result = engine.TrainBatchEpoch(new SampleMatrix([0.2f, 0.4f, 3.9f], 3, 1), 1.0);
        var w = new float[5];
        engine.GetWeights(w);
        Assert.Equal([(float)(0.6000000089406967 / 2), (float)(0.6000000089406967 / 2), 2f, 3.9f, 3.9f], w);
        Assert.Equal(1, result.UnitsKept);
    }

    [Fact]
    public void Hand_built_gaussian_batch_epoch()
    {
        // 3 × 1 map; samples 1 (unit 0) and 5 (unit 2); σ = 1, g(δ) = exp(−δ²/2):
        // w_j = (g(j)·1 + g(2 − j)·5) / (g(j) + g(2 − j)), so the middle unit gets exactly 3.
        using var engine = new CpuEngine(new SomOptions { Width = 3, Height = 1 }, 1);
        engine.SetWeights([0, 3, 6]);
        engine.TrainBatchEpoch(new SampleMatrix([1, 5], 2, 1), 1.0);
        var w = new float[3];
        engine.GetWeights(w);
        double g2 = Math.Exp(-2);
        Assert.Equal((1 + g2 * 5) / (1 + g2), w[0], 6);
        Assert.Equal(3.0, w[1], 6);
        Assert.Equal((g2 * 1 + 5) / (g2 + 1), w[2], 6);
    }

    [Fact]
    public void Hand_built_online_step()
    {
        // One sample x = 2 on a 3 × 1 map [0, 10, 20], one step (T = 1: σ = σ0 = 1, α = α0 = 0.5), gaussian.
        var options = new SomOptions { Width = 3, Height = 1, Mode = TrainingMode.Online, SigmaStart = 1, RateStart = 0.5 };
        using var engine = new CpuEngine(options, 1);
        engine.SetWeights([0, 10, 20]);
        engine.TrainOnlineEpoch(new SampleMatrix([2], 1, 1), [0], 0, 1);
        var w = new float[3];
        engine.GetWeights(w);
        Assert.Equal(1.0, w[0], 6);
        Assert.Equal(10 + 0.5 * Math.Exp(-0.5) * (2 - 10), w[1], 5);
        Assert.Equal(20 + 0.5 * Math.Exp(-2) * (2 - 20), w[2], 5);
    }

    [Theory]
    [InlineData(Topology.Rectangular, false, DistanceMetric.Euclidean)]
    [InlineData(Topology.Hexagonal, true, DistanceMetric.Cosine)]
    public void One_online_call_equals_one_call_per_sample(Topology topology, bool torus, DistanceMetric metric)
    {
        var options = new SomOptions
        {
            Width = 9, Height = 4, Topology = topology, Toroidal = torus, Metric = metric, Mode = TrainingMode.Online,
            Neighborhood = NeighborhoodKind.MexicanHat, SigmaStart = 2, Epochs = 2,
        };
        var data = TestData.Clusters(50, 7, 4);
        float[] init = TestData.SampleCodebook(data, options.Units, 4);
        int[] order = TestData.Permutation(50, 9);
        using var whole = new CpuEngine(options, 7);
        using var single = new CpuEngine(options, 7);
        whole.SetWeights(init);
        single.SetWeights(init);
        whole.TrainOnlineEpoch(data, order, 50, 100);
        for (int s = 0; s < order.Length; s++) single.TrainOnlineEpoch(data, order.AsSpan(s, 1), 50 + s, 100);
        var a = new float[init.Length];
        var b = new float[init.Length];
        whole.GetWeights(a);
        single.GetWeights(b);
        Assert.Equal(TestData.Bits(a), TestData.Bits(b));
        Assert.NotEqual(TestData.Bits(init), TestData.Bits(a));
    }

    [Fact]
    public void Batch_trainer_steps_sigma_once_per_epoch_as_the_oracle()
    {
        var options = new SomOptions { Width = 6, Height = 5, Epochs = 5, SigmaStart = 3, SigmaEnd = 0.5, SigmaSchedule = ScheduleKind.Exponential, Init = InitMethod.Samples };
        var data = TestData.Clusters(80, 4, 2);
        using var trained = new CpuEngine(options, 4);
        using var manual = new CpuEngine(options, 4);
        SomTrainer.Initialize(trained, data);
        SomTrainer.Initialize(manual, data);
        var reports = new List<EpochReport>();
        var report = SomTrainer.Train(trained, data, reports.Add);
        for (int e = 0; e < options.Epochs; e++)
        {
            double sigma = NaiveSom.Schedule(options.SigmaSchedule, 3, 0.5, e, options.Epochs);
            Assert.Equal(sigma, reports[e].Sigma, 14);
            Assert.Equal(e, reports[e].Epoch);
            manual.TrainBatchEpoch(data, reports[e].Sigma);
        }
        Assert.Equal(options.Epochs, reports.Count);
        Assert.Equal(options.Epochs, report.SecondsPerEpoch.Count);
        Assert.Equal(0.5, reports[^1].Sigma, 14);
        var a = new float[30 * 4];
        var b = new float[30 * 4];
        trained.GetWeights(a);
        manual.GetWeights(b);
        Assert.Equal(TestData.Bits(b), TestData.Bits(a));
    }

    [Fact]
    public void Online_trainer_runs_epochs_times_n_steps()
    {
        var options = new SomOptions { Width = 4, Height = 4, Mode = TrainingMode.Online, Epochs = 3, SigmaStart = 2, SigmaEnd = 0.5 };
        var data = TestData.Clusters(40, 3, 2);
        using var engine = new CpuEngine(options, 3);
        SomTrainer.Initialize(engine, data);
        var reports = new List<EpochReport>();
        SomTrainer.Train(engine, data, reports.Add);
        Assert.Equal(3, reports.Count);
        for (int e = 0; e < 3; e++)
            Assert.Equal(NaiveSom.Schedule(options.SigmaSchedule, 2, 0.5, e * 40L, 120), reports[e].Sigma, 14);
    }

    [Fact]
    public void Trainer_stops_between_epochs_when_cancelled()
    {
        var options = new SomOptions { Width = 4, Height = 4, Epochs = 10 };
        var data = TestData.Clusters(40, 3, 2);
        using var engine = new CpuEngine(options, 3);
        SomTrainer.Initialize(engine, data);
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        Assert.Throws<OperationCanceledException>(() => SomTrainer.Train(engine, data, r =>
        {
            if (++seen == 2) cancel.Cancel();
        }, cancel.Token));
        Assert.Equal(2, seen);
    }

    [Fact]
    public void Separable_and_dense_gaussian_smoothing_agree()
    {
        // c = 0 takes the separable two-pass path; a compact support too wide to cut anything takes the dense path.
        foreach (bool torus in new[] { false, true })
        {
            var options = new SomOptions { Width = 13, Height = 7, Toroidal = torus };
            var data = TestData.Clusters(300, 6, 8);
            float[] init = TestData.UniformCodebook(options.Units, 6, 8);
            using var separable = new CpuEngine(options, 6);
            using var dense = new CpuEngine(options with { CompactSupport = 1e6 }, 6);
            separable.SetWeights(init);
            dense.SetWeights(init);
            separable.TrainBatchEpoch(data, 2.5);
            dense.TrainBatchEpoch(data, 2.5);
            var a = new float[init.Length];
            var b = new float[init.Length];
            separable.GetWeights(a);
            dense.GetWeights(b);
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= 2.5e-7 * (1 + Math.Abs(b[i])), $"torus={torus} weight {i}: separable {a[i]:R}, dense {b[i]:R}");
        }
    }
}
