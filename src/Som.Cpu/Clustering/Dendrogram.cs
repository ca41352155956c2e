namespace Som;

/// <summary>
/// The result of agglomerative clustering (docs/contract.md §15): the n − 1 merges in the order they were made, in
/// scipy's linkage-matrix convention, with the leaf order of the dendrogram and the cut into k clusters.
/// </summary>
internal sealed class Dendrogram
{
    /// <summary>Wraps the merges of <paramref name="count"/> points.</summary>
    public Dendrogram(int count, Linkage linkage, Merge[] merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"{count} points: expected at least 1");
        if (merges.Length != count - 1) throw new ArgumentException($"{merges.Length} merges of {count} points: expected {count - 1}", nameof(merges));
        Count = count;
        Linkage = linkage;
        Merges = merges;
    }

    /// <summary>Points n (the leaves).</summary>
    public int Count { get; }

    /// <summary>The linkage the tree was built with.</summary>
    public Linkage Linkage { get; }

    /// <summary>The n − 1 merges in order; merge s makes cluster n + s.</summary>
    public IReadOnlyList<Merge> Merges { get; }

    /// <summary>The merge heights in merge order.</summary>
    public double[] Heights() => Merges.Select(m => m.Height).ToArray();

    /// <summary>
    /// The leaves left to right as a dendrogram draws them: from the root, each cluster lists its first child
    /// (<see cref="Merge.A"/>, the smaller id) before its second, as scipy's <c>leaves_list</c>.
    /// </summary>
    public int[] LeafOrder()
    {
        var order = new List<int>(Count);
        var stack = new Stack<int>();
        stack.Push(2 * Count - 2);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (id < Count)
            {
                order.Add(id);
                continue;
            }
            var m = Merges[id - Count];
            stack.Push(m.B);
            stack.Push(m.A);
        }
        return [.. order];
    }

    /// <summary>
    /// The clusters after the first n − k merges: a label 0 … k − 1 per point, numbered in order of each cluster's
    /// lowest point index (point 0 is in cluster 0).
    /// </summary>
    public int[] Cut(int k)
    {
        if (k < 1 || k > Count) throw new ArgumentOutOfRangeException(nameof(k), $"k = {k}: expected 1 … {Count}, the points");
        var parent = new int[Count];
        for (int i = 0; i < Count; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        var leafOf = new int[2 * Count - 1];
        for (int i = 0; i < Count; i++) leafOf[i] = i;
        for (int s = 0; s < Count - 1; s++)
        {
            var m = Merges[s];
            leafOf[Count + s] = leafOf[m.A];
            if (s >= Count - k) continue;
            int a = Find(leafOf[m.A]), b = Find(leafOf[m.B]);
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        var labels = new int[Count];
        var byRoot = new Dictionary<int, int>();
        for (int i = 0; i < Count; i++)
        {
            int r = Find(i);
            if (!byRoot.TryGetValue(r, out int label)) byRoot[r] = label = byRoot.Count;
            labels[i] = label;
        }
        return labels;
    }

    /// <summary>
    /// A height that separates the first n − k merges from the rest: midway between merge n − k and merge n − k + 1
    /// (counting from 1); half the first height for k = n, and 5 % of the top height above it for k = 1.
    /// </summary>
    public double CutHeight(int k)
    {
        if (k < 1 || k > Count) throw new ArgumentOutOfRangeException(nameof(k), $"k = {k}: expected 1 … {Count}, the points");
        if (Count == 1) return 0;
        int below = Count - k;
        if (k == Count) return Merges[0].Height / 2;
        if (k == 1)
        {
            double top = Merges[^1].Height;
            return top > 0 ? top * 1.05 : 1;
        }
        return (Merges[below - 1].Height + Merges[below].Height) / 2;
    }
}
