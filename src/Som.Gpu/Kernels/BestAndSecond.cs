namespace Som.Gpu.Kernels;

/// <summary>Rank the best and the second-best unit (evaluation: the topographic error needs both).</summary>
internal readonly struct BestAndSecond : IBmuRank
{
    /// <inheritdoc />
    public bool Second => true;
}
