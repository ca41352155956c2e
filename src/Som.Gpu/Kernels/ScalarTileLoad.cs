using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>Four 4-byte loads per 4 features: any D (rows need not be 16-byte aligned).</summary>
internal readonly struct ScalarTileLoad : ITileLoad
{
    /// <inheritdoc />
    public Float4 Load(ArrayView<float> values, long rowStart, int f, int d)
    {
        int last = d - 1;
        Float4 v;
        v.X = values[rowStart + Math.Min(f, last)];
        v.Y = values[rowStart + Math.Min(f + 1, last)];
        v.Z = values[rowStart + Math.Min(f + 2, last)];
        v.W = values[rowStart + Math.Min(f + 3, last)];
        if (f >= d) v.X = 0f;
        if (f + 1 >= d) v.Y = 0f;
        if (f + 2 >= d) v.Z = 0f;
        if (f + 3 >= d) v.W = 0f;
        return v;
    }
}
