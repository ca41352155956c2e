using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Api;

/// <summary>
/// The map gives what the engine, the trainer and the metrics give when driven by hand: the same trained bits,
/// the same BMUs and the same QE, TE, hits, U-matrix and unit labels as <see cref="MapEvaluation"/>.
/// </summary>
public class EngineConsistencyTests
{
    public static TheoryData<Topology, TrainingMode, InitMethod> Cases() => new()
    {
        { Topology.Rectangular, TrainingMode.Batch, InitMethod.Pca },
        { Topology.Hexagonal, TrainingMode.Batch, InitMethod.Random },
        { Topology.Rectangular, TrainingMode.Online, InitMethod.Samples },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Train_and_every_answer_equal_the_engine_driven_by_hand(Topology topology, TrainingMode mode, InitMethod init)
    {
        var options = new SomOptions { Width = 6, Height = 4, Topology = topology, Mode = mode, Init = init, Epochs = 4, Seed = 7 };
        var data = TestData.Clusters(300, 5, seed: 11);
        var labels = Enumerable.Range(0, data.Count).Select(i => i % 3).ToArray();
        string what = $"{topology} {mode} {init}";

        using var map = new SelfOrganizingMap(options, data.Features, SomDevice.Cpu);
        int reports = 0;
        map.Train(data, new SyncProgress<EpochReport>(_ => reports++));

        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        SomTrainer.Train(engine, data);
        var expectedWeights = new float[options.Units * data.Features];
        engine.GetWeights(expectedWeights);
        var evaluation = MapEvaluation.Evaluate(engine, new Dataset("clusters", data, labels), null);

        Assert.True(TestData.Bits(expectedWeights).SequenceEqual(TestData.Bits(map.GetWeights())), $"weights differ: {what}");
        Assert.Equal(options.Epochs, reports);
        Assert.Equal(options.Epochs, map.EpochsTrained);
        var bmu = new int[data.Count];
        engine.FindBmus(data, bmu, default);
        Assert.Equal(bmu, map.Winners(data));
        Assert.Equal(bmu[17], map.Winner(data.Row(17)));
        Assert.Equal(evaluation.QuantizationError, map.QuantizationError(data));
        Assert.Equal(evaluation.TopographicError, map.TopographicError(data));
        Assert.True(evaluation.TopographicError > 0, $"TE is 0, the comparison shows nothing: {what}");

        var hits = map.ActivationResponse(data);
        var u = map.DistanceMap();
        var majority = map.MajorityLabels(data, labels);
        var counts = map.LabelsMap(data, labels);
        for (int j = 0; j < options.Units; j++)
        {
            var (x, y) = map.Position(j);
            Assert.Equal(evaluation.Hits[j], hits[x, y]);
            Assert.Equal(evaluation.UMatrix[j], u[x, y]);
            Assert.Equal(evaluation.UnitLabels![j], majority[x, y]);
            Assert.Equal(evaluation.Hits[j], counts[x, y, 0] + counts[x, y, 1] + counts[x, y, 2]);
        }
    }

    [Fact]
    public void Save_and_load_give_identical_weights_and_answers()
    {
        using var dir = new TempDirectory();
        var options = new SomOptions { Width = 5, Height = 3, Epochs = 3, Seed = 3 };
        var data = TestData.Clusters(120, 4, seed: 5);
        using var map = new SelfOrganizingMap(options, 4);
        map.Train(data);
        map.Save(dir["map.som"]);

        using var loaded = SelfOrganizingMap.Load(dir["map.som"]);
        Assert.Equal(options, loaded.Options);
        Assert.Equal(4, loaded.Features);
        Assert.Equal(3, loaded.EpochsTrained);
        Assert.Equal(TestData.Bits(map.GetWeights()), TestData.Bits(loaded.GetWeights()));
        Assert.Equal(map.Winners(data), loaded.Winners(data));
        Assert.Equal(map.QuantizationError(data), loaded.QuantizationError(data));
        Assert.Equal(map.TopographicError(data), loaded.TopographicError(data));
        Assert.Equal(SomModelWeights(dir["map.som"]), TestData.Bits(map.GetWeights()));
    }

    [Fact]
    public void Cancelling_stops_training_between_epochs_and_keeps_the_last_finished_epoch()
    {
        var options = new SomOptions { Width = 4, Height = 4, Epochs = 6 };
        var data = TestData.Clusters(100, 3, seed: 2);
        using var cts = new CancellationTokenSource();
        using var map = new SelfOrganizingMap(options, 3);
        int seen = 0;
        var progress = new SyncProgress<EpochReport>(r =>
        {
            seen++;
            if (r.Epoch == 1) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => map.Train(data, progress, cts.Token));
        Assert.Equal(2, seen);
        Assert.Equal(2, map.EpochsTrained);

        using var engine = new CpuEngine(options, 3);
        SomTrainer.Initialize(engine, data);
        for (int e = 0; e < 2; e++) engine.TrainBatchEpoch(data, SomTrainer.BatchSigma(options, e));
        var expected = new float[options.Units * 3];
        engine.GetWeights(expected);
        Assert.Equal(TestData.Bits(expected), TestData.Bits(map.GetWeights()));
    }

    [Fact]
    public void An_already_cancelled_token_trains_no_epoch()
    {
        using var map = new SelfOrganizingMap(new SomOptions { Width = 3, Height = 3, Epochs = 3 }, 2);
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            map.Train(TestData.Clusters(30, 2, seed: 1), new SyncProgress<EpochReport>(_ => seen++), new CancellationToken(canceled: true)));
        Assert.Equal(0, seen);
        Assert.Equal(0, map.EpochsTrained);
    }

    private static int[] SomModelWeights(string path) => TestData.Bits(ModelFile.Load(path).Weights);

    /// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread (Progress&lt;T&gt; posts it later).</summary>
    private sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
