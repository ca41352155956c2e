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

    /// <summary>metrics.json without what differs by design: timings, and the process count and MPI line.</summary>
    private static string Metrics(string dir)
    {
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!.AsObject();
        foreach (string key in new[] { "seconds_per_epoch", "seconds_total_training", "seconds_init", "seconds_evaluation", "processes", "mpi" }) m.Remove(key);
        foreach (var e in m["epochs"]!.AsArray()) e!.AsObject().Remove("seconds");
        return m.ToJsonString();
    }

    /// <summary>report.html with the timing cells emptied.</summary>
    private static string Report(string dir) =>
        Regex.Replace(File.ReadAllText(Path.Combine(dir, "report.html")), "(data-metric=\"[^\"]*seconds[^\"]*\")[^>]*>[^<]*", "$1>");

    [Theory]
    [InlineData(1, 1100, 7)]
    [InlineData(2, 1100, 7)]
    [InlineData(3, 1100, 7)]
    [InlineData(5, 1100, 7)]
    [InlineData(5, 6, 3)]   // training shards of 1 sample; test shards of none and of one
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

        string[] files = [.. Directory.GetFiles(one).Select(Path.GetFileName).Order()!];
        Assert.Equal(files, Directory.GetFiles(many).Select(Path.GetFileName).Order());
        Assert.Contains("exemplars.png", files);
        Assert.Contains("pca.png", files);
        foreach (string file in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f == "model.som"))
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(many, file))), $"{file} differs");
        Assert.Equal(Metrics(one), Metrics(many));
        Assert.Equal(Report(one), Report(many));
    }
}
