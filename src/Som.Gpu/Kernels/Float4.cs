namespace Som.Gpu.Kernels;

/// <summary>
/// Four consecutive floats, 16 bytes: read and written through an <c>ArrayView&lt;Float4&gt;</c> view of a float
/// buffer, the PTX backend emits one vectorised access (<c>ld.global.v4.f32</c>, <c>ld.shared.v4.f32</c>).
/// </summary>
internal struct Float4
{
    public float X, Y, Z, W;
}
