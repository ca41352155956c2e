using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som;

/// <summary>Element-wise float vector loops (reductions are in <see cref="FixedOrderSum"/>).</summary>
internal static class FloatVectors
{
    /// <summary>y += a·x, fused; element-wise, so every instruction set gives the same bits.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y, KernelIsa isa)
    {
        int i = 0;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (isa == KernelIsa.Vector512)
        {
            var va = Vector512.Create(a);
            for (; i <= x.Length - 16; i += 16)
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        else if (isa == KernelIsa.Vector256)
        {
            var va = Vector256.Create(a);
            for (; i <= x.Length - 8; i += 8)
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        else if (isa == KernelIsa.Vector128)
        {
            var va = Vector128.Create(a);
            for (; i <= x.Length - 4; i += 4)
                Vector128.FusedMultiplyAdd(va, Vector128.LoadUnsafe(ref rx, (nuint)i), Vector128.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = MathF.FusedMultiplyAdd(a, x[i], y[i]);
    }
}
