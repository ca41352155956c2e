namespace Som.Gpu;

/// <summary>
/// The fused distance + BMU kernels of <see cref="GpuEngine"/> (block tile samples × units, threads per group, the
/// register micro-tile per thread). They compute the same BMUs (docs/contract.md §5); they differ only in speed,
/// which depends on the device and the sizes (<c>som bench --sweep</c> times them all).
/// </summary>
public enum GpuBmuKernel
{
    /// <summary>The engine's choice: <see cref="Tile128x128"/> on CUDA; <see cref="Tile32x32"/> on ILGPU's CPU
    /// accelerator (where each group thread is an OS thread, so small groups are faster) and on OpenCL (the tiled
    /// kernels' warp shuffles need subgroup support there, which nothing here could test).</summary>
    Auto,

    /// <summary>32 × 32, 64 threads, 4 × 4 per thread, scalar loads, 16 features per stage (the first kernel).</summary>
    Tile32x32,

    /// <summary>64 × 64, 128 threads, 4 × 8 per thread, float4 loads, 8 features per stage, double-buffered.</summary>
    Tile64x64,

    /// <summary>128 × 64, 128 threads, 8 × 8 per thread, float4 loads, 8 features per stage, double-buffered.</summary>
    Tile128x64,

    /// <summary>128 × 128, 256 threads, 8 × 8 per thread, float4 loads, 8 features per stage, double-buffered.</summary>
    Tile128x128,
}
