using System.Diagnostics;
using System.Text.Json.Nodes;
using Som.Tests.Oracle;

namespace Som.Tests.Mpi;

/// <summary>
/// <c>mpirun -np N som train</c> on a Fashion-MNIST subset (pixels k/255, where the distributed sums are exact and the
/// run equals the one-process run with a random or samples start, docs/contract.md §16): the same model bits as <c>som train</c> without mpirun, on
/// MPICH and OpenMPI, at 2 and 3 ranks; and a job with a rank killed mid-run (kill -9) stops, leaves its last checkpoint
/// intact, and <c>--resume</c> under mpirun ends with the uninterrupted run's bits.
/// </summary>
public sealed class MpiTrainTests : IDisposable, IClassFixture<MpiTrainTests.OneProcessReport>
{
    // 2,000 rows: the PCA view's 1024-row chunks are cut by the shards at 2 and 3 ranks.
    private static readonly string[] Train =
        ["train", "--data", "fashion-mnist", "--limit", "2000", "--test-limit", "300", "--map", "8x7", "--epochs", "3", "--init", "samples"];

    private static readonly Lazy<(int[] Bits, JsonNode Metrics)> Single = new(() => RunSingle([.. Train, "--no-report"]));

    private readonly TempDirectory _dir = new();
    private readonly OneProcessReport _single;

    public MpiTrainTests(OneProcessReport single) => _single = single;

    /// <summary>The one-process run with its pictures and report, made once for the class when a test first needs it.</summary>
    public sealed class OneProcessReport : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly Lazy<string> _folder;

        public OneProcessReport() => _folder = new(() =>
        {
            string dir = _dir["one"];
            var (exit, output, error) = Som.Tests.Runner.RunnerHarness.Run([.. Train, "--out", dir]);
            Assert.True(exit == 0, $"one process: exit {exit}: {error}\n{output}");
            return dir;
        });

        public string Folder => _folder.Value;

        public void Dispose() => _dir.Dispose();
    }

    public void Dispose() => _dir.Dispose();

    private static (int[] Bits, JsonNode Metrics) RunSingle(string[] args)
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = Som.Tests.Runner.RunnerHarness.Run([.. args, "--out", dir.Path]);
        Assert.True(exit == 0, $"one process: exit {exit}: {error}\n{output}");
        return (ModelBits(dir.Path), JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")))!);
    }

    private static int[] ModelBits(string dir) => TestData.Bits(ModelFile.Load(Path.Combine(dir, "model.som")).Weights);

    [MpiTheory]
    [InlineData("mpich", 2)]
    [InlineData("mpich", 3)]
    [InlineData("openmpi", 2)]
    [InlineData("openmpi", 3)]
    public void Ranks_train_the_one_process_model_bit_for_bit(string flavor, int ranks)
    {
        string outDir = _dir["out"];
        var (exit, stdout, stderr) = MpiLaunchers.Run(MpiCollectiveTests.Flavor(flavor), ranks, [.. Train, "--no-report", "--out", outDir]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(Single.Value.Bits, ModelBits(outDir));
        // Rank 0 alone reports: one set of epoch lines, one "wrote".
        string[] lines = stdout.Replace("\r", "").Split('\n');
        Assert.Equal(3, lines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("wrote ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mpi: ", StringComparison.Ordinal) && l.Contains($"rank 0 of {ranks}, {ranks} shards of ", StringComparison.Ordinal));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")))!;
        Assert.Equal(ranks, (int)metrics["processes"]!);
        Assert.Equal(1, (int)Single.Value.Metrics["processes"]!);
        Assert.StartsWith(flavor == "mpich" ? "MPICH (libmpich.so.12" : "OpenMPI (libmpi.so.40", (string)metrics["mpi"]!);
        // Each rank read and trained on its block of the 2,000 rows only, as its reader returned it.
        var shards = metrics["shards"]!.AsArray();
        Assert.Equal(ranks, shards.Count);
        for (int r = 0; r < ranks; r++)
        {
            Assert.Equal(r, (int)shards[r]!["rank"]!);
            Assert.Equal(2000L * r / ranks, (long)shards[r]!["offset"]!);
            Assert.Equal(2000L * (r + 1) / ranks - 2000L * r / ranks, (long)shards[r]!["rows"]!);
        }
        Assert.Null(Single.Value.Metrics["shards"]);
        Assert.Contains(lines, l => l.StartsWith("data: ", StringComparison.Ordinal) && l.EndsWith($"each rank read only its block, rank 0 rows 0–{2000 / ranks - 1}", StringComparison.Ordinal));
        // The final codebook evaluated over every rank's rows (docs/contract.md §16): the one-process figures exactly.
        foreach (string key in new[] { "quantization_error", "topographic_error", "purity", "train_accuracy", "test_accuracy", "test_quantization_error" })
            Assert.Equal((double)Single.Value.Metrics[key]!, (double)metrics[key]!);
        Assert.Equal(["metrics.json", "model.som"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
    }

    [MpiFact]
    public void Ranks_read_an_image_folder_in_slices_placed_round_a_skipped_file_to_the_one_process_bits()
    {
        // 40 grey 6×5 images in two classes and one file that does not decode: the ranks' blocks of files hold
        // 13, 14 and 14 of the 41 files, and rank 0, which holds the broken one, trains on one image fewer.
        for (int i = 0; i < 40; i++)
        {
            var pixels = Enumerable.Range(0, 30).Select(p => Som.Tests.Data.IdxFiles.Noise(i * 31 + p)).ToArray();
            _dir.Write($"imgs/{(i % 2 == 0 ? "even" : "odd")}/{i:D2}.png", Som.Tests.Runner.TestImages.GreyPng(6, 5, pixels));
        }
        _dir.Write("imgs/even/05-broken.png", [1, 2, 3]);
        string[] args = ["train", "--data", _dir["imgs"], "--map", "4x3", "--epochs", "2", "--init", "samples", "--no-report"];
        var single = RunSingle(args);
        string outDir = _dir["out"];
        var (exit, stdout, stderr) = MpiLaunchers.Run(MpiCollectiveTests.Flavor("mpich"), 3, [.. args, "--out", outDir]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(single.Bits, ModelBits(outDir));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")))!;
        long[] rows = [.. metrics["shards"]!.AsArray().Select(s => (long)s!["rows"]!)];
        long[] offsets = [.. metrics["shards"]!.AsArray().Select(s => (long)s!["offset"]!)];
        // Sorted, even/ comes first: 05-broken.png is among rank 0's first 13 files.
        Assert.Equal([12L, 14, 14], rows);
        Assert.Equal([0L, 12, 26], offsets);
        Assert.Contains("skipped 1 of files 1–13", stderr + stdout);
    }

    [MpiTheory]
    [InlineData("mpich", 2)]
    [InlineData("mpich", 3)]
    [InlineData("openmpi", 2)]
    [InlineData("openmpi", 3)]
    public void Ranks_write_the_one_process_pictures_and_report(string flavor, int ranks)
    {
        string outDir = _dir["out"];
        var (exit, stdout, stderr) = MpiLaunchers.Run(MpiCollectiveTests.Flavor(flavor), ranks, [.. Train, "--out", outDir]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        // Every picture from rows reduced over the ranks: the one-process bytes (docs/architecture.md §7).
        Som.Tests.Distributed.DistributedTrainCommandTests.SameFiles(_single.Folder, outDir);
    }

    [MpiTheory]
    [InlineData("mpich", 2)]
    [InlineData("openmpi", 3)]
    public async Task A_rank_killed_mid_run_stops_the_job_and_resume_under_mpirun_gives_the_uninterrupted_bits(string flavor, int ranks)
    {
        string[] args = ["train", "--data", "fashion-mnist", "--limit", "3000", "--test-limit", "100", "--map", "12x10", "--epochs", "40", "--init", "random",
            "--checkpoint-every", "1", "--no-report", "--mpi-timeout", "20"];
        string part = _dir["part"];
        string marker = Guid.NewGuid().ToString("N");
        var mpiFlavor = MpiCollectiveTests.Flavor(flavor);
        using var job = Process.Start(MpiLaunchers.Command(mpiFlavor, ranks, [.. args, "--out", part], marker))!;
        Checkpoint? before;
        try
        {
            job.StandardInput.Close();
            var stdout = job.StandardOutput.ReadToEndAsync();
            var stderr = job.StandardError.ReadToEndAsync();
            string checkpoint = Path.Combine(part, "checkpoint.som");
            var clock = Stopwatch.StartNew();
            while (!job.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)
                && !(File.Exists(checkpoint) && ModelFile.LoadCheckpoint(checkpoint).Checkpoint.State.Epoch >= 2)) Thread.Sleep(5);
            if (job.HasExited) Assert.Fail($"the job ended before a second checkpoint: exit {job.ExitCode}\n{await stdout}\n{await stderr}");
            var pids = MpiLaunchers.Ranks(marker);
            Assert.Equal(Enumerable.Range(0, ranks), pids.Keys);
            MpiLaunchers.Signal(pids[ranks - 1], "-KILL");
            Assert.True(job.WaitForExit(TimeSpan.FromSeconds(60)), "the job did not stop within 60 s of a rank's death");
            string log = await stdout + await stderr;
            Assert.True(job.ExitCode != 0, $"the job exited 0 with a rank killed\n{log}");
            before = ModelFile.LoadCheckpoint(checkpoint).Checkpoint;   // intact, and not at the end
            Assert.InRange(before.State.Epoch, 2, 39);
            Assert.False(File.Exists(Path.Combine(part, "model.som")), "a model was written by a job that did not finish");
        }
        finally
        {
            MpiLaunchers.KillJob(job, marker);
        }

        var resumed = MpiLaunchers.Run(mpiFlavor, ranks, [.. args, "--resume", part]);
        Assert.True(resumed.Exit == 0, $"resume: exit {resumed.Exit}\n{resumed.Stdout}\n{resumed.Stderr}");
        Assert.Contains($"at epoch {before.State.Epoch} of 40", resumed.Stdout);
        int ran = resumed.Stdout.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal));
        Assert.Equal(40 - before.State.Epoch, ran);
        Assert.Equal(RunSingle(args).Bits, ModelBits(part));
    }
}
