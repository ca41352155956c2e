namespace Som.Gpu.Kernels;

/// <summary>
/// Whether a tiled distance + BMU kernel also ranks the second-best unit (docs/contract.md §5, for the topographic
/// error). A type parameter rather than an argument, so a training epoch's kernel carries no second-best registers
/// or compares at all.
/// </summary>
internal interface IBmuRank
{
    /// <summary>True to keep the best two keys per sample, false for the best only.</summary>
    bool Second { get; }
}
