namespace Som.Gpu.Kernels;

/// <summary>
/// h(δ, σ) inside kernels, the same formulas in the same order as <see cref="Neighborhood.Evaluate"/> (the
/// kind is a kernel argument, uniform over a launch, so the branch does not diverge).
/// </summary>
internal static class DeviceNeighborhood
{
    /// <summary>
    /// gaussian exp(−δ²/2σ²); bubble 1 if δ ≤ σ else 0; mexican hat (1 − δ²/σ²)·exp(−δ²/2σ²); triangle
    /// max(0, 1 − δ/σ); h = 0 for δ &gt; c·σ when the compact support c &gt; 0.
    /// </summary>
    /// <param name="kind">A <see cref="NeighborhoodKind"/> as an integer.</param>
    /// <param name="delta">Grid distance δ.</param>
    /// <param name="sigma">Radius σ.</param>
    /// <param name="compactSupport">c; 0 means none.</param>
    public static double Evaluate(int kind, double delta, double sigma, double compactSupport)
    {
        if (compactSupport > 0 && delta > compactSupport * sigma) return 0;
        double r2 = delta * delta / (sigma * sigma);
        if (kind == (int)NeighborhoodKind.Bubble) return delta <= sigma ? 1.0 : 0.0;
        if (kind == (int)NeighborhoodKind.MexicanHat) return (1 - r2) * Math.Exp(-0.5 * r2);
        if (kind == (int)NeighborhoodKind.Triangle) return Math.Max(0.0, 1 - delta / sigma);
        return Math.Exp(-0.5 * r2);
    }

    /// <summary>
    /// Slot of offset (dx, dy) from a unit in a row of parity p in the δ table of <see cref="OffsetTable"/>:
    /// (p·(2H−1) + dy + H − 1)·(2W−1) + dx + W − 1.
    /// </summary>
    public static int Slot(int dx, int dy, int parity, int width, int height) =>
        (parity * (2 * height - 1) + dy + height - 1) * (2 * width - 1) + dx + width - 1;
}
