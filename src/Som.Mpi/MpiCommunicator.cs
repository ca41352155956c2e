using System.Diagnostics;
using System.Globalization;

namespace Som.Mpi;

/// <summary>
/// <see cref="ICommunicator"/> over MPI's <c>MPI_COMM_WORLD</c>: one rank per process that <c>mpirun</c> started, on
/// MPICH or OpenMPI as the launcher's environment says (<see cref="MpiLaunch"/>). Every collective is the
/// non-blocking MPI call (<c>MPI_Iallreduce</c>, <c>MPI_Ibcast</c>, <c>MPI_Ibarrier</c>) polled with <c>MPI_Test</c>
/// until it completes or <see cref="Timeout"/> passes; then it throws <see cref="TimeoutException"/> naming the
/// collective and the ranks, and the communicator is spent: the request still holds the caller's buffer, so the only
/// way on is <see cref="Abort"/> (which <see cref="Dispose"/> also takes), not another call.
/// </summary>
internal sealed unsafe class MpiCommunicator : ICommunicator
{
    /// <summary>How long a collective may wait for the other ranks unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Elements per MPI call: counts are C ints, so longer spans go in pieces, in order.</summary>
    internal const int ChunkElements = 1 << 26;

    /// <summary>How long a wait polls flat out (progress happens inside <c>MPI_Test</c>) before it sleeps 1 ms between polls.</summary>
    private static readonly TimeSpan SpinPhase = TimeSpan.FromMilliseconds(500);

    private readonly MpiLibrary _library;
    private long _collectives;
    private string? _failure;
    private bool _finished;

    private MpiCommunicator(MpiLibrary library, TimeSpan timeout)
    {
        _library = library;
        Timeout = timeout;
        Rank = library.Rank();
        Size = library.Size();
        Version = library.Version();
    }

    /// <summary>
    /// Initialises MPI when a launcher started this process, or returns null (and loads nothing) when none did.
    /// </summary>
    /// <param name="timeout">How long each collective may wait for the other ranks.</param>
    /// <exception cref="MpiException">The library cannot be loaded or initialised.</exception>
    public static MpiCommunicator? FromEnvironment(TimeSpan timeout) =>
        MpiLaunch.FromEnvironment() is { } launch ? Start(launch, timeout) : null;

    /// <summary>Loads the library <paramref name="launch"/> names, initialises MPI and checks the launcher's numbering.</summary>
    /// <exception cref="MpiException">The library cannot be loaded or initialised, or its world is not the launcher's.</exception>
    public static MpiCommunicator Start(MpiLaunch launch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var library = MpiLibrary.Load(launch);
        if (!library.Initialized())
        {
            int provided = library.Init();
            if (provided < 2)
                throw new MpiException($"MPI_Init_thread provided thread level {provided}: expected MPI_THREAD_SERIALIZED (2) or more");
        }
        // A failed call (a peer gone) returns its code to the binding, which reports it, instead of ending the job silently.
        library.ReturnErrors();
        var communicator = new MpiCommunicator(library, timeout);
        if (communicator.Rank != launch.Rank || communicator.Size != launch.Size)
        {
            string message = $"{launch.Library} numbers this process rank {communicator.Rank} of {communicator.Size}, but the launcher "
                + $"said rank {launch.Rank} of {launch.Size}: the library is not the launcher's MPI (OpenMPI's mpirun needs libmpi.so.40, "
                + $"MPICH's mpirun.mpich libmpich.so.12)";
            communicator.Abort(1);
            throw new MpiException(message);
        }
        return communicator;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>How long each collective may wait for the other ranks.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Elements per MPI call (<see cref="ChunkElements"/>; <c>som mpi</c> checks smaller pieces too).</summary>
    internal int ChunkLength
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ChunkElements);
            field = value;
        }
    } = ChunkElements;

    /// <summary>The ABI in use.</summary>
    public MpiFlavor Flavor => _library.Flavor;

    /// <summary>The library file loaded.</summary>
    public string LibraryPath => _library.Path;

    /// <summary>The library's own version line.</summary>
    public string Version { get; }

    /// <summary>One line for logs: flavor, library, version, rank and size.</summary>
    public string Describe() =>
        $"{MpiLibrary.Describe(Flavor)} ({LibraryPath}, {Version}), rank {Rank} of {Size}";

    /// <inheritdoc/>
    public void AllReduceSum(Span<long> values)
    {
        fixed (long* p = values) Reduce(p, values.Length, sizeof(long), MpiDatatype.Int64, MpiOperation.Sum, "allreduce-sum", "int64");
    }

    /// <inheritdoc/>
    public void AllReduceMax(Span<double> values)
    {
        fixed (double* p = values) Reduce(p, values.Length, sizeof(double), MpiDatatype.Double, MpiOperation.Max, "allreduce-max", "double");
    }

    /// <inheritdoc/>
    public void AllReduceMin(Span<double> values)
    {
        fixed (double* p = values) Reduce(p, values.Length, sizeof(double), MpiDatatype.Double, MpiOperation.Min, "allreduce-min", "double");
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        string what = $"broadcast of {Count(data.Length)} bytes from rank {root}";
        Begin();
        fixed (byte* p = data)
        {
            // Every rank passes the same length (ICommunicator), so an empty span is no call on any rank.
            for (int start = 0; start < data.Length; start += ChunkLength)
                Wait(_library.Broadcast(p + start, Math.Min(ChunkLength, data.Length - start), root), what);
        }
    }

    /// <inheritdoc/>
    public void Barrier()
    {
        Begin();
        Wait(_library.Barrier(), "barrier");
    }

    /// <summary>
    /// <c>MPI_Abort</c>: ends every rank of the job with <paramref name="code"/> (the launcher reports it). Returns only
    /// if the library does (it should not).
    /// </summary>
    public void Abort(int code)
    {
        _finished = true;
        _library.Abort(code);
    }

    /// <summary>
    /// <c>MPI_Finalize</c> once every rank is done; after a failed collective, <see cref="Abort"/> with code 1 instead
    /// (finalising would wait for the rank that is gone).
    /// </summary>
    public void Dispose()
    {
        if (_finished) return;
        if (_failure is not null)
        {
            Abort(1);
            return;
        }
        _finished = true;
        if (!_library.Finalized()) _library.FinalizeMpi();
    }

    private void Reduce(void* buffer, int length, int elementSize, MpiDatatype type, MpiOperation operation, string name, string typeName)
    {
        string what = $"{name} of {Count(length)} {typeName} values";
        Begin();
        for (int start = 0; start < length; start += ChunkLength)
        {
            int count = Math.Min(ChunkLength, length - start);
            Wait(_library.AllReduce((byte*)buffer + (long)start * elementSize, count, type, operation), what);
        }
    }

    private void Begin()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_failure is not null)
            throw new InvalidOperationException($"MPI rank {Rank} of {Size}: an earlier collective failed ({_failure}); the job can only abort");
        _collectives++;
    }

    /// <summary>Polls <paramref name="request"/> until it completes, or throws once <see cref="Timeout"/> has passed.</summary>
    private void Wait(MpiRequest request, string what)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (!_library.Test(ref request))
            {
                var waited = clock.Elapsed;
                if (waited >= Timeout)
                {
                    _failure = $"{what} timed out";
                    throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                        $"MPI {what} (collective #{_collectives}) did not complete within {Timeout.TotalSeconds:0.###} s on rank {Rank} of {Size} (ranks 0–{Size - 1} take part): another rank died or hangs (waited {waited.TotalSeconds:F1} s)"));
                }
                if (waited < SpinPhase) Thread.Yield();
                else Thread.Sleep(1);
            }
        }
        catch (MpiException e)
        {
            _failure = $"{what} failed";
            throw new MpiException($"MPI {what} (collective #{_collectives}) failed on rank {Rank} of {Size} (ranks 0–{Size - 1} take part): {e.Message}", e);
        }
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
