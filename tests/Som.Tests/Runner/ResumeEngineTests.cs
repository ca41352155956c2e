using System.Globalization;
using System.Text;
using Som.Runner.Commands;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <c>train --resume</c> on another engine: the checkpoint records its engine (<c>cpu</c>, or the GPU engine's
/// device); resuming elsewhere is refused naming both, since only the same engine promises the uninterrupted bits
/// (docs/contract.md §11), while another CPU instruction set or thread count resumes to the same bits.
/// </summary>
public sealed class ResumeEngineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly SomOptions Options = new() { Width = 4, Height = 3, Epochs = 5, Seed = 2, Init = InitMethod.Random };

    private static readonly string[] Train = ["train", "--map", "4x3", "--epochs", "5", "--seed", "2", "--init", "random", "--no-report"];

    private string Csv()
    {
        var rng = new SomRandom(7);
        var text = new StringBuilder("label,a,b,c\n");
        for (int i = 0; i < 31; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i % 2},{rng.NextDouble():R},{rng.NextDouble():R},{i % 2 + rng.NextDouble():R}\n");
        return _dir.WriteText("d.csv", text.ToString());
    }

    /// <summary>A checkpoint after <paramref name="epochs"/> epochs on the CPU engine, recorded as trained on <paramref name="engine"/>.</summary>
    private static void WriteCheckpoint(string csv, int epochs, string dir, string? engine)
    {
        var train = DataSource.Resolve(csv).Train;
        using var cpu = new Som.Cpu.CpuEngine(Options, train.Features);
        SomTrainer.Initialize(cpu, train.Samples);
        using var cancel = new CancellationTokenSource();
        int done = 0;
        Directory.CreateDirectory(dir);
        try
        {
            SomTrainer.Train(cpu, train.Samples, SomTrainer.Start(Options), 0, state =>
            {
                var w = new float[Options.Units * train.Features];
                cpu.GetWeights(w);
                ModelFile.SaveCheckpoint(new SomModel(Options, train.Features, w, train.Image, state.Epoch),
                    new Checkpoint(state, train.Name, train.Count, Checkpoint.HashData(train.Samples), 1, 0, new double[state.Epoch], engine),
                    Path.Combine(dir, "checkpoint.som"));
            }, _ => { if (++done == epochs) cancel.Cancel(); }, cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public void Another_engine_is_refused_naming_both_and_another_instruction_set_resumes_to_the_same_bits()
    {
        string csv = Csv();
        var whole = RunnerHarness.Run([.. Train, "--data", csv, "--out", _dir["whole"]]);
        Assert.True(whole.Exit == 0, whole.Error);

        // A CPU checkpoint on the GPU engine (ILGPU's CPU accelerator stands in for a GPU here).
        string part = _dir["part"];
        WriteCheckpoint(csv, 2, part, "cpu");
        var r = RunnerHarness.Run([.. Train, "--data", csv, "--resume", part, "--device", "ilgpu-cpu"]);
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("error: --resume: checkpoint was trained on cpu, this run's --device ilgpu-cpu is ilgpu-cpu: ", r.Error);
        Assert.Contains("expected the same engine", r.Error);
        Assert.Single(r.Error.TrimEnd('\n').Split('\n'));
        Assert.True(File.Exists(Path.Combine(part, "checkpoint.som")), "the refused resume removed the checkpoint");

        // A GPU checkpoint on the CPU engine.
        WriteCheckpoint(csv, 2, _dir["gpu-part"], "cuda: Some GPU");
        r = RunnerHarness.Run([.. Train, "--data", csv, "--resume", _dir["gpu-part"], "--device", "cpu"]);
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("error: --resume: checkpoint was trained on cuda: Some GPU, this run's --device cpu is cpu: expected the same engine", r.Error);

        // The CPU engine on another instruction set: the same bits as the run never stopped.
        r = RunnerHarness.Run([.. Train, "--data", csv, "--resume", part, "--device", "cpu", "--cpu-kernel", "scalar"]);
        Assert.True(r.Exit == 0, r.Error);
        Assert.Equal(TestData.Bits(ModelFile.Load(_dir["whole/model.som"]).Weights), TestData.Bits(ModelFile.Load(Path.Combine(part, "model.som")).Weights));
    }

    [Fact]
    public void The_engine_is_recorded_and_read_back_and_older_checkpoints_resume_anywhere()
    {
        using (var cpu = new Som.Cpu.CpuEngine(Options, 3)) Assert.Equal("cpu", CheckpointCompare.EngineOf(cpu));
        string csv = Csv();
        WriteCheckpoint(csv, 2, _dir["a"], "opencl: Some Card");
        Assert.Equal("opencl: Some Card", ModelFile.LoadCheckpoint(_dir["a/checkpoint.som"]).Checkpoint.Engine);
        // A checkpoint written before the engine was recorded has none; it is not refused.
        WriteCheckpoint(csv, 2, _dir["old"], null);
        Assert.Null(ModelFile.LoadCheckpoint(_dir["old/checkpoint.som"]).Checkpoint.Engine);
        var r = RunnerHarness.Run([.. Train, "--data", csv, "--resume", _dir["old"]]);
        Assert.True(r.Exit == 0, r.Error);
    }
}
