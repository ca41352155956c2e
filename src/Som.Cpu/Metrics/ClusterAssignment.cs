namespace Som;

/// <summary>
/// Cluster labels of N points renumbered 0 … k−1 in increasing order of the given labels, with each cluster's
/// size. A label that no point carries (a unit without hits) is not a cluster: it is simply absent, so empty
/// clusters never count towards k.
/// </summary>
internal sealed class ClusterAssignment
{
    private ClusterAssignment(int[] index, int[] sizes, int[] labels)
    {
        Index = index;
        Sizes = sizes;
        Labels = labels;
    }

    /// <summary>The cluster 0 … k−1 of each point.</summary>
    public int[] Index { get; }

    /// <summary>Points per cluster (all ≥ 1).</summary>
    public int[] Sizes { get; }

    /// <summary>The original label of each cluster, increasing.</summary>
    public int[] Labels { get; }

    /// <summary>Number of non-empty clusters k.</summary>
    public int Count => Sizes.Length;

    /// <summary>Renumbers <paramref name="labels"/>, one per point (any int values).</summary>
    /// <exception cref="SomDataException"><paramref name="labels"/> does not have <paramref name="points"/> entries.</exception>
    public static ClusterAssignment Of(ReadOnlySpan<int> labels, int points)
    {
        if (labels.Length != points)
            throw new SomDataException($"cluster labels has {labels.Length} entries: expected {points}, one per point");
        int[] distinct = labels.ToArray();
        Array.Sort(distinct);
        int k = 0;
        for (int i = 0; i < distinct.Length; i++)
        {
            if (i == 0 || distinct[i] != distinct[i - 1]) distinct[k++] = distinct[i];
        }
        Array.Resize(ref distinct, k);
        var index = new int[points];
        var sizes = new int[k];
        for (int i = 0; i < points; i++)
        {
            int c = Array.BinarySearch(distinct, labels[i]);
            index[i] = c;
            sizes[c]++;
        }
        return new ClusterAssignment(index, sizes, distinct);
    }

    /// <summary>
    /// Throws unless 2 ≤ k ≤ N − 1, the range in which the silhouette, Davies–Bouldin and Calinski–Harabasz
    /// indices are defined (scikit-learn raises the same error outside it).
    /// </summary>
    /// <exception cref="SomDataException">k = 1 or k = N.</exception>
    public void EnsureIndexRange(string index)
    {
        int n = Index.Length;
        if (Count < 2 || Count > n - 1)
            throw new SomDataException($"{index}: {Count} non-empty clusters of {n} points: expected 2…{Math.Max(2, n - 1)} clusters (the index is undefined otherwise)");
    }
}
