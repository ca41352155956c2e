namespace Som.Gpu.Kernels;

/// <summary>Rank the best unit only (training epochs).</summary>
internal readonly struct BestOnly : IBmuRank
{
    /// <inheritdoc />
    public bool Second => false;
}
