using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>Bad arguments to the engine: each is refused with a one-line error naming the problem, and the codebook is untouched.</summary>
public class EngineGuardTests
{
    private static readonly SomOptions Options = new() { Width = 5, Height = 3 };
    private const int D = 4;

    private static CpuEngine Engine(out float[] weights)
    {
        var engine = new CpuEngine(Options, D);
        weights = TestData.UniformCodebook(Options.Units, D, 1);
        engine.SetWeights(weights);
        return engine;
    }

    private static void AssertUnchanged(CpuEngine engine, float[] weights)
    {
        var now = new float[weights.Length];
        engine.GetWeights(now);
        Assert.Equal(TestData.Bits(weights), TestData.Bits(now));
    }

    [Fact]
    public void A_topographic_rule_of_the_other_lattice_is_refused_naming_adjacency()
    {
        using var engine = Engine(out var weights);
        var data = TestData.Clusters(10, D, 2);
        var e = Assert.Throws<SomOptionException>(() => engine.Measure(data, Adjacency.Six, new int[10]));
        Assert.Equal(nameof(SomOptions.Adjacency), e.OptionName);
        using var hex = new CpuEngine(new SomOptions { Width = 4, Height = 4, Topology = Topology.Hexagonal }, D);
        hex.SetWeights(TestData.UniformCodebook(16, D, 3));
        Assert.Equal(nameof(SomOptions.Adjacency), Assert.Throws<SomOptionException>(() => hex.Measure(data, Adjacency.Eight, new int[10])).OptionName);
        Assert.Equal(nameof(SomOptions.Adjacency), Assert.Throws<SomOptionException>(() => hex.Measure(data, (Adjacency)9, new int[10])).OptionName);
        AssertUnchanged(engine, weights);
    }

    [Fact]
    public void Wrong_feature_count_is_refused_by_every_operation()
    {
        using var engine = Engine(out var weights);
        var data = TestData.Clusters(10, D + 1, 2);
        var expected = $"data has {D + 1} features per sample: expected {D}";
        Assert.Contains(expected, Assert.Throws<SomDataException>(() => engine.TrainBatchEpoch(data, 1.0)).Message);
        Assert.Contains(expected, Assert.Throws<SomDataException>(() => engine.TrainOnlineEpoch(data, [0, 1], 0, 2)).Message);
        Assert.Contains(expected, Assert.Throws<SomDataException>(() => engine.FindBmus(data, new int[10], default)).Message);
        Assert.Contains(expected, Assert.Throws<SomDataException>(() => SomTrainer.Initialize(engine, data)).Message);
        Assert.Contains(expected, Assert.Throws<SomDataException>(() => SomTrainer.Train(engine, data)).Message);
        AssertUnchanged(engine, weights);
    }

    [Fact]
    public void Non_finite_weights_are_refused_naming_unit_and_feature()
    {
        using var engine = Engine(out var weights);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var w = (float[])weights.Clone();
            w[2 * D + 3] = bad;
            var ex = Assert.Throws<SomDataException>(() => engine.SetWeights(w));
            Assert.Contains($"codebook unit 2, feature 3 is {bad}", ex.Message);
        }
        AssertUnchanged(engine, weights);
    }

    [Fact]
    public void Wrong_span_sizes_are_refused()
    {
        using var engine = Engine(out var weights);
        int size = Options.Units * D;
        Assert.Contains($"codebook has {size - 1} weights: expected 15 units × 4 features = {size}",
            Assert.Throws<SomDataException>(() => engine.SetWeights(new float[size - 1])).Message);
        Assert.Throws<SomDataException>(() => engine.SetWeights(new float[size + D]));
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => engine.GetWeights(new float[size + 1])).ParamName);

        var data = TestData.Clusters(6, D, 3);
        Assert.Equal("first", Assert.Throws<ArgumentException>(() => engine.FindBmus(data, new int[5], default)).ParamName);
        Assert.Equal("second", Assert.Throws<ArgumentException>(() => engine.FindBmus(data, new int[6], new int[7])).ParamName);
        AssertUnchanged(engine, weights);
    }

    [Fact]
    public void Bad_online_order_and_steps_are_refused()
    {
        using var engine = Engine(out var weights);
        var data = TestData.Clusters(6, D, 3);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => engine.TrainOnlineEpoch(data, [0, 6], 0, 12)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => engine.TrainOnlineEpoch(data, [-1], 0, 12)).ParamName);
        Assert.Equal("firstStep", Assert.Throws<ArgumentOutOfRangeException>(() => engine.TrainOnlineEpoch(data, [0, 1, 2], 10, 12)).ParamName);
        Assert.Equal("firstStep", Assert.Throws<ArgumentOutOfRangeException>(() => engine.TrainOnlineEpoch(data, [0], -1, 12)).ParamName);
        Assert.Equal("firstStep", Assert.Throws<ArgumentOutOfRangeException>(() => engine.TrainOnlineEpoch(data, [0], 0, 0)).ParamName);
        AssertUnchanged(engine, weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_batch_sigma_is_refused(double sigma)
    {
        using var engine = Engine(out var weights);
        var ex = Assert.Throws<SomOptionException>(() => engine.TrainBatchEpoch(TestData.Clusters(6, D, 3), sigma));
        Assert.Equal("sigma", ex.OptionName);
        AssertUnchanged(engine, weights);
    }

    [Fact]
    public void Feature_count_below_one_is_refused()
    {
        Assert.Contains("0 features", Assert.Throws<SomDataException>(() => new CpuEngine(Options, 0)).Message);
    }

    [Fact]
    public void A_disposed_engine_refuses_work()
    {
        var engine = Engine(out _);
        engine.Dispose();
        engine.Dispose(); // twice is fine
        var data = TestData.Clusters(3, D, 1);
        Assert.Throws<ObjectDisposedException>(() => engine.GetWeights(new float[Options.Units * D]));
        Assert.Throws<ObjectDisposedException>(() => engine.SetWeights(new float[Options.Units * D]));
        Assert.Throws<ObjectDisposedException>(() => engine.FindBmus(data, new int[3], default));
        Assert.Throws<ObjectDisposedException>(() => engine.TrainBatchEpoch(data, 1));
        Assert.Throws<ObjectDisposedException>(() => engine.TrainOnlineEpoch(data, [0], 0, 1));
    }

    [Fact]
    public void Engine_starts_with_a_zero_codebook_and_round_trips_weights()
    {
        using var engine = new CpuEngine(Options, D);
        var w = new float[Options.Units * D];
        engine.GetWeights(w);
        Assert.All(w, v => Assert.Equal(0f, v));
        float[] set = TestData.UniformCodebook(Options.Units, D, 8);
        set[5] = -0f;
        set[6] = float.Epsilon;
        engine.SetWeights(set);
        engine.GetWeights(w);
        Assert.Equal(TestData.Bits(set), TestData.Bits(w));
        Assert.Equal(D, engine.Features);
        Assert.Same(Options, engine.Options);
        Assert.Equal(Options.Units, engine.Grid.Units);
        Assert.StartsWith("CPU (", engine.DeviceName);
    }
}
