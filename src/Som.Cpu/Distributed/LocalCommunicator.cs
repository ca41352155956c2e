namespace Som;

/// <summary>
/// One rank of a <see cref="LocalGroup"/>: the collectives of <see cref="ICommunicator"/> between threads of one
/// process, reduced on the host in rank order (docs/contract.md §16). Each rank's communicator is used by one thread.
/// </summary>
internal sealed class LocalCommunicator(LocalRendezvous rendezvous, int rank) : ICommunicator
{
    /// <inheritdoc />
    public int Rank { get; } = rank;

    /// <inheritdoc />
    public int Size => rendezvous.Size;

    /// <inheritdoc />
    public void AllReduceSum(Span<long> values)
    {
        var total = (long[])rendezvous.Exchange(Rank, nameof(AllReduceSum), values.ToArray(), slots =>
        {
            var parts = Same<long>(slots, nameof(AllReduceSum));
            var sum = new long[parts[0].Length];
            foreach (var part in parts)
            {
                for (int i = 0; i < sum.Length; i++) sum[i] = checked(sum[i] + part[i]);
            }
            return sum;
        });
        total.CopyTo(values);
    }

    /// <inheritdoc />
    public void AllReduceMax(Span<double> values) => Reduce(values, nameof(AllReduceMax), Math.Max);

    /// <inheritdoc />
    public void AllReduceMin(Span<double> values) => Reduce(values, nameof(AllReduceMin), Math.Min);

    /// <inheritdoc />
    public void Broadcast(Span<byte> data, int root)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        var value = (byte[])rendezvous.Exchange(Rank, $"{nameof(Broadcast)} from {root}", data.ToArray(),
            slots => Same<byte>(slots, nameof(Broadcast))[root]);
        value.CopyTo(data);
    }

    /// <inheritdoc />
    public void Barrier() => rendezvous.Exchange(Rank, nameof(Barrier), Array.Empty<byte>(), _ => Array.Empty<byte>());

    /// <summary>Nothing to release: the group's threads share the rendezvous.</summary>
    public void Dispose()
    {
    }

    private void Reduce(Span<double> values, string name, Func<double, double, double> op)
    {
        var result = (double[])rendezvous.Exchange(Rank, name, values.ToArray(), slots =>
        {
            var parts = Same<double>(slots, name);
            var r = (double[])parts[0].Clone();
            for (int p = 1; p < parts.Length; p++)
            {
                for (int i = 0; i < r.Length; i++) r[i] = op(r[i], parts[p][i]);
            }
            return r;
        });
        result.CopyTo(values);
    }

    private static T[][] Same<T>(object[] slots, string name)
    {
        var parts = slots.Cast<T[]>().ToArray();
        for (int r = 1; r < parts.Length; r++)
        {
            if (parts[r].Length != parts[0].Length)
                throw new ArgumentException($"{name}: rank {r} passed {parts[r].Length} values and rank 0 {parts[0].Length}: every rank must pass the same length");
        }
        return parts;
    }
}
