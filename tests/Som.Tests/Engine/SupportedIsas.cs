using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>The concrete instruction sets this process can run, asked of the runtime directly (not of the code under test).</summary>
internal static class SupportedIsas
{
    /// <summary>Scalar first (the reference), then AVX2 and AVX-512 where the runtime accelerates them.</summary>
    public static KernelIsa[] All()
    {
        var isas = new List<KernelIsa> { KernelIsa.Scalar };
        if (Vector256.IsHardwareAccelerated) isas.Add(KernelIsa.Vector256);
        if (Vector512.IsHardwareAccelerated) isas.Add(KernelIsa.Vector512);
        return [.. isas];
    }
}
