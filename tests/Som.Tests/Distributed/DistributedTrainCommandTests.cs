using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Som.Runner.Commands;
using Som.Tests.Data;
using Som.Tests.Runner;

namespace Som.Tests.Distributed;

/// <summary>
/// <c>som train</c> as 1, 2, 3 and 5 ranks of an in-process group standing in for mpirun's processes
/// (docs/architecture.md §7), each holding only its rows after the slice, against the same run in one process: every
/// file rank 0 writes (model.som, metrics.json, every picture, report.html) has the one-process bytes, timings aside,
/// on k/255 image data with sample initialisation (where the distributed sums are exact, docs/contract.md §16).
/// </summary>
public sealed class DistributedTrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An MNIST-style folder: 6×5 grey images (non-square) around four shapes, labels in 4 classes, a test split.</summary>
    private string Images(int train, int test)
    {
        string folder = _dir[$"idx-{train}-{test}"];
        Directory.CreateDirectory(folder);
        byte Pixel(int k, int salt)
        {
            int sample = k / 30, p = k % 30, shape = sample % 4;
            int value = (p * (shape + 1) * 37 + shape * 60) % 256;
            return (byte)Math.Clamp(value + (int)(IdxFiles.Noise(k + salt) % 61) - 30, 0, 255);
        }
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), IdxFiles.Images(train, 6, 5, k => Pixel(k, 0)));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), IdxFiles.Labels([.. Enumerable.Range(0, train).Select(i => (byte)(i % 4))]));
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), IdxFiles.Images(test, 6, 5, k => Pixel(k, 7777)));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte"), IdxFiles.Labels([.. Enumerable.Range(0, test).Select(i => (byte)((i + 1) % 4))]));
        return folder;
    }

    private static (int Exit, string Output, string Error)[] OnRanks(int ranks, string[] args)
    {
        // A rank that ends with an error line leaves the others waiting: the timeout's message names what each said.
        var done = new (int Exit, string Output, string Error)?[ranks];
        try
        {
            return new LocalGroup(ranks, TimeSpan.FromSeconds(30)).Run(comm =>
            {
                TrainCommand.InProcessRank.Value = (comm, $"in-process group, rank {comm.Rank} of {ranks}");
                var run = RunnerHarness.Run(args);
                done[comm.Rank] = run;
                return run;
            });
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(e.Message + "\n" + string.Join("\n", done.Select((d, r) => $"rank {r}: {d?.Exit} {d?.Error}")), e);
        }
    }

    /// <summary>metrics.json without what differs by design: timings, the process count, MPI line and rows per rank, and the device line (a rank's thread count).</summary>
    internal static string Metrics(string dir)
    {
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!.AsObject();
        foreach (string key in new[] { "seconds_per_epoch", "seconds_total_training", "seconds_init", "seconds_evaluation", "processes", "mpi", "shards", "device" }) m.Remove(key);
        foreach (var e in m["epochs"]!.AsArray()) e!.AsObject().Remove("seconds");
        return m.ToJsonString();
    }

    /// <summary>report.html with the timing cells and the device line emptied.</summary>
    internal static string Report(string dir)
    {
        string html = Regex.Replace(File.ReadAllText(Path.Combine(dir, "report.html")), "(data-metric=\"[^\"]*seconds[^\"]*\")[^>]*>[^<]*", "$1>");
        return Regex.Replace(html, "(data-field=\"device\">)[^<]*", "$1");
    }

    [Theory]
    [InlineData(1, 1100, 7)]
    [InlineData(2, 1100, 7)]
    [InlineData(3, 1100, 7)]
    [InlineData(5, 1100, 7)]
    [InlineData(5, 6, 5)]   // training and test shards of 1 sample
    public void Rank_0_writes_the_one_process_files(int ranks, int train, int test)
    {
        string data = Images(train, test);
        string[] args = ["train", "--data", data, "--map", train > 100 ? "5x3" : "3x2", "--epochs", "3", "--init", "samples", "--seed", "5"];
        string one = _dir[$"one-{ranks}"], many = _dir[$"many-{ranks}"];
        var single = RunnerHarness.Run([.. args, "--out", one]);
        Assert.True(single.Exit == 0, single.Error + single.Output);
        var runs = OnRanks(ranks, [.. args, "--out", many]);
        for (int r = 0; r < ranks; r++) Assert.True(runs[r].Exit == 0, $"rank {r}: {runs[r].Error}\n{runs[r].Output}");
        Assert.Contains($"mpi: in-process group, rank 0 of {ranks}", runs[0].Output);
        for (int r = 1; r < ranks; r++) Assert.Equal("", runs[r].Output);

        SameFiles(one, many);
    }

    /// <summary>
    /// The two folders hold the same files, with the same bytes for model.som and every picture, and the same
    /// metrics.json and report.html but for timings and the process count.
    /// </summary>
    internal static void SameFiles(string one, string many)
    {
        string[] files = [.. Directory.GetFiles(one).Select(Path.GetFileName).Order()!];
        Assert.Equal(files, Directory.GetFiles(many).Select(Path.GetFileName).Order());
        Assert.Contains("exemplars.png", files);
        Assert.Contains("pca.png", files);
        Assert.Contains("report.html", files);
        foreach (string file in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f == "model.som"))
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(many, file))), $"{file} differs");
        Assert.Equal(Metrics(one), Metrics(many));
        Assert.Equal(Report(one), Report(many));
    }

    /// <summary>A checkpoint after 2 of the run's epochs in one process, recorded with <paramref name="hash"/> as the data's hash and as a sharded CPU run's.</summary>
    private static void WriteCheckpoint(string data, SomOptions options, string dir, Func<SampleMatrix, string> hash)
    {
        var train = DataSource.Resolve(data).Train;
        using var cpu = new Som.Cpu.CpuEngine(options, train.Features);
        SomTrainer.Initialize(cpu, train.Samples);
        using var cancel = new CancellationTokenSource();
        int done = 0;
        Directory.CreateDirectory(dir);
        try
        {
            SomTrainer.Train(cpu, train.Samples, SomTrainer.Start(options), 0, state =>
            {
                var w = new float[options.Units * train.Features];
                cpu.GetWeights(w);
                ModelFile.SaveCheckpoint(new SomModel(options, train.Features, w, train.Image, state.Epoch) { ClassNames = train.ClassNames },
                    new Checkpoint(state, train.Name, train.Count, hash(train.Samples), 1, 0, new double[state.Epoch], "cpu shards"),
                    Path.Combine(dir, TrainCommand.CheckpointName));
            }, _ => { if (++done == 2) cancel.Cancel(); }, cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_checkpoint_with_the_rows_hash_resumes_on_any_rank_count_to_the_uninterrupted_bits(int ranks)
    {
        string data = Images(1100, 7);
        string[] args = ["train", "--data", data, "--map", "5x3", "--epochs", "5", "--init", "samples", "--seed", "5", "--no-report"];
        string whole = _dir[$"whole-{ranks}"], part = _dir[$"part-{ranks}"];
        var single = RunnerHarness.Run([.. args, "--out", whole]);
        Assert.True(single.Exit == 0, single.Error);
        var options = ModelFile.Load(Path.Combine(whole, "model.som")).Options;
        WriteCheckpoint(data, options, part, m => ShardDataHash.Compute(new LocalGroup(1).Communicators[0], m, 0, m.Count));

        var resumed = OnRanks(ranks, [.. args, "--resume", part, "--out", part]);
        for (int r = 0; r < ranks; r++) Assert.True(resumed[r].Exit == 0, $"rank {r}: {resumed[r].Error}");
        Assert.Contains("at epoch 2 of 5", resumed[0].Output);
        Assert.Equal(3, resumed[0].Output.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
        Assert.True(File.ReadAllBytes(Path.Combine(whole, "model.som")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(part, "model.som"))),
            "the resumed model differs from the uninterrupted one");
    }

    [Fact]
    public void A_checkpoint_with_the_one_process_hash_or_of_other_rows_is_refused_with_one_line()
    {
        string data = Images(1100, 7);
        string[] args = ["train", "--data", data, "--map", "5x3", "--epochs", "5", "--init", "samples", "--seed", "5", "--no-report"];
        var single = RunnerHarness.Run([.. args, "--out", _dir["whole"]]);
        Assert.True(single.Exit == 0, single.Error);
        var options = ModelFile.Load(Path.Combine(_dir["whole"], "model.som")).Options;

        WriteCheckpoint(data, options, _dir["one"], Checkpoint.HashData);
        // Every rank refuses it; rank 0 alone says why (one line), the others end with the same exit code.
        var refused = OnRanks(2, [.. args, "--resume", _dir["one"], "--out", _dir["one"]]);
        Assert.All(refused, run => Assert.Equal(2, run.Exit));
        Assert.Equal("error: --resume: the checkpoint was written by a run without mpirun, whose data hash takes every sample at once: "
            + "expected a checkpoint of a run under mpirun, or resume it without mpirun\n", refused[0].Error);
        Assert.Equal("", refused[1].Error);
        // The rows hash of the same count of other rows: one pixel differs.
        WriteCheckpoint(data, options, _dir["other"], m =>
        {
            var values = m.Buffer.ToArray();
            values[777] = values[777] == 0 ? 1 / 255f : 0;
            return ShardDataHash.Compute(new LocalGroup(1).Communicators[0], SampleMatrix.Wrap(values, m.Count, m.Features), 0, m.Count);
        });
        var other = OnRanks(3, [.. args, "--resume", _dir["other"], "--out", _dir["other"]]);
        Assert.All(other, run => Assert.Equal(2, run.Exit));
        Assert.StartsWith("error: --resume: checkpoint was trained on other data: SHA-256 ", other[0].Error);
        Assert.Equal("", other[1].Error + other[2].Error);
        Assert.True(File.Exists(Path.Combine(_dir["other"], TrainCommand.CheckpointName)));
    }
}
