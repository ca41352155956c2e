namespace Som;

/// <summary>
/// One rank's place in a distributed run (docs/contract.md §16): its engine, its contiguous shard of the samples
/// (global rows <see cref="Offset"/> … <see cref="Offset"/> + count − 1 of <see cref="Total"/>), the communicator, and
/// the fixed-point scale of the data sums, which every rank derives from the same global bounds.
/// </summary>
internal sealed class DistributedShard
{
    private DistributedShard(IShardEngine engine, SampleMatrix shard, ICommunicator communicator, long offset, long total, double maxAbs)
    {
        Engine = engine;
        Shard = shard;
        Communicator = communicator;
        Offset = offset;
        Total = total;
        MaxAbs = maxAbs;
        Scale = FixedPoint.ScaleFor(maxAbs, total);
    }

    /// <summary>This rank's engine.</summary>
    public IShardEngine Engine { get; }

    /// <summary>This rank's samples.</summary>
    public SampleMatrix Shard { get; }

    /// <summary>The group.</summary>
    public ICommunicator Communicator { get; }

    /// <summary>Global index of the shard's first sample.</summary>
    public long Offset { get; }

    /// <summary>Samples over every rank, N.</summary>
    public long Total { get; }

    /// <summary>max |x_if| over every rank's samples.</summary>
    public double MaxAbs { get; }

    /// <summary>The scale exponent s of the data sums: S_k[f] is held as Σ round(x_if·2^s) (<see cref="FixedPoint.ScaleFor"/> of <see cref="MaxAbs"/>, N).</summary>
    public int Scale { get; }

    /// <summary>The engine's options.</summary>
    public SomOptions Options => Engine.Options;

    /// <summary>
    /// Joins the run: every rank calls it with its own shard. Checks (the same on every rank, so all fail alike) that the
    /// shards are contiguous blocks in rank order that cover 0 … N − 1, and that an online run has one rank only (online
    /// training is sequential, docs/contract.md §7); then agrees on the data's bound.
    /// </summary>
    /// <exception cref="SomDataException">Shards that do not tile the samples.</exception>
    /// <exception cref="SomOptionException">Online mode over more than one rank.</exception>
    public static DistributedShard Join(IShardEngine engine, SampleMatrix shard, ICommunicator communicator, long offset, long total)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(communicator);
        EngineGuards.Features(shard, engine.Features);
        int size = communicator.Size, rank = communicator.Rank;
        // Every rank's (offset, count), so every rank checks the same tiling and throws the same error.
        var layout = new long[2 * size];
        layout[2 * rank] = offset;
        layout[2 * rank + 1] = shard.Count;
        communicator.AllReduceSum(layout);
        long next = 0;
        for (int r = 0; r < size; r++)
        {
            if (layout[2 * r] != next)
                throw new SomDataException($"rank {r}'s shard starts at sample {layout[2 * r]}: expected {next} (contiguous shards in rank order)");
            next += layout[2 * r + 1];
        }
        if (next != total)
            throw new SomDataException($"the shards hold {next} samples: expected the global count {total}");
        if (engine.Options.Mode == TrainingMode.Online && size > 1)
            throw new SomOptionException("mode", "online", $"batch: online training is sequential by definition and cannot be split over {size} ranks");
        Span<double> bound = [MaxAbsOf(shard)];
        communicator.AllReduceMax(bound);
        return new DistributedShard(engine, shard, communicator, offset, total, bound[0]);
    }

    /// <summary>max |x| over the samples (0 for all zeros).</summary>
    internal static double MaxAbsOf(SampleMatrix data)
    {
        float max = 0;
        foreach (float v in data.Buffer) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
