using Som.Cpu;

namespace Som;

/// <summary>
/// The plane of a data set's two leading principal components (docs/contract.md §14), from the same subspace
/// iteration as the PCA initialisation (§8), for drawing samples and prototypes on it. Each axis is oriented so that
/// its largest-magnitude coordinate is positive (the first on a tie), which fixes the sign an eigenvector leaves open.
/// </summary>
internal sealed class PcaProjection
{
    private PcaProjection(double[] mean, double[][] axes, double[] variances, double totalVariance)
    {
        Mean = mean;
        Axes = axes;
        Variances = variances;
        TotalVariance = totalVariance;
    }

    /// <summary>Per-feature mean of the data (double, in sample order).</summary>
    public double[] Mean { get; }

    /// <summary>The two unit axes v₁, v₂ (a zero vector where the data have fewer directions of variance).</summary>
    public double[][] Axes { get; }

    /// <summary>Variance of the data along each axis (divided by N − 1).</summary>
    public double[] Variances { get; }

    /// <summary>Total variance Σ_f Var(x_f) (divided by N − 1), in double, feature by feature in sample order.</summary>
    public double TotalVariance { get; }

    /// <summary>The share of the total variance along axis <paramref name="k"/> (0 when the data do not vary).</summary>
    public double Share(int k) => TotalVariance > 0 ? Math.Min(1, Variances[k] / TotalVariance) : 0;

    /// <summary>The components of <paramref name="data"/>, the subspace iteration started from <c>SomRandom(seed)</c>.</summary>
    public static PcaProjection Fit(SampleMatrix data, ulong seed, KernelIsa isa = KernelIsa.Auto)
    {
        ArgumentNullException.ThrowIfNull(data);
        double[] mean = Pca.Mean(data);
        var (axes, values) = Pca.LeadingComponents(data, mean, 2, new SomRandom(seed), isa);
        foreach (var v in axes) Orient(v);
        var sumSquares = new double[data.Features];
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (int f = 0; f < sumSquares.Length; f++)
            {
                double e = row[f] - mean[f];
                sumSquares[f] += e * e;
            }
        }
        double total = 0;
        foreach (double s in sumSquares) total += s;
        return new PcaProjection(mean, axes, values, total / Math.Max(1, data.Count - 1));
    }

    /// <summary>
    /// <see cref="Fit(SampleMatrix, ulong, KernelIsa)"/> of every rank's rows, this rank holding <paramref name="shard"/>
    /// (global rows <paramref name="offset"/> … of <paramref name="total"/>); every rank calls it and gets the same
    /// projection, with the one-process bits for every split (docs/contract.md §16): the mean, the subspace iteration's
    /// chunked products and the per-feature squares are the one-process sums in sample order, continued from rank to rank.
    /// </summary>
    public static PcaProjection Fit(ICommunicator communicator, SampleMatrix shard, long offset, long total, ulong seed, KernelIsa isa = KernelIsa.Auto)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(shard);
        double[] mean = Pca.Mean(communicator, shard, total);
        var (axes, values) = Pca.LeadingComponents(communicator, shard, offset, total, mean, 2, new SomRandom(seed), isa);
        foreach (var v in axes) Orient(v);
        var sumSquares = new double[shard.Features];
        RankOrderFold.Run(communicator, sumSquares, s =>
        {
            for (int i = 0; i < shard.Count; i++)
            {
                var row = shard.Row(i);
                for (int f = 0; f < s.Length; f++)
                {
                    double e = row[f] - mean[f];
                    s[f] += e * e;
                }
            }
        });
        double sum = 0;
        foreach (double s in sumSquares) sum += s;
        return new PcaProjection(mean, axes, values, sum / Math.Max(1, total - 1));
    }

    /// <summary>((x − μ)·v₁, (x − μ)·v₂), in double, over the features in order.</summary>
    public (double X, double Y) Project(ReadOnlySpan<float> x)
    {
        if (x.Length != Mean.Length) throw new ArgumentException($"{x.Length} features: expected {Mean.Length}", nameof(x));
        double a = 0, b = 0;
        for (int f = 0; f < x.Length; f++)
        {
            double e = x[f] - Mean[f];
            a += e * Axes[0][f];
            b += e * Axes[1][f];
        }
        return (a, b);
    }

    private static void Orient(double[] v)
    {
        int at = 0;
        for (int f = 1; f < v.Length; f++)
        {
            if (Math.Abs(v[f]) > Math.Abs(v[at])) at = f;
        }
        if (v[at] < 0)
        {
            for (int f = 0; f < v.Length; f++) v[f] = -v[f];
        }
    }
}
