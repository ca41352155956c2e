using System.Globalization;
using System.Text;
using Som.Runner.Commands;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som train --device KIND:I,J --resume DIR</c> (docs/contract.md §11, §16): a checkpoint written by a run on two ILGPU
/// CPU accelerators resumes on two, and on three, to the bits of the uninterrupted two-device run (sharded runs give the
/// same bits for every device count); on one device it is refused, naming both engines.
/// </summary>
public sealed class ResumeDeviceListTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly SomOptions Options = new() { Width = 4, Height = 3, Epochs = 5, Seed = 3, Init = InitMethod.Samples };

    private static readonly string[] Train = ["train", "--map", "4x3", "--epochs", "5", "--seed", "3", "--init", "samples", "--no-report"];

    /// <summary>k/255 values (the CSV reader divides by 255), so every fixed-point term is exact (docs/contract.md §16).</summary>
    private string Csv()
    {
        var rng = new SomRandom(11);
        var text = new StringBuilder("label,a,b,c,d\n");
        for (int i = 0; i < 37; i++)
        {
            int label = i % 3;
            text.Append(CultureInfo.InvariantCulture, $"{label},{label * 80 + rng.NextInt(60)},{rng.NextInt(255)},{255 - label * 70 - rng.NextInt(50)},{rng.NextInt(9)}\n");
        }
        return _dir.WriteText("d.csv", text.ToString());
    }

    /// <summary>The checkpoint som train writes after <paramref name="epochs"/> epochs on <paramref name="device"/>.</summary>
    private static void WriteCheckpoint(string csv, string device, int epochs, string dir)
    {
        var train = DataSource.Resolve(csv).Train;
        using var sharded = ShardedEngines.Create(device, Options, train.Samples)!;
        sharded.Initialize();
        using var cancel = new CancellationTokenSource();
        int done = 0;
        Directory.CreateDirectory(dir);
        try
        {
            sharded.Train(SomTrainer.Start(Options), 0, state =>
            {
                var w = new float[Options.Units * train.Features];
                sharded.Primary.GetWeights(w);
                ModelFile.SaveCheckpoint(new SomModel(Options, train.Features, w, train.Image, state.Epoch),
                    new Checkpoint(state, train.Name, train.Count, Checkpoint.HashData(train.Samples), 1, 0, new double[state.Epoch], sharded.EngineTag),
                    Path.Combine(dir, "checkpoint.som"));
            }, _ => { if (++done == epochs) cancel.Cancel(); }, cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int[] ModelBits(string dir) => TestData.Bits(ModelFile.Load(Path.Combine(dir, "model.som")).Weights);

    [Fact]
    public void A_two_device_checkpoint_resumes_on_two_or_three_devices_to_the_uninterrupted_bits()
    {
        string csv = Csv();
        var whole = RunnerHarness.Run([.. Train, "--data", csv, "--device", "ilgpu-cpu:0,1", "--out", _dir["whole"]]);
        Assert.True(whole.Exit == 0, whole.Error + whole.Output);

        foreach (string device in new[] { "ilgpu-cpu:0,1", "ilgpu-cpu:0,1,2" })
        {
            string part = _dir[$"part-{device.Count(c => c == ',') + 1}"];
            WriteCheckpoint(csv, "ilgpu-cpu:0,1", 2, part);
            Assert.Equal(2, ModelFile.LoadCheckpoint(Path.Combine(part, "checkpoint.som")).Checkpoint.State.Epoch);
            var resumed = RunnerHarness.Run([.. Train, "--data", csv, "--device", device, "--resume", part]);
            Assert.True(resumed.Exit == 0, $"{device}: {resumed.Error}{resumed.Output}");
            Assert.Contains("resume: ", resumed.Output);
            Assert.Equal(3, resumed.Output.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
            Assert.Equal(ModelBits(_dir["whole"]), ModelBits(part));
            Assert.False(File.Exists(Path.Combine(part, "checkpoint.som")), "the finished run left its checkpoint");
        }

        string single = _dir["part-single"];
        WriteCheckpoint(csv, "ilgpu-cpu:0,1", 2, single);
        var refused = RunnerHarness.Run([.. Train, "--data", csv, "--device", "ilgpu-cpu", "--resume", single]);
        Assert.Equal(2, refused.Exit);
        Assert.StartsWith("error: --resume: checkpoint was trained on ilgpu-cpu shards, this run's --device ilgpu-cpu is ", refused.Error);
        Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));
        Assert.True(File.Exists(Path.Combine(single, "checkpoint.som")), "the refused resume removed the checkpoint");
    }
}
