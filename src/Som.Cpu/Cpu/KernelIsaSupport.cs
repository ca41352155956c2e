using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Som.Cpu;

/// <summary>Resolves <see cref="KernelIsa.Auto"/> and checks that a named instruction set runs here.</summary>
/// <remarks>
/// <see cref="KernelIsa.Vector128"/> needs a hardware fused multiply-add on 128-bit vectors (AdvSimd on ARM64, FMA
/// on x86): without one, every fused chain would run in software, slower than the scalar kernel, so it is refused
/// like a missing AVX-512. On x86 the runtime enables FMA together with AVX2, so there Auto picks
/// <see cref="KernelIsa.Vector256"/> whenever <see cref="KernelIsa.Vector128"/> would run; Auto picks
/// <see cref="KernelIsa.Vector128"/> on ARM64.
/// </remarks>
public static class KernelIsaSupport
{
    /// <summary>The instruction set <paramref name="isa"/> means on this machine.</summary>
    public static KernelIsa Resolve(KernelIsa isa) => isa switch
    {
        KernelIsa.Auto when Vector512.IsHardwareAccelerated => KernelIsa.Vector512,
        KernelIsa.Auto when Vector256.IsHardwareAccelerated => KernelIsa.Vector256,
        KernelIsa.Auto when Vector128Fused => KernelIsa.Vector128,
        KernelIsa.Auto => KernelIsa.Scalar,
        KernelIsa.Vector512 when !Vector512.IsHardwareAccelerated =>
            throw new SomOptionException(nameof(KernelIsa), isa, $"an instruction set this CPU has (it has no AVX-512): {Available()}"),
        KernelIsa.Vector256 when !Vector256.IsHardwareAccelerated =>
            throw new SomOptionException(nameof(KernelIsa), isa, $"an instruction set this CPU has (it has no AVX2): {Available()}"),
        KernelIsa.Vector128 when !Vector128Fused =>
            throw new SomOptionException(nameof(KernelIsa), isa, $"an instruction set this CPU has (it has no 128-bit fused multiply-add: NEON, or SSE with FMA): {Available()}"),
        KernelIsa.Auto or KernelIsa.Vector512 or KernelIsa.Vector256 or KernelIsa.Vector128 or KernelIsa.Scalar => isa,
        _ => throw new SomOptionException(nameof(KernelIsa), isa, "one of Auto, Vector512, Vector256, Vector128, Scalar"),
    };

    /// <summary>
    /// <see cref="Resolve"/>(<see cref="KernelIsa.Auto"/>), for code that has no engine to take the instruction
    /// set from. Only this class asks the hardware; everything else branches on a resolved <see cref="KernelIsa"/>.
    /// </summary>
    public static KernelIsa Best { get; } = Resolve(KernelIsa.Auto);

    /// <summary>Short name for reports ("AVX-512", "AVX2", "NEON", "SSE+FMA", "scalar").</summary>
    public static string Describe(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => "AVX-512",
        KernelIsa.Vector256 => "AVX2",
        KernelIsa.Vector128 => AdvSimd.IsSupported ? "NEON" : "SSE+FMA",
        KernelIsa.Scalar => "scalar",
        _ => "auto",
    };

    /// <summary>128-bit vectors run in hardware, with a hardware fused multiply-add.</summary>
    private static bool Vector128Fused => Vector128.IsHardwareAccelerated && (AdvSimd.IsSupported || Fma.IsSupported);

    /// <summary>The concrete instruction sets this machine runs, widest first ("Vector256, Vector128 or Scalar").</summary>
    private static string Available()
    {
        var names = new List<string>();
        if (Vector512.IsHardwareAccelerated) names.Add(nameof(KernelIsa.Vector512));
        if (Vector256.IsHardwareAccelerated) names.Add(nameof(KernelIsa.Vector256));
        if (Vector128Fused) names.Add(nameof(KernelIsa.Vector128));
        names.Add(nameof(KernelIsa.Scalar));
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }
}
