using Som.Mpi;

namespace Som.Runner.Cli;

/// <summary>
/// The runner's side of an MPI job: starts <see cref="MpiCommunicator"/> when <c>mpirun</c> started this process (a
/// run without it loads no MPI library and is today's run), and turns a failed collective into one error line and
/// <c>MPI_Abort</c>, so the launcher ends every rank instead of leaving them waiting.
/// </summary>
internal static class MpiJob
{
    /// <summary>The default of <c>--mpi-timeout</c>, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 120;

    /// <summary>The largest <c>--mpi-timeout</c> (a day): longer waits are not a timeout any more.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    /// <summary>The exit code of a rank whose collective failed or timed out (passed to <c>MPI_Abort</c>).</summary>
    public const int FailedExit = 3;

    /// <summary>The launch this process is part of, or null when no MPI launcher started it.</summary>
    /// <exception cref="UsageException">A launcher variable that makes no sense.</exception>
    public static MpiLaunch? Launch()
    {
        try
        {
            return MpiLaunch.FromEnvironment();
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"mpirun: {e.Message}");
        }
    }

    /// <summary>Initialises MPI when a launcher started this process; null (nothing loaded) otherwise.</summary>
    /// <exception cref="UsageException">MPI cannot be loaded or initialised (named in one line).</exception>
    public static MpiCommunicator? Start(double? timeoutSeconds)
    {
        if (Launch() is not { } launch) return null;
        try
        {
            return MpiCommunicator.Start(launch, TimeSpan.FromSeconds(timeoutSeconds ?? DefaultTimeoutSeconds));
        }
        catch (MpiException e)
        {
            throw new UsageException($"mpirun: {e.Message}");
        }
    }

    /// <summary>
    /// Whether <paramref name="e"/> is a collective that failed or timed out; then this rank has printed
    /// <c>error: …</c> and asked MPI to end the job with <see cref="FailedExit"/>.
    /// </summary>
    public static bool Failed(MpiCommunicator? communicator, Exception e, CommandContext context)
    {
        if (communicator is null || e is not (TimeoutException or MpiException)) return false;
        context.Progress.Flush();
        context.Error.WriteLine($"error: {e.Message}");
        context.Error.Flush();
        communicator.Abort(FailedExit);
        return true;
    }
}
