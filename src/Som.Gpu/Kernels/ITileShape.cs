namespace Som.Gpu.Kernels;

/// <summary>
/// The block tile of a tiled distance + BMU kernel (<see cref="TiledBmuKernels"/>). A group has 16 × <see cref="ThreadsX"/>
/// threads; thread (tx, ty) holds <see cref="SampleQuads"/> groups of 4 samples × 8 units of dot products in
/// registers, so the group covers 64·<see cref="SampleQuads"/> samples × 8·<see cref="ThreadsX"/> units. Constants
/// of a type parameter: the compiler folds them into each instantiation.
/// </summary>
internal interface ITileShape
{
    /// <summary>Threads along the units, 8 or 16 (the lanes that share a sample row, a power of two).</summary>
    int ThreadsX { get; }

    /// <summary>Groups of 4 samples per thread, 1 or 2.</summary>
    int SampleQuads { get; }
}
