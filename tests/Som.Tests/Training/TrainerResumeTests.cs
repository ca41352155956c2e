using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Training;

/// <summary>
/// A run stopped at a checkpoint and resumed (through the checkpoint file) ends with the same codebook bits as the
/// run left alone, in batch and online mode, mid-epoch included; cancelling stops at a boundary with a checkpoint.
/// </summary>
public sealed class TrainerResumeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[] Uninterrupted(SomOptions options, SampleMatrix data)
    {
        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        SomTrainer.Train(engine, data);
        var w = new float[options.Units * data.Features];
        engine.GetWeights(w);
        return w;
    }

    /// <summary>Runs with checkpoints every <paramref name="every"/>, saving each to a file; returns the final weights and the saved files.</summary>
    private (float[] Final, List<string> Files) WithCheckpoints(SomOptions options, SampleMatrix data, int every)
    {
        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        var files = new List<string>();
        SomTrainer.Train(engine, data, SomTrainer.Start(options), every, state =>
        {
            var w = new float[options.Units * data.Features];
            engine.GetWeights(w);
            string path = _dir[$"c{files.Count}.som"];
            ModelFile.SaveCheckpoint(new SomModel(options, data.Features, w), new Checkpoint(state, "t", data.Count,
                Checkpoint.HashData(data), 0, 0, new double[state.Epoch]), path);
            files.Add(path);
        }, null, CancellationToken.None);
        var final = new float[options.Units * data.Features];
        engine.GetWeights(final);
        return (final, files);
    }

    private static float[] Resumed(string checkpoint, SampleMatrix data)
    {
        var (model, c) = ModelFile.LoadCheckpoint(checkpoint);
        Assert.Equal(Checkpoint.HashData(data), c.DataSha256);
        using var engine = new CpuEngine(model.Options, model.Features);
        engine.SetWeights(model.Weights);
        SomTrainer.Train(engine, data, c.State, 0, null, null, CancellationToken.None);
        var w = new float[model.Options.Units * model.Features];
        engine.GetWeights(w);
        return w;
    }

    [Fact]
    public void Batch_run_resumed_from_every_checkpoint_ends_with_the_same_bits()
    {
        var data = TestData.Clusters(31, 3, 11);
        var options = new SomOptions { Width = 5, Height = 3, Epochs = 7, Seed = 4, Init = InitMethod.Random };
        float[] reference = Uninterrupted(options, data);
        var (final, files) = WithCheckpoints(options, data, 2);
        Assert.Equal(TestData.Bits(reference), TestData.Bits(final));
        Assert.Equal(3, files.Count);   // after epochs 2, 4 and 6 of 7
        Assert.Equal([2, 4, 6], files.Select(f => ModelFile.LoadCheckpoint(f).Checkpoint.State.Epoch));
        foreach (string f in files) Assert.Equal(TestData.Bits(reference), TestData.Bits(Resumed(f, data)));
        // The control: the checkpoint's codebook is not the final one, so resuming did real work.
        Assert.NotEqual(TestData.Bits(reference), TestData.Bits(ModelFile.Load(files[0]).Weights));
    }

    [Fact]
    public void Online_run_resumed_mid_epoch_ends_with_the_same_bits()
    {
        var data = TestData.Clusters(33, 4, 12);
        var options = new SomOptions { Width = 4, Height = 3, Epochs = 3, Mode = TrainingMode.Online, Seed = 9, Init = InitMethod.Samples };
        float[] reference = Uninterrupted(options, data);
        var (final, files) = WithCheckpoints(options, data, 10);
        // Splitting the epochs at the checkpoints changes no bit.
        Assert.Equal(TestData.Bits(reference), TestData.Bits(final));
        var states = files.Select(f => ModelFile.LoadCheckpoint(f).Checkpoint.State).ToList();
        // Steps 10, 20, …, 90 of 99: epoch 1 sample 7 (step 40) is one of them.
        Assert.Equal(9, states.Count);
        Assert.Contains(states, s => s.Epoch == 1 && s.Sample == 7);
        Assert.Equal(states[4].OrderRng, states[5].OrderRng);        // steps 50 and 60 are both in epoch 1: its order's generator
        Assert.NotEqual(states[2].OrderRng, states[3].OrderRng);     // step 30 in epoch 0, step 40 in epoch 1
        foreach (string f in files) Assert.Equal(TestData.Bits(reference), TestData.Bits(Resumed(f, data)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(127)]
    public void Online_checkpoints_at_odd_spacings_change_no_bit(int every)
    {
        var data = TestData.Clusters(33, 2, 13);
        var options = new SomOptions { Width = 3, Height = 1, Epochs = 4, Mode = TrainingMode.Online, Seed = 2, Init = InitMethod.Random };
        float[] reference = Uninterrupted(options, data);
        var (final, files) = WithCheckpoints(options, data, every);
        Assert.Equal(TestData.Bits(reference), TestData.Bits(final));
        Assert.Equal((int)((4L * 33 - 1) / every), files.Count);
        Assert.Equal(TestData.Bits(reference), TestData.Bits(Resumed(files[^1], data)));
    }

    [Theory]
    [InlineData(TrainingMode.Batch)]
    [InlineData(TrainingMode.Online)]
    public void Cancelling_stops_at_the_next_boundary_with_a_checkpoint(TrainingMode mode)
    {
        var data = TestData.Clusters(31, 2, 14);
        var options = new SomOptions { Width = 3, Height = 3, Epochs = 6, Mode = mode, Seed = 5 };
        using var engine = new CpuEngine(options, data.Features);
        SomTrainer.Initialize(engine, data);
        using var cancel = new CancellationTokenSource();
        var got = new List<TrainingState>();
        int epochs = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => SomTrainer.Train(engine, data, SomTrainer.Start(options), 0, got.Add, e =>
        {
            if (++epochs == 2) cancel.Cancel();
        }, cancel.Token));
        // No checkpoints were asked for: the only one is the stop's, after the second epoch.
        var state = Assert.Single(got);
        Assert.Equal((2, 0), (state.Epoch, state.Sample));
        var w = new float[options.Units * 2];
        engine.GetWeights(w);
        using var again = new CpuEngine(options, 2);
        again.SetWeights(w);
        SomTrainer.Train(again, data, state, 0, null, null, CancellationToken.None);
        var resumed = new float[w.Length];
        again.GetWeights(resumed);
        Assert.Equal(TestData.Bits(Uninterrupted(options, data)), TestData.Bits(resumed));
    }

    [Fact]
    public void The_generator_state_continues_its_sequence()
    {
        var a = new SomRandom(123);
        for (int i = 0; i < 5; i++) a.NextUInt64();
        var b = SomRandom.FromState(a.State);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        Assert.Throws<ArgumentException>(() => SomRandom.FromState([0, 0, 0, 0]));
    }
}
