using System.Diagnostics;
using System.Globalization;
using System.Text;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som train --checkpoint-every K</c> and <c>--resume DIR</c>: a run killed (kill -9) or interrupted (SIGINT) and
/// resumed writes the same model bits as the run left alone; other options or data are refused by name.
/// </summary>
public sealed class CheckpointResumeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>n labelled samples × d features in three clusters.</summary>
    private string Csv(string name, int n, int d, ulong seed)
    {
        var rng = new SomRandom(seed);
        var text = new StringBuilder("label");
        for (int f = 0; f < d; f++) text.Append(CultureInfo.InvariantCulture, $",f{f}");
        text.Append('\n');
        for (int i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 3}");
            for (int f = 0; f < d; f++)
                text.Append(',').Append(((float)(i % 3 + rng.NextDouble())).ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return _dir.WriteText(name, text.ToString());
    }

    private static int[] ModelBits(string dir) => TestData.Bits(ModelFile.Load(Path.Combine(dir, "model.som")).Weights);

    private static void Ok((int Exit, string Output, string Error) r, string what) =>
        Assert.True(r.Exit == 0, $"{what}: exit {r.Exit}: {r.Error}\n{r.Output}");

    /// <summary>A checkpoint of <paramref name="options"/> on <paramref name="csv"/> after <paramref name="epochs"/> epochs, as som train writes it.</summary>
    private static void WriteCheckpoint(string csv, SomOptions options, int epochs, string dir, string? hash = null)
    {
        var train = DataSource.Resolve(csv).Train;
        using var engine = new Som.Cpu.CpuEngine(options, train.Features);
        SomTrainer.Initialize(engine, train.Samples);
        using var cancel = new CancellationTokenSource();
        int done = 0;
        try
        {
            SomTrainer.Train(engine, train.Samples, SomTrainer.Start(options), 0, state =>
            {
                var w = new float[options.Units * train.Features];
                engine.GetWeights(w);
                ModelFile.SaveCheckpoint(new SomModel(options, train.Features, w, train.Image, state.Epoch),
                    new Checkpoint(state, train.Name, train.Count, hash ?? Checkpoint.HashData(train.Samples), 1, 0, new double[state.Epoch]),
                    Path.Combine(dir, "checkpoint.som"));
            }, _ => { if (++done == epochs) cancel.Cancel(); }, cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public void Resume_through_the_command_line_gives_the_uninterrupted_bits_and_removes_the_checkpoint()
    {
        string csv = Csv("d.csv", 61, 5, 1);
        string[] args = ["train", "--data", csv, "--map", "5x3", "--epochs", "6", "--seed", "3", "--init", "random", "--no-report"];
        Ok(RunnerHarness.Run([.. args, "--out", _dir["whole"]]), "uninterrupted");
        string part = _dir["part"];
        Directory.CreateDirectory(part);
        var options = new SomOptions { Width = 5, Height = 3, Epochs = 6, Seed = 3, Init = InitMethod.Random };
        WriteCheckpoint(csv, options, 4, part);
        Assert.NotEqual(ModelBits(_dir["whole"]), TestData.Bits(ModelFile.Load(Path.Combine(part, "checkpoint.som")).Weights));

        var resumed = RunnerHarness.Run([.. args, "--resume", part]);
        Ok(resumed, "resumed");
        Assert.Contains("resume: ", resumed.Output);
        Assert.Contains("at epoch 4 of 6", resumed.Output);
        Assert.DoesNotContain("epoch 1/6", resumed.Output);   // epochs 1–4 are not run again
        Assert.Contains("epoch 6/6", resumed.Output);
        Assert.Equal(ModelBits(_dir["whole"]), ModelBits(part));
        Assert.False(File.Exists(Path.Combine(part, "checkpoint.som")));
        // The model of a labelled run is version 2 with unit labels and their votes.
        var model = ModelFile.Load(Path.Combine(part, "model.som"));
        Assert.NotNull(model.UnitLabels);
        Assert.Equal(3, model.UnitLabels!.Classes);
        Assert.Equal(61, model.UnitLabels.Votes.Sum());
    }

    [Fact]
    public void Resuming_with_other_options_or_data_names_the_difference()
    {
        string csv = Csv("d.csv", 40, 3, 2);
        var options = new SomOptions { Width = 4, Height = 2, Epochs = 10, Seed = 1 };
        string part = _dir["part"];
        Directory.CreateDirectory(part);
        WriteCheckpoint(csv, options, 3, part);
        string[] args = ["train", "--data", csv, "--map", "4x2", "--seed", "1", "--resume", part, "--no-report"];

        var r = RunnerHarness.Run([.. args, "--epochs", "12"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: --resume: checkpoint was trained with Epochs = 10, this run has 12 (--epochs)", r.Error.Trim());
        r = RunnerHarness.Run([.. args, "--epochs", "10", "--sigma-end", "0.25"]);
        Assert.Contains("checkpoint was trained with SigmaEnd = 0.5, this run has 0.25 (--sigma-end)", r.Error);
        r = RunnerHarness.Run([.. args, "--epochs", "10", "--limit", "30"]);
        Assert.Contains("checkpoint was trained on 40 samples of d.csv, this run has 30", r.Error);
        string other = Csv("e.csv", 40, 3, 99);
        r = RunnerHarness.Run(["train", "--data", other, "--map", "4x2", "--seed", "1", "--epochs", "10", "--resume", part]);
        Assert.Contains("checkpoint was trained on other data: SHA-256", r.Error);
        Assert.Equal(2, r.Exit);
        // The threads count changes no bit, so it may differ.
        Ok(RunnerHarness.Run([.. args, "--epochs", "10", "--threads", "1"]), "resumed with another thread count");
        // Nothing to resume from.
        r = RunnerHarness.Run([.. args, "--epochs", "10"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal($"error: --resume: no checkpoint at {Path.Combine(part, "checkpoint.som")} (a run with --checkpoint-every K, or one stopped by Ctrl-C, writes it)", r.Error.Trim());
    }

    [Fact]
    public void Checkpoint_every_zero_is_refused()
    {
        string csv = Csv("d.csv", 10, 2, 3);
        var r = RunnerHarness.Run("train", "--data", csv, "--checkpoint-every", "0", "--out", _dir["o"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: --checkpoint-every: 0 is out of range: expected 1…2147483647", r.Error.Trim());
        Assert.False(Directory.Exists(_dir["o"]) && Directory.EnumerateFileSystemEntries(_dir["o"]).Any());
    }

    private static string SomDll()
    {
        string som = Path.Combine(Path.GetDirectoryName(typeof(Som.Runner.Cli.App).Assembly.Location)!, "som.dll");
        Assert.True(File.Exists(som), $"{som} not found");
        return som;
    }

    /// <summary>Whether this process ignores SIGINT (then a child inherits that and only SIGTERM can stop it).</summary>
    private static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 2) != 0;
    }

    [Theory]
    [InlineData("kill")]
    [InlineData("signal")]
    public async Task A_child_killed_or_interrupted_after_a_checkpoint_resumes_to_the_uninterrupted_bits(string how)
    {
        if (how == "signal" && !OperatingSystem.IsLinux()) return;   // the signal is sent with kill(1) and read from /proc
        string csv = Csv("d.csv", 1500, 32, 4);
        string[] args = ["train", "--data", csv, "--map", "12x10", "--mode", "online", "--epochs", "16", "--seed", "8", "--checkpoint-every", "300", "--rate-start", "0.1", "--no-report"];
        string part = _dir["part"];
        var start = new ProcessStartInfo(ChildProcess.DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SomDll());
        foreach (string a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(part);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        string checkpoint = Path.Combine(part, "checkpoint.som");
        var clock = Stopwatch.StartNew();
        // Wait for a checkpoint past the first epoch, so a resume that restarted the run would show.
        while (!child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)
            && !(File.Exists(checkpoint) && ModelFile.LoadCheckpoint(checkpoint).Checkpoint.State.Epoch >= 2)) Thread.Sleep(5);
        Assert.True(File.Exists(checkpoint), $"no checkpoint appeared: exit {(child.HasExited ? child.ExitCode : -1)}");
        int expectedExit;
        if (how == "kill")
        {
            child.Kill();
            expectedExit = 137;
        }
        else
        {
            bool term = SigintIgnored();   // a shell's background job ignores SIGINT; the same stop then comes from SIGTERM
            var (k, _, ke) = ChildProcess.Run("kill", [term ? "-TERM" : "-INT", child.Id.ToString(CultureInfo.InvariantCulture)]);
            Assert.True(k == 0, ke);
            expectedExit = term ? 143 : 130;
        }
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the child did not stop");
        string log = await stdout + await stderr;
        Assert.True(child.ExitCode == expectedExit, $"exit {child.ExitCode}, expected {expectedExit}\n{log}");
        if (how == "signal")
        {
            Assert.Contains($"resume with: som train --data {csv}", log);
            Assert.Contains($"--resume {part}", log);
            Assert.Contains($"interrupted at epoch ", log);
        }
        var (_, c) = ModelFile.LoadCheckpoint(checkpoint);   // intact, and not at the end
        Assert.InRange(c.State.Epoch, 2, 15);

        var resumed = RunnerHarness.Run([.. args, "--resume", part]);
        Ok(resumed, "resumed");
        // Only the epochs after the checkpoint's run again (the one it stopped in included).
        int ran = resumed.Output.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal));
        Assert.Equal(16 - c.State.Epoch, ran);
        Ok(RunnerHarness.Run([.. args, "--out", _dir["whole"]]), "uninterrupted");
        Assert.Equal(ModelBits(_dir["whole"]), ModelBits(part));
    }
}
