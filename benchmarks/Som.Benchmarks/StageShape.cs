namespace Som.Benchmarks;

/// <summary>
/// The size of one timed operation: <see cref="Samples"/> samples (online steps for <see cref="Stage.OnlineStep"/>,
/// points for <see cref="Stage.SilhouetteBlock"/>) of <see cref="Features"/> features against a
/// <see cref="Width"/> × <see cref="Height"/> map (k × 1 for k-means; the cluster count for the silhouette).
/// </summary>
public readonly record struct StageShape(int Samples, int Width, int Height, int Features)
{
    /// <summary>Units M = Width · Height.</summary>
    public int Units => Width * Height;

    /// <summary>N=…, map W×H (M), D=… for tables.</summary>
    public override string ToString() => $"N={Samples} {Width}x{Height} (M={Units}) D={Features}";
}
