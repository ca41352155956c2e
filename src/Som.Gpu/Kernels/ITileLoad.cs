using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// How a tiled distance + BMU kernel reads 4 consecutive features of one row of a row-major matrix from global
/// memory. Features at or beyond D read as 0 (they add +0 to a dot product, which leaves it unchanged: a chain that
/// starts at +0 never holds −0). The address is clamped into the row, so nothing outside the buffer is read.
/// </summary>
internal interface ITileLoad
{
    /// <summary>
    /// Features f … f+3 of the row that starts at <paramref name="rowStart"/> in <paramref name="values"/>
    /// (row length <paramref name="d"/>), 0 where the feature index is ≥ d.
    /// </summary>
    Float4 Load(ArrayView<float> values, long rowStart, int f, int d);
}
