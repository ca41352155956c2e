namespace Som;

/// <summary>
/// One distributed batch epoch (docs/contract.md §16) and its buffers, kept across epochs: the shard's BMUs and
/// fixed-point partial sums (<see cref="IShardEngine.AccumulateShard"/>), one all-reduce of S and C, the per-epoch QE's
/// double sum continued from rank to rank in sample order (<see cref="RankOrderFold"/>: the one-process bits), then the
/// smoothing and division from the global sums (<see cref="IShardEngine.SmoothAndDivide"/>), alike on every rank.
/// </summary>
internal sealed class DistributedEpoch
{
    private readonly DistributedShard _run;
    private readonly ShardSums _partial;
    private readonly long[] _reduced;
    private readonly double[] _sums;
    private readonly double[] _counts;
    private readonly float[] _distances;

    /// <summary>Buffers for <paramref name="run"/>'s map and shard.</summary>
    public DistributedEpoch(DistributedShard run)
    {
        _run = run;
        int m = run.Options.Units, d = run.Engine.Features;
        _partial = new ShardSums(m, d, run.Scale);
        _reduced = new long[(long)m * d + m];
        _sums = new double[(long)m * d];
        _counts = new double[m];
        _distances = run.Options.Metric == DistanceMetric.Euclidean ? new float[run.Shard.Count] : [];
    }

    /// <summary>The epoch at radius <paramref name="sigma"/>; every rank calls it.</summary>
    public BatchEpochResult Run(double sigma)
    {
        var comm = _run.Communicator;
        int md = _sums.Length, m = _counts.Length;
        _partial.Clear();
        _run.Engine.AccumulateShard(_run.Shard, _partial, _distances);
        _partial.Sums.CopyTo(_reduced);
        _partial.Counts.CopyTo(_reduced.AsSpan(md, m));
        comm.AllReduceSum(_reduced);
        // The per-epoch QE (docs/contract.md §10): Σ √d_i in double in sample order, continued from rank to rank.
        bool measure = _distances.Length > 0;
        Span<double> qe = [0];
        if (measure) RankOrderFold.Run(comm, qe, s =>
        {
            foreach (float d in _distances) s[0] += Math.Sqrt(d);
        });
        for (int i = 0; i < md; i++) _sums[i] = FixedPoint.FromFixed(_reduced[i], _run.Scale);
        for (int k = 0; k < m; k++) _counts[k] = _reduced[md + k];
        int kept = _run.Engine.SmoothAndDivide(_sums, _counts, sigma);
        return new BatchEpochResult(kept)
        {
            QuantizationError = measure ? qe[0] / _run.Total : null,
        };
    }
}
