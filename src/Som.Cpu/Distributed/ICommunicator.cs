namespace Som;

/// <summary>
/// The few collectives a data-parallel batch epoch needs (docs/architecture.md): a group of <see cref="Size"/>
/// ranks, each holding a contiguous shard of the samples, that reduce their partial per-unit sums and metrics. Two
/// implementations: MPI processes under <c>mpirun</c>, and several engines (one per device) in one process. Every
/// rank calls every collective in the same order with spans of the same length; a collective that cannot complete
/// (a rank died) throws <see cref="TimeoutException"/> rather than waiting for ever.
/// </summary>
public interface ICommunicator : IDisposable
{
    /// <summary>This rank, 0 … <see cref="Size"/> − 1.</summary>
    int Rank { get; }

    /// <summary>Number of ranks, at least 1.</summary>
    int Size { get; }

    /// <summary>
    /// Replaces <paramref name="values"/> on every rank by the element-wise sum over ranks. Integer addition is
    /// associative, so the result does not depend on the order the ranks' values meet in; overflow is the caller's
    /// to rule out.
    /// </summary>
    void AllReduceSum(Span<long> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by the element-wise maximum over ranks.</summary>
    void AllReduceMax(Span<double> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by the element-wise minimum over ranks.</summary>
    void AllReduceMin(Span<double> values);

    /// <summary>Copies <paramref name="data"/> of rank <paramref name="root"/> into <paramref name="data"/> of every rank.</summary>
    void Broadcast(Span<byte> data, int root);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
