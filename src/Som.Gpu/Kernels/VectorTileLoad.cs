using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// One 16-byte load (<c>ld.global.v4.f32</c>) per 4 features; only for D a multiple of 4, where every row start and
/// every f the kernels ask for (a multiple of 4) is 16-byte aligned, so a group of 4 is either all inside the row or
/// all beyond it.
/// </summary>
internal readonly struct VectorTileLoad : ITileLoad
{
    /// <inheritdoc />
    public Float4 Load(ArrayView<float> values, long rowStart, int f, int d)
    {
        var v = values.Cast<Float4>()[(rowStart + Math.Min(f, d - 4)) >> 2];
        if (f >= d) v = default;
        return v;
    }
}
