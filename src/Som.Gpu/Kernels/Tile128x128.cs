namespace Som.Gpu.Kernels;

/// <summary>128 samples × 128 units per group, 256 threads, a 8 × 8 register micro-tile (samples × units) per thread.</summary>
internal readonly struct Tile128x128 : ITileShape
{
    /// <inheritdoc />
    public int ThreadsX => 16;

    /// <inheritdoc />
    public int SampleQuads => 2;
}
