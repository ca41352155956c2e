namespace Som;

/// <summary>
/// The metrics of one split over every rank's shard (docs/contract.md §16): per-sample terms on each rank, summed over
/// the ranks exactly (QE in fixed point at a scale from the global largest distance; TE, hits, class hits and correct
/// labels as integers).
/// </summary>
/// <param name="QuantizationError">(1/N)·Σ_i ‖x_i − w_b(i)‖ over every rank.</param>
/// <param name="TopographicError">Share of all samples whose first and second BMU are not adjacent.</param>
/// <param name="Hits">Samples per unit over every rank.</param>
/// <param name="ClassHits">n[j, c] over every rank (units × classes), or null without labels.</param>
/// <param name="Correct">Samples whose BMU's label (of the unit labels given) is their class, or null.</param>
/// <param name="Bmus">This shard's BMUs.</param>
internal sealed record ShardMetrics(double QuantizationError, double TopographicError, int[] Hits, int[,]? ClassHits, long? Correct, int[] Bmus)
{
    /// <summary>Measures <paramref name="shard"/> (of <paramref name="total"/> samples over every rank) on the codebook <paramref name="weights"/>; every rank calls it.</summary>
    public static ShardMetrics Measure(IShardEngine engine, ICommunicator comm, float[] weights, SampleMatrix shard, long total,
        ReadOnlySpan<int> labels, int[]? unitLabels)
    {
        int n = shard.Count, m = engine.Options.Units, d = engine.Features;
        if (!labels.IsEmpty && labels.Length != n)
            throw new ArgumentException($"labels has {labels.Length} entries: expected 0 or {n}", nameof(labels));
        var rule = engine.Options.ResolvedAdjacency;
        var first = new int[n];
        var second = new int[n];
        engine.FindBmus(shard, first, second);
        var distance = new double[n];
        double max = 0;
        int classes = 0;
        for (int i = 0; i < n; i++)
        {
            distance[i] = SomMetrics.Distance(shard.Row(i), weights.AsSpan(first[i] * d, d));
            max = Math.Max(max, distance[i]);
        }
        foreach (int l in labels) classes = Math.Max(classes, l + 1);
        bool has = !labels.IsEmpty;
        // One max for the distance bound, the class count and (negated) whether every rank has labels.
        Span<double> bounds = [max, classes, has ? 1 : 0, has ? -1 : 0];
        comm.AllReduceMax(bounds);
        if (bounds[2] > 0 && bounds[3] == 0)
            throw new SomDataException("some ranks have class labels and some do not: expected labels on every rank or on none");
        classes = has ? (int)bounds[1] : 0;
        int qeScale = FixedPoint.ScaleFor(bounds[0], total);
        double factor = FixedPoint.Factor(qeScale);

        // [QE sum, TE errors, hits (M), class hits (M × classes), correct]
        var buffer = new long[2 + m + (long)m * classes + 1];
        var grid = engine.Grid;
        for (int i = 0; i < n; i++)
        {
            buffer[0] += FixedPoint.ToFixed(distance[i], factor);
            if (second[i] >= 0 && !grid.AreAdjacent(first[i], second[i], rule)) buffer[1]++;
            buffer[2 + first[i]]++;
            if (has)
            {
                buffer[2 + m + (long)first[i] * classes + labels[i]]++;
                if (unitLabels is not null && unitLabels[first[i]] == labels[i]) buffer[^1]++;
            }
        }
        comm.AllReduceSum(buffer);
        var hits = new int[m];
        for (int j = 0; j < m; j++) hits[j] = checked((int)buffer[2 + j]);
        int[,]? classHits = null;
        if (has)
        {
            classHits = new int[m, classes];
            for (int j = 0; j < m; j++)
                for (int c = 0; c < classes; c++) classHits[j, c] = checked((int)buffer[2 + m + (long)j * classes + c]);
        }
        return new ShardMetrics(FixedPoint.FromFixed(buffer[0], qeScale) / total, (double)buffer[1] / total, hits, classHits,
            has && unitLabels is not null ? buffer[^1] : null, first);
    }
}
