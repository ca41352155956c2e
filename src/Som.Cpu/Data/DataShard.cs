namespace Som;

/// <summary>
/// One rank's part of a data set read without reading the rest (docs/contract.md §16): the contiguous block of rows
/// <see cref="Offset"/> … <see cref="Offset"/> + <see cref="Count"/> − 1 of <see cref="Total"/>, rank r of R holding
/// rows ⌊N·r/R⌋ … ⌊N·(r+1)/R⌋ − 1 (N after the limit), and what every rank knows alike without the other rows: the
/// feature count, the image shape and the class names (all in <see cref="Rows"/>). The readers use no communicator;
/// what needs every rank's rows is left to the caller, which reduces it:
/// <list type="bullet">
/// <item>the class count, when <see cref="ClassCount"/> is null: the labels are in the files, so the count is the
/// all-reduce max of every rank's <c>Rows.ClassCount</c> (IDX and CSV; an image folder knows it from its class folders);</item>
/// <item>the offset and total, when <see cref="Placed"/> is false (an image folder, whose files that do not decode are
/// skipped, so a rank knows only its own count): <see cref="Place"/> them from every rank's count.</item>
/// </list>
/// </summary>
internal sealed class DataShard
{
    /// <summary>A placed shard.</summary>
    public DataShard(Dataset rows, long offset, long total, int? classCount, bool placed = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
        Offset = offset;
        Total = total;
        ClassCount = classCount;
        Placed = placed;
    }

    /// <summary>This rank's rows, with the data set's name, image shape and class names.</summary>
    public Dataset Rows { get; }

    /// <summary>Global index of the first row.</summary>
    public long Offset { get; }

    /// <summary>Rows over every rank, N.</summary>
    public long Total { get; }

    /// <summary>Rows held here.</summary>
    public int Count => Rows.Count;

    /// <summary>Features per row: the same on every rank.</summary>
    public int Features => Rows.Features;

    /// <summary>
    /// The whole data set's class count where it is known without every label (an image folder: its class folders);
    /// null where the caller must take the all-reduce max of every rank's <c>Rows.ClassCount</c>.
    /// </summary>
    public int? ClassCount { get; }

    /// <summary>
    /// False when <see cref="Offset"/> and <see cref="Total"/> count the rank's source items (an image folder's files)
    /// rather than rows: <see cref="Place"/> gives the rows'.
    /// </summary>
    public bool Placed { get; }

    /// <summary>
    /// The same rows at their global place, from every rank's row count in rank order (gathered by the caller, e.g.
    /// an all-reduce sum of a vector holding each rank's count at its index).
    /// </summary>
    /// <exception cref="SomDataException">A rank holds no row: the shards must each hold at least one.</exception>
    public DataShard Place(ReadOnlySpan<long> counts, int rank)
    {
        if ((uint)rank >= (uint)counts.Length) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"expected 0 … {counts.Length - 1}");
        if (counts[rank] != Count) throw new ArgumentException($"rank {rank}'s count {counts[rank]}: expected this shard's {Count}", nameof(counts));
        long offset = 0, total = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            if (counts[r] < 1)
                throw new SomDataException($"{Rows.Name}: rank {r} of {counts.Length} holds no sample: expected at least one per rank (fewer ranks, or more data)");
            if (r < rank) offset += counts[r];
            total += counts[r];
        }
        return new DataShard(Rows, offset, total, ClassCount);
    }

    /// <summary>
    /// Rank <paramref name="rank"/>'s block of <paramref name="total"/> rows over <paramref name="size"/> ranks:
    /// ⌊total·rank/size⌋ up to ⌊total·(rank+1)/size⌋ (exclusive), the same split on every rank.
    /// </summary>
    /// <exception cref="SomDataException">Fewer rows than ranks, so some rank would hold none.</exception>
    public static (long Start, long End) Block(long total, int rank, int size, string name)
    {
        CheckRank(rank, size);
        if (total < size)
            throw new SomDataException($"{name}: {total} samples over {size} ranks: expected at least one per rank (fewer ranks, or more data)");
        return (total * rank / size, total * (rank + 1) / size);
    }

    /// <summary>Throws unless 0 ≤ <paramref name="rank"/> &lt; <paramref name="size"/>.</summary>
    public static void CheckRank(int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if ((uint)rank >= (uint)size) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"expected 0 … {size - 1}");
    }
}
