namespace Som;

/// <summary>
/// Several ranks in one process (docs/architecture.md §6): <see cref="Size"/> communicators sharing one rendezvous,
/// each driven by its own thread, typically one engine per device on its shard of the samples. <see cref="Run{T}"/>
/// starts the threads and waits for all of them; a rank that throws stops the others' collectives at once.
/// </summary>
internal sealed class LocalGroup
{
    /// <summary>How long a collective waits for the other ranks by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private readonly LocalRendezvous _rendezvous;

    /// <summary>A group of <paramref name="size"/> ranks whose collectives wait at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one rank, or a timeout that is not positive.</exception>
    public LocalGroup(int size, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var wait = timeout ?? DefaultTimeout;
        if (wait <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), wait, "expected a positive timeout");
        _rendezvous = new LocalRendezvous(size, wait);
        Communicators = Enumerable.Range(0, size).Select(r => (ICommunicator)new LocalCommunicator(_rendezvous, r)).ToArray();
    }

    /// <summary>Ranks.</summary>
    public int Size => Communicators.Count;

    /// <summary>The communicator of each rank, index = rank.</summary>
    public IReadOnlyList<ICommunicator> Communicators { get; }

    /// <summary>
    /// Runs <paramref name="body"/> for every rank on its own thread and returns the results in rank order. When a rank
    /// throws, the group is broken (the others' next or current collective throws) and, once all threads are done, the
    /// failure that broke the group is rethrown (else the first by rank).
    /// </summary>
    public T[] Run<T>(Func<ICommunicator, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var results = new T[Size];
        var errors = new Exception?[Size];
        var threads = new Thread[Size];
        for (int r = 0; r < Size; r++)
        {
            int rank = r;
            threads[r] = new Thread(() =>
            {
                try
                {
                    results[rank] = body(Communicators[rank]);
                }
                catch (Exception e)
                {
                    errors[rank] = e;
                    _rendezvous.Break(e);
                }
            }) { IsBackground = true, Name = $"rank {rank}" };
            threads[r].Start();
        }
        foreach (var t in threads) t.Join();
        var reason = _rendezvous.BrokenReason;
        var first = errors.FirstOrDefault(e => e is not null && ReferenceEquals(e, reason)) ?? errors.FirstOrDefault(e => e is not null);
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return results;
    }
}
