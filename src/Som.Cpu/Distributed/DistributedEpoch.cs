namespace Som;

/// <summary>
/// One distributed batch epoch (docs/contract.md §16) and its buffers, kept across epochs: the shard's BMUs and
/// fixed-point partial sums (<see cref="IShardEngine.AccumulateShard"/>), the per-epoch QE's bound (one max over the
/// ranks) and its fixed-point partial sum, one all-reduce of S, C and the QE sum, then the smoothing and division from
/// the global sums (<see cref="IShardEngine.SmoothAndDivide"/>), alike on every rank.
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
        _reduced = new long[(long)m * d + m + 1];
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
        int qeScale = 0;
        bool measure = _distances.Length > 0;
        if (measure)
        {
            // The per-epoch QE's terms √d_i (docs/contract.md §10) in fixed point at a scale from their global maximum.
            double max = 0;
            foreach (float d in _distances) max = Math.Max(max, Math.Sqrt(d));
            Span<double> bound = [max];
            comm.AllReduceMax(bound);
            qeScale = FixedPoint.ScaleFor(bound[0], _run.Total);
            double factor = FixedPoint.Factor(qeScale);
            long qe = 0;
            foreach (float d in _distances) qe += FixedPoint.ToFixed(Math.Sqrt(d), factor);
            _reduced[^1] = qe;
        }
        else
        {
            _reduced[^1] = 0;
        }
        comm.AllReduceSum(_reduced);
        for (int i = 0; i < md; i++) _sums[i] = FixedPoint.FromFixed(_reduced[i], _run.Scale);
        for (int k = 0; k < m; k++) _counts[k] = _reduced[md + k];
        int kept = _run.Engine.SmoothAndDivide(_sums, _counts, sigma);
        return new BatchEpochResult(kept)
        {
            QuantizationError = measure ? FixedPoint.FromFixed(_reduced[^1], qeScale) / _run.Total : null,
        };
    }
}
