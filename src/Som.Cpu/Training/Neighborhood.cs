namespace Som;

/// <summary>The neighbourhood functions h(δ, σ) of docs/contract.md §3.</summary>
public static class Neighborhood
{
    /// <summary>
    /// h(δ, σ): gaussian exp(−δ²/2σ²); bubble 1 if δ ≤ σ else 0; mexican hat (1 − δ²/σ²)·exp(−δ²/2σ²);
    /// triangle max(0, 1 − δ/σ). With <paramref name="compactSupport"/> c &gt; 0, h = 0 for δ &gt; c·σ; NaN for a
    /// kind that is not defined (options validation rejects those).
    /// <para>The one implementation of h: the CPU engine and the GPU kernels both call it, so it is kernel-compatible
    /// (value-type arguments, <see cref="Math"/> functions ILGPU maps, no allocation and no exception).</para>
    /// </summary>
    public static double Evaluate(NeighborhoodKind kind, double delta, double sigma, double compactSupport = 0)
    {
        if (compactSupport > 0 && delta > compactSupport * sigma) return 0;
        double r2 = delta * delta / (sigma * sigma);
        return kind switch
        {
            NeighborhoodKind.Gaussian => Math.Exp(-0.5 * r2),
            NeighborhoodKind.Bubble => delta <= sigma ? 1.0 : 0.0,
            NeighborhoodKind.MexicanHat => (1 - r2) * Math.Exp(-0.5 * r2),
            NeighborhoodKind.Triangle => Math.Max(0.0, 1 - delta / sigma),
            _ => double.NaN,
        };
    }

    /// <summary>
    /// Whether h(δ(j, k), σ) of <paramref name="options"/> factors as g(dx)·g(dy), so the batch smoothing can run as
    /// two 1-D passes: the Gaussian with the Euclidean grid distance on a rectangular map (planar or toroidal) without
    /// compact support.
    /// </summary>
    public static bool IsSeparable(SomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Neighborhood == NeighborhoodKind.Gaussian && options.Topology == Topology.Rectangular
            && options.GridMetric == GridMetric.Euclidean && options.CompactSupport == 0;
    }

    /// <summary>The dense M × M matrix H[j, k] = h(δ(j, k), σ) of a grid (row-major).</summary>
    internal static double[] Matrix(MapGrid grid, NeighborhoodKind kind, double sigma, double compactSupport)
    {
        int m = grid.Units;
        var h = new double[(long)m * m];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < m; k++) h[(long)j * m + k] = Evaluate(kind, grid.Distance(j, k), sigma, compactSupport);
        }
        return h;
    }
}
