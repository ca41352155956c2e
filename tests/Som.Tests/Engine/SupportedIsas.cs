using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>The concrete instruction sets this process can run, asked of the runtime directly (not of the code under test).</summary>
internal static class SupportedIsas
{
    /// <summary>
    /// Scalar first (the reference), then 128-bit (where the runtime accelerates 128-bit vectors and has a hardware
    /// fused multiply-add for them), AVX2 and AVX-512 where the runtime accelerates them.
    /// </summary>
    public static KernelIsa[] All()
    {
        var isas = new List<KernelIsa> { KernelIsa.Scalar };
        if (Vector128Fused) isas.Add(KernelIsa.Vector128);
        if (Vector256.IsHardwareAccelerated) isas.Add(KernelIsa.Vector256);
        if (Vector512.IsHardwareAccelerated) isas.Add(KernelIsa.Vector512);
        return [.. isas];
    }

    /// <summary>Whether the 128-bit kernel can run here: accelerated 128-bit vectors with a hardware FMA (NEON, or x86 FMA).</summary>
    public static bool Vector128Fused =>
        Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported || System.Runtime.Intrinsics.X86.Fma.IsSupported);
}
