using System.Diagnostics;
using System.Globalization;
using Som.Mpi;

namespace Som.Tests.Mpi;

/// <summary>
/// Starts <c>som</c> under Debian's two MPI launchers, <c>mpirun.mpich</c> (MPICH's Hydra) and <c>mpirun.openmpi</c>
/// (OpenMPI's, with <c>--allow-run-as-root --oversubscribe</c>: CI runs as root on two cores), and finds the rank
/// processes of a job by a marker variable each inherits.
/// </summary>
internal static class MpiLaunchers
{
    /// <summary>The variable whose value marks the processes of one test's job.</summary>
    public const string MarkerVariable = "SOMGPU_TEST_MPI_JOB";

    /// <summary>Why the MPI tests cannot run here, or null when both launchers are installed.</summary>
    public static string? Missing { get; } = FindMissing();

    private static string? FindMissing()
    {
        var absent = new[] { "mpirun.mpich", "mpirun.openmpi" }.Where(p => Which(p) is null).ToList();
        return absent.Count == 0 ? null
            : $"{string.Join(" and ", absent)} not found: install MPICH and OpenMPI (data-scripts/get-mpi.sh; .ci/run installs them)";
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>The built som.dll beside the runner assembly the tests reference.</summary>
    public static string SomDll
    {
        get
        {
            string som = Path.Combine(Path.GetDirectoryName(typeof(Som.Runner.Cli.App).Assembly.Location)!, "som.dll");
            Assert.True(File.Exists(som), $"{som} not found");
            return som;
        }
    }

    /// <summary>The launcher's command line for <paramref name="ranks"/> ranks of <c>dotnet som.dll</c> with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo Command(MpiFlavor flavor, int ranks, IEnumerable<string> arguments, string marker)
    {
        var info = new ProcessStartInfo(flavor == MpiFlavor.Mpich ? "mpirun.mpich" : "mpirun.openmpi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (flavor == MpiFlavor.OpenMpi)
        {
            info.ArgumentList.Add("--allow-run-as-root");
            info.ArgumentList.Add("--oversubscribe");
        }
        info.ArgumentList.Add("-np");
        info.ArgumentList.Add(ranks.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(ChildProcess.DotnetHost);
        info.ArgumentList.Add(SomDll);
        foreach (string a in arguments) info.ArgumentList.Add(a);
        ChildProcess.CleanEnvironment(info);
        info.Environment[MarkerVariable] = marker;
        return info;
    }

    /// <summary>Runs a job to its end; returns the launcher's exit code and output.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(MpiFlavor flavor, int ranks, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        string marker = Guid.NewGuid().ToString("N");
        using var process = Process.Start(Command(flavor, ranks, arguments, marker))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(3);
        if (!process.WaitForExit(limit))
        {
            KillJob(process, marker);
            throw new TimeoutException($"mpirun -np {ranks} som {string.Join(' ', arguments)} ({flavor}) ran for more than {limit.TotalSeconds:F0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The rank processes (dotnet running som) of the job marked <paramref name="marker"/>: pid by rank.</summary>
    public static SortedDictionary<int, int> Ranks(string marker)
    {
        var ranks = new SortedDictionary<int, int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            string[] environment;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("som.dll", StringComparison.Ordinal)) continue;
                environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;   // gone, or not ours
            }
            if (!environment.Contains($"{MarkerVariable}={marker}")) continue;
            string? rank = environment.FirstOrDefault(v => v.StartsWith("OMPI_COMM_WORLD_RANK=", StringComparison.Ordinal) || v.StartsWith("PMI_RANK=", StringComparison.Ordinal));
            if (rank is not null && int.TryParse(rank[(rank.IndexOf('=') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int r))
                ranks[r] = pid;
        }
        return ranks;
    }

    /// <summary>Ends the launcher and every rank process of <paramref name="marker"/> that is left (stopped ones too).</summary>
    public static void KillJob(Process launcher, string marker)
    {
        foreach (int pid in Ranks(marker).Values) Signal(pid, "-KILL");
        try
        {
            if (!launcher.HasExited) launcher.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>-STOP</c>, <c>-KILL</c>) to <paramref name="pid"/> with kill(1).</summary>
    public static void Signal(int pid, string signal)
    {
        var (exit, _, error) = ChildProcess.Run("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(exit == 0 || !Directory.Exists($"/proc/{pid}"), $"kill {signal} {pid}: {error}");
    }
}
