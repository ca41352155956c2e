using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Som;

/// <summary>Small float vector loops with a fixed summation order (so results do not depend on threads).</summary>
internal static class FloatVectors
{
    /// <summary>x·y: 16 lane-wise fused chains, then the lanes in order, then the tail.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= 16)
        {
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float ry = ref MemoryMarshal.GetReference(y);
            var acc = Vector512<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i), acc);
            for (int l = 0; l < 16; l++) sum += acc[l];
        }
        for (; i < x.Length; i++) sum = MathF.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }

    /// <summary>y += a·x, fused.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float ry = ref MemoryMarshal.GetReference(y);
            var va = Vector512.Create(a);
            for (; i <= x.Length - 16; i += 16)
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = MathF.FusedMultiplyAdd(a, x[i], y[i]);
    }
}
