using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>Double-precision vector loops of the batch update (sums and smoothing), on the kernel's instruction set (element-wise, so every one gives the same bits).</summary>
internal static class DoubleVectors
{
    /// <summary>y += x, widening float to double. Each y[f] adds the same values in the same order on every path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddWidened(ReadOnlySpan<float> x, Span<double> y, KernelIsa isa)
    {
        int i = 0;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (isa == KernelIsa.Vector512)
        {
            for (; i <= x.Length - 16; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref rx, (nuint)i));
                (Vector512.LoadUnsafe(ref ry, (nuint)i) + lo).StoreUnsafe(ref ry, (nuint)i);
                (Vector512.LoadUnsafe(ref ry, (nuint)(i + 8)) + hi).StoreUnsafe(ref ry, (nuint)(i + 8));
            }
        }
        else if (isa == KernelIsa.Vector256)
        {
            for (; i <= x.Length - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref rx, (nuint)i));
                (Vector256.LoadUnsafe(ref ry, (nuint)i) + lo).StoreUnsafe(ref ry, (nuint)i);
                (Vector256.LoadUnsafe(ref ry, (nuint)(i + 4)) + hi).StoreUnsafe(ref ry, (nuint)(i + 4));
            }
        }
        else if (isa == KernelIsa.Vector128)
        {
            for (; i <= x.Length - 4; i += 4)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref rx, (nuint)i));
                (Vector128.LoadUnsafe(ref ry, (nuint)i) + lo).StoreUnsafe(ref ry, (nuint)i);
                (Vector128.LoadUnsafe(ref ry, (nuint)(i + 2)) + hi).StoreUnsafe(ref ry, (nuint)(i + 2));
            }
        }
        for (; i < x.Length; i++) y[i] += x[i];
    }

    /// <summary>y += a·x (a multiply then an add, not fused, on every path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y, KernelIsa isa)
    {
        int i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (isa == KernelIsa.Vector512)
        {
            var va = Vector512.Create(a);
            for (; i <= x.Length - 8; i += 8)
                (Vector512.LoadUnsafe(ref ry, (nuint)i) + va * Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        else if (isa == KernelIsa.Vector256)
        {
            var va = Vector256.Create(a);
            for (; i <= x.Length - 4; i += 4)
                (Vector256.LoadUnsafe(ref ry, (nuint)i) + va * Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        else if (isa == KernelIsa.Vector128)
        {
            var va = Vector128.Create(a);
            for (; i <= x.Length - 2; i += 2)
                (Vector128.LoadUnsafe(ref ry, (nuint)i) + va * Vector128.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }
}
