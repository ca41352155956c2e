namespace Som;

/// <summary>The neighbourhood functions h(δ, σ) of docs/contract.md §3.</summary>
public static class Neighborhood
{
    /// <summary>
    /// h(δ, σ): gaussian exp(−δ²/2σ²); bubble 1 if δ ≤ σ else 0; mexican hat (1 − δ²/σ²)·exp(−δ²/2σ²);
    /// triangle max(0, 1 − δ/σ). With <paramref name="compactSupport"/> c &gt; 0, h = 0 for δ &gt; c·σ.
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
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown neighbourhood"),
        };
    }

    /// <summary>The dense M × M matrix H[j, k] = h(δ(j, k), σ) of a grid (row-major).</summary>
    public static double[] Matrix(MapGrid grid, NeighborhoodKind kind, double sigma, double compactSupport)
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
