namespace Som.Cpu;

/// <summary>
/// A reusable barrier for a few threads that meet very often (once per online sample, every few microseconds),
/// where a blocking barrier's wake-up would cost more than the work between meetings. Waiters spin briefly and
/// then yield their core, so a machine with more runnable threads than cores still makes progress.
/// </summary>
internal sealed class SpinBarrier(int participants)
{
    private readonly int _participants = participants;
    private int _remaining = participants;
    private int _generation;
    private volatile bool _aborted;

    /// <summary>Waits until every participant has arrived.</summary>
    /// <exception cref="OperationCanceledException">Another participant failed (<see cref="Abort"/>).</exception>
    public void SignalAndWait()
    {
        int generation = Volatile.Read(ref _generation);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Volatile.Write(ref _remaining, _participants);
            Interlocked.Increment(ref _generation);
            return;
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref _generation) == generation)
        {
            if (_aborted) throw new OperationCanceledException("another worker failed");
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Releases every waiter with an exception (a participant failed and will not arrive).</summary>
    public void Abort() => _aborted = true;
}
