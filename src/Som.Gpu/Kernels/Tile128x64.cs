namespace Som.Gpu.Kernels;

/// <summary>128 samples × 64 units per group, 128 threads, a 8 × 8 register micro-tile (samples × units) per thread.</summary>
internal readonly struct Tile128x64 : ITileShape
{
    /// <inheritdoc />
    public int ThreadsX => 8;

    /// <inheritdoc />
    public int SampleQuads => 2;
}
