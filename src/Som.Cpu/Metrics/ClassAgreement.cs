namespace Som;

/// <summary>
/// How well a clustering agrees with known classes (docs/contract.md §15): purity and the adjusted Rand index, as
/// scikit-learn defines them. Clusters and classes are ints ≥ 0, one per point.
/// </summary>
internal static class ClassAgreement
{
    /// <summary>Σ_c max_t n_ct / N: the share of points in their cluster's majority class; 0 for no points.</summary>
    public static double Purity(ReadOnlySpan<int> clusters, ReadOnlySpan<int> classes)
    {
        var n = Contingency(clusters, classes);
        long sum = 0;
        foreach (var row in n.Values) sum += row.Values.Max();
        return clusters.Length == 0 ? 0 : (double)sum / clusters.Length;
    }

    /// <summary>
    /// The adjusted Rand index (Hubert &amp; Arabie 1985): (Σ C(n_ct, 2) − E) / (½(Σ C(a_c, 2) + Σ C(b_t, 2)) − E),
    /// E = Σ C(a_c, 2)·Σ C(b_t, 2) / C(N, 2), with a and b the cluster and class sizes; 1 when the denominator is 0
    /// (both partitions a single group, or both all singletons), as scikit-learn.
    /// </summary>
    public static double AdjustedRand(ReadOnlySpan<int> clusters, ReadOnlySpan<int> classes)
    {
        if (clusters.Length != classes.Length) throw new ArgumentException($"{clusters.Length} clusters for {classes.Length} classes", nameof(classes));
        var n = Contingency(clusters, classes);
        var b = new Dictionary<int, long>();
        double index = 0, sumA = 0;
        foreach (var row in n.Values)
        {
            long a = 0;
            foreach (var (t, count) in row)
            {
                index += Pairs(count);
                a += count;
                b[t] = b.GetValueOrDefault(t) + count;
            }
            sumA += Pairs(a);
        }
        double sumB = b.Values.Sum(Pairs);
        double total = Pairs(clusters.Length);
        double expected = total == 0 ? 0 : sumA * sumB / total;
        double max = (sumA + sumB) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }

    private static double Pairs(long m) => m * (m - 1) / 2.0;

    private static SortedDictionary<int, SortedDictionary<int, long>> Contingency(ReadOnlySpan<int> clusters, ReadOnlySpan<int> classes)
    {
        if (clusters.Length != classes.Length) throw new ArgumentException($"{clusters.Length} clusters for {classes.Length} classes", nameof(classes));
        var n = new SortedDictionary<int, SortedDictionary<int, long>>();
        for (int i = 0; i < clusters.Length; i++)
        {
            if (!n.TryGetValue(clusters[i], out var row)) n[clusters[i]] = row = [];
            row[classes[i]] = row.GetValueOrDefault(classes[i]) + 1;
        }
        return n;
    }
}
