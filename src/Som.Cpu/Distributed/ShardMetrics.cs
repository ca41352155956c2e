namespace Som;

/// <summary>
/// The metrics of one split over every rank's shard (docs/contract.md §16): per-sample terms on each rank; QE's double
/// sum continued from rank to rank in sample order (<see cref="RankOrderFold"/>: the one-process sum's bits), TE, hits,
/// class hits and correct labels summed over the ranks as integers.
/// </summary>
/// <param name="QuantizationError">(1/N)·Σ_i ‖x_i − w_b(i)‖ over every rank, the sum in sample order.</param>
/// <param name="TopographicError">Share of all samples whose first and second BMU are not adjacent.</param>
/// <param name="Hits">Samples per unit over every rank.</param>
/// <param name="ClassHits">n[j, c] over every rank (units × classes), or null without labels.</param>
/// <param name="Correct">Samples whose BMU's label (of the unit labels given) is their class, or null.</param>
/// <param name="Bmus">This shard's BMUs.</param>
internal sealed record ShardMetrics(double QuantizationError, double TopographicError, int[] Hits, int[,]? ClassHits, long? Correct, int[] Bmus)
{
    /// <summary>
    /// Measures <paramref name="shard"/> (of <paramref name="total"/> samples over every rank) on the codebook
    /// <paramref name="weights"/>; every rank calls it. <paramref name="labelled"/> says whether the split has labels
    /// where the shard alone cannot (a shard of no rows); by default, whether <paramref name="labels"/> has any.
    /// </summary>
    public static ShardMetrics Measure(IShardEngine engine, ICommunicator comm, float[] weights, SampleMatrix? shard, long total,
        ReadOnlySpan<int> labels, int[]? unitLabels, bool? labelled = null)
    {
        // A null shard is a rank with no rows of this split (a test split with fewer rows than ranks).
        int n = shard?.Count ?? 0, m = engine.Options.Units, d = engine.Features;
        if (!labels.IsEmpty && labels.Length != n)
            throw new ArgumentException($"labels has {labels.Length} entries: expected 0 or {n}", nameof(labels));
        var rule = engine.Options.ResolvedAdjacency;
        var first = new int[n];
        var second = new int[n];
        if (shard is not null) engine.FindBmus(shard, first, second);
        var distance = new double[n];
        int classes = 0;
        for (int i = 0; i < n; i++) distance[i] = SomMetrics.Distance(shard!.Row(i), weights.AsSpan(first[i] * d, d));
        foreach (int l in labels) classes = Math.Max(classes, l + 1);
        bool has = labelled ?? !labels.IsEmpty;
        // One max for the class count and (negated) whether every rank has labels.
        Span<double> bounds = [classes, has ? 1 : 0, has ? -1 : 0];
        comm.AllReduceMax(bounds);
        if (bounds[1] > 0 && bounds[2] == 0)
            throw new SomDataException("some ranks have class labels and some do not: expected labels on every rank or on none");
        classes = has ? (int)bounds[0] : 0;
        // QE as SomMetrics.QuantizationError: one double sum in sample order, continued from rank to rank.
        double qeSum = RankOrderFold.Sum(comm, distance);

        // [unused, TE errors, hits (M), class hits (M × classes), correct]
        var buffer = new long[2 + m + (long)m * classes + 1];
        var grid = engine.Grid;
        for (int i = 0; i < n; i++)
        {
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
        return new ShardMetrics(qeSum / total, (double)buffer[1] / total, hits, classHits,
            has && unitLabels is not null ? buffer[^1] : null, first);
    }
}
