using Som.Cpu;

namespace Som;

/// <summary>
/// Internal clustering indices (docs/contract.md §10) with the definitions scikit-learn computes (Euclidean, in double): the silhouette
/// (<see cref="Silhouette"/>), Davies–Bouldin and Calinski–Harabasz. Clusters are an int label per point; labels no
/// point carries (units without hits) are ignored. All three are undefined for k = 1 or k = N non-empty clusters,
/// and, as in scikit-learn, asking for them there is an error (<see cref="SomDataException"/>).
/// <para>Three levels of a trained map (<see cref="AtLevels"/>): (1) samples, cluster = their BMU; (2) samples,
/// cluster = the cluster of their BMU's unit; (3) prototypes, cluster = their unit's cluster. Levels 2 and 3 need
/// a clustering of the units.</para>
/// </summary>
internal static class ClusteringIndices
{
    /// <summary>Level 1 name.</summary>
    public const string SamplesByUnit = "samples by BMU";
    /// <summary>Level 2 name.</summary>
    public const string SamplesByUnitCluster = "samples by cluster of BMU";
    /// <summary>Level 3 name.</summary>
    public const string PrototypesByUnitCluster = "prototypes by unit cluster";

    /// <summary>
    /// Davies–Bouldin: the mean over clusters i of max_{j≠i} (S_i + S_j)/‖c_i − c_j‖, with c the centroids and S_i
    /// the mean distance of cluster i's points to c_i. Lower is better; 0 when every S or every centroid distance
    /// is 0, and a pair of coincident centroids contributes 0 (as scikit-learn).
    /// </summary>
    /// <exception cref="SomDataException">A label count other than N, or k outside 2 … N − 1.</exception>
    public static double DaviesBouldin(SampleMatrix data, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clusters = ClusterAssignment.Of(labels, data.Count);
        clusters.EnsureIndexRange("Davies–Bouldin");
        int k = clusters.Count, d = data.Features;
        double[] c = Centroids(data, clusters);
        var spread = new double[k];
        for (int i = 0; i < data.Count; i++)
        {
            int a = clusters.Index[i];
            spread[a] += Math.Sqrt(SomMetrics.SquaredDistance(data.Row(i), c.AsSpan(a * d, d)));
        }
        for (int a = 0; a < k; a++) spread[a] /= clusters.Sizes[a];

        var separation = new double[k * k];
        bool anySpread = spread.Any(s => s != 0), anySeparation = false;
        for (int a = 0; a < k; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                double m = Math.Sqrt(SomMetrics.SquaredDistance(c.AsSpan(a * d, d), c.AsSpan(b * d, d)));
                separation[a * k + b] = separation[b * k + a] = m;
                anySeparation |= m != 0;
            }
        }
        if (!anySpread || !anySeparation) return 0;
        double total = 0;
        for (int a = 0; a < k; a++)
        {
            double worst = 0;
            for (int b = 0; b < k; b++)
            {
                double m = separation[a * k + b];
                if (b != a && m != 0) worst = Math.Max(worst, (spread[a] + spread[b]) / m);
            }
            total += worst;
        }
        return total / k;
    }

    /// <summary>
    /// Calinski–Harabasz: [tr(B)/(k − 1)] / [tr(W)/(N − k)], tr(B) = Σ_c n_c·‖c_c − x̄‖², tr(W) = Σ_i ‖x_i − c_{l(i)}‖².
    /// Higher is better; 1 when tr(W) = 0 (as scikit-learn).
    /// </summary>
    /// <exception cref="SomDataException">A label count other than N, or k outside 2 … N − 1.</exception>
    public static double CalinskiHarabasz(SampleMatrix data, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clusters = ClusterAssignment.Of(labels, data.Count);
        clusters.EnsureIndexRange("Calinski–Harabasz");
        int k = clusters.Count, d = data.Features, n = data.Count;
        double[] c = Centroids(data, clusters);
        var mean = new double[d];
        for (int a = 0; a < k; a++)
            for (int f = 0; f < d; f++) mean[f] += c[a * d + f] * clusters.Sizes[a];
        for (int f = 0; f < d; f++) mean[f] /= n;
        double between = 0, within = 0;
        for (int a = 0; a < k; a++) between += clusters.Sizes[a] * SomMetrics.SquaredDistance(c.AsSpan(a * d, d), mean);
        for (int i = 0; i < n; i++) within += SomMetrics.SquaredDistance(data.Row(i), c.AsSpan(clusters.Index[i] * d, d));
        return within == 0 ? 1.0 : between * (n - k) / (within * (k - 1));
    }

    /// <summary>
    /// The three indices at each level the inputs allow: level 1 always, levels 2 and 3 when
    /// <paramref name="unitClusters"/> (a cluster per unit) is given. A level whose k is outside 2 … N − 1 is
    /// reported with <see cref="ClusteringLevel.Undefined"/> set instead of failing the others.
    /// </summary>
    /// <param name="data">The samples.</param>
    /// <param name="bmu">Each sample's BMU.</param>
    /// <param name="weights">The codebook, M × D row-major (for level 3).</param>
    /// <param name="unitClusters">A cluster label per unit, or null.</param>
    /// <param name="silhouetteSample">Compute each silhouette on a random subsample of this many points (all when null or ≥ N).</param>
    /// <param name="seed">Seed of the subsample.</param>
    /// <param name="isa">Resolved instruction set of the silhouette kernel.</param>
    /// <param name="threads">Threads (0 = all cores).</param>
    public static IReadOnlyList<ClusteringLevel> AtLevels(SampleMatrix data, ReadOnlySpan<int> bmu, ReadOnlySpan<float> weights,
        int[]? unitClusters, int? silhouetteSample, ulong seed, KernelIsa isa, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        var levels = new List<ClusteringLevel> { Level(1, SamplesByUnit, data, bmu.ToArray(), silhouetteSample, seed, isa, threads) };
        if (unitClusters is null) return levels;
        levels.AddRange(ByUnitCluster(data, bmu, weights, unitClusters, silhouetteSample, seed, isa, threads));
        return levels;
    }

    /// <summary>
    /// Levels 2 and 3 of <see cref="AtLevels"/> for one clustering of the units (<paramref name="unitClusters"/>,
    /// a cluster per unit), without recomputing level 1.
    /// </summary>
    public static IReadOnlyList<ClusteringLevel> ByUnitCluster(SampleMatrix data, ReadOnlySpan<int> bmu, ReadOnlySpan<float> weights,
        int[] unitClusters, int? silhouetteSample, ulong seed, KernelIsa isa, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(unitClusters);
        var levels = new List<ClusteringLevel>();
        int units = weights.Length / data.Features;
        if (unitClusters.Length != units)
            throw new SomDataException($"unit clusters has {unitClusters.Length} entries: expected {units}, one per unit");
        var byCluster = new int[bmu.Length];
        for (int i = 0; i < bmu.Length; i++) byCluster[i] = unitClusters[bmu[i]];
        levels.Add(Level(2, SamplesByUnitCluster, data, byCluster, silhouetteSample, seed, isa, threads));
        var prototypes = new SampleMatrix(weights, units, data.Features);
        levels.Add(Level(3, PrototypesByUnitCluster, prototypes, unitClusters, silhouetteSample, seed, isa, threads));
        return levels;
    }

    /// <summary>
    /// The points of a seeded uniform subsample of <paramref name="size"/> of <paramref name="count"/> points, in
    /// increasing index order: the first <paramref name="size"/> of a Fisher–Yates permutation drawn from <paramref name="seed"/>.
    /// </summary>
    public static int[] Subsample(int count, int size, ulong seed)
    {
        var order = new int[count];
        new SomRandom(seed).Permutation(order);
        int[] chosen = order[..Math.Min(size, count)];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>The rows <paramref name="pick"/> of <paramref name="data"/>, in that order.</summary>
    public static SampleMatrix Rows(SampleMatrix data, int[] pick)
    {
        int d = data.Features;
        var values = new float[(long)pick.Length * d];
        for (int t = 0; t < pick.Length; t++) data.Row(pick[t]).CopyTo(values.AsSpan(t * d, d));
        return SampleMatrix.Wrap(values, pick.Length, d);
    }

    private static ClusteringLevel Level(int number, string name, SampleMatrix data, int[] labels, int? silhouetteSample,
        ulong seed, KernelIsa isa, int threads)
    {
        var clusters = ClusterAssignment.Of(labels, data.Count);
        if (clusters.Count < 2 || clusters.Count > data.Count - 1)
        {
            return new ClusteringLevel(number, name, data.Count, clusters.Count, null, null, null, null,
                $"{clusters.Count} non-empty clusters of {data.Count} points: the indices need 2…{data.Count - 1}");
        }
        SampleMatrix silData = data;
        int[] silLabels = labels;
        int? sampled = null;
        if (silhouetteSample is { } size && size < data.Count)
        {
            int[] pick = Subsample(data.Count, size, seed);
            silLabels = [.. pick.Select(i => labels[i])];
            silData = Rows(data, pick);
            sampled = pick.Length;
        }
        double? silhouette = null;
        var silClusters = ClusterAssignment.Of(silLabels, silData.Count);
        if (silClusters.Count >= 2 && silClusters.Count <= silData.Count - 1)
            silhouette = Silhouette.Score(silData, silLabels, isa, threads);
        return new ClusteringLevel(number, name, data.Count, clusters.Count, silhouette, sampled,
            DaviesBouldin(data, labels), CalinskiHarabasz(data, labels), silhouette is null ? "the silhouette subsample has too few or too many clusters" : null);
    }

    private static double[] Centroids(SampleMatrix data, ClusterAssignment clusters)
    {
        int d = data.Features;
        var c = new double[clusters.Count * d];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            int a = clusters.Index[i];
            for (int f = 0; f < d; f++) c[a * d + f] += x[f];
        }
        for (int a = 0; a < clusters.Count; a++)
            for (int f = 0; f < d; f++) c[a * d + f] /= clusters.Sizes[a];
        return c;
    }
}
