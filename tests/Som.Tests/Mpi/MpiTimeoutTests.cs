using System.Diagnostics;
using Som.Mpi;

namespace Som.Tests.Mpi;

/// <summary>
/// <c>--mpi-timeout</c>: a rank that stops answering (SIGSTOP: alive, so the launcher sees nothing wrong) makes every
/// other rank's next collective fail after the timeout with one error line naming the collective and the ranks, and
/// <c>MPI_Abort</c> ends the whole job of <c>som train</c>, the stopped rank included, instead of hanging.
/// </summary>
public sealed class MpiTimeoutTests
{
    [MpiTheory]
    [InlineData("mpich", 3)]
    [InlineData("openmpi", 2)]
    public async Task A_hung_rank_ends_the_job_after_the_timeout_with_the_collective_named(string flavor, int ranks)
    {
        string marker = Guid.NewGuid().ToString("N");
        string outDir = Path.Combine(Path.GetTempPath(), "som-tests-" + marker);
        string checkpoint = Path.Combine(outDir, "checkpoint.som");
        var info = MpiLaunchers.Command(MpiCollectiveTests.Flavor(flavor), ranks,
            ["train", "--data", "fashion-mnist", "--limit", "3000", "--test-limit", "100", "--map", "12x10", "--epochs", "200",
                "--checkpoint-every", "1", "--no-report", "--mpi-timeout", "20", "--out", outDir], marker);
        using var job = Process.Start(info)!;
        try
        {
            job.StandardInput.Close();
            var stderr = job.StandardError.ReadToEndAsync();
            var stdout = job.StandardOutput.ReadToEndAsync();
            // A checkpoint past the first epoch: every rank is inside the epochs' collectives. The timeout is 20 s, not less:
            // on a loaded machine rank 0's checkpoint writes alone can keep the others waiting, and in one run of the whole
            // suite a job timed out 0.6 s after the signal with a 10 s timeout (a survivor had waited 9.4 s already).
            var wait = Stopwatch.StartNew();
            while (!job.HasExited && wait.Elapsed < TimeSpan.FromMinutes(2)
                && !(File.Exists(checkpoint) && ModelFile.LoadCheckpoint(checkpoint).Checkpoint.State.Epoch >= 2)) Thread.Sleep(5);
            if (job.HasExited) Assert.Fail($"the job ended before its second epoch: exit {job.ExitCode}\n{await stdout}\n{await stderr}");
            var pids = MpiLaunchers.Ranks(marker);
            Assert.Equal(Enumerable.Range(0, ranks), pids.Keys);
            MpiLaunchers.Signal(pids[1], "-STOP");
            var clock = Stopwatch.StartNew();
            Assert.True(job.WaitForExit(TimeSpan.FromSeconds(100)), "the job did not end within 100 s of a rank stopping");
            var took = clock.Elapsed;
            string errors = await stderr;
            Assert.True(job.ExitCode != 0, $"the job exited 0 with a rank stopped\n{await stdout}\n{errors}");
            // Not long before the timeout (the collective waited for it), and not long after. The clock starts at the
            // signal, but a survivor may already have been waiting in that collective (see above), so the bound
            // leaves 13 s for that.
            Assert.True(took.TotalSeconds is >= 7 and <= 90,
                $"the job ended {took.TotalSeconds:F2} s after rank 1 stopped: expected 7–90 s\n{await stdout}\n{errors}");
            var survivors = Enumerable.Range(0, ranks).Where(r => r != 1).ToList();
            string[] lines = errors.Replace("\r", "").Split('\n');
            // At least the first survivor to time out says so; MPI_Abort may end the others before they print. Each says
            // how long its collective waited, by its own clock from the collective's start: never less than the 20 s asked.
            var timedOut = lines.Where(l => survivors.Any(r => l.StartsWith("error: MPI ", StringComparison.Ordinal)
                && l.Contains($"did not complete within 20 s on rank {r} of {ranks} (ranks 0–{ranks - 1} take part): another rank died or hangs (waited ", StringComparison.Ordinal))).ToList();
            Assert.True(timedOut.Count > 0, $"no survivor reported the timeout\n{errors}");
            foreach (string line in timedOut)
            {
                string waited = line[(line.LastIndexOf("(waited ", StringComparison.Ordinal) + 8)..line.LastIndexOf(" s)", StringComparison.Ordinal)];
                Assert.InRange(double.Parse(waited, System.Globalization.CultureInfo.InvariantCulture), 20.0, 90.0);
            }
            // MPI_Abort ended every rank, the stopped one too.
            var deadline = Stopwatch.StartNew();
            while (MpiLaunchers.Ranks(marker).Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(50);
            Assert.Empty(MpiLaunchers.Ranks(marker));
        }
        finally
        {
            MpiLaunchers.KillJob(job, marker);
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }
}
