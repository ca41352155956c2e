using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>Resolves <see cref="KernelIsa.Auto"/> and checks that a named instruction set runs here.</summary>
public static class KernelIsaSupport
{
    /// <summary>The instruction set <paramref name="isa"/> means on this machine.</summary>
    public static KernelIsa Resolve(KernelIsa isa) => isa switch
    {
        KernelIsa.Auto when Vector512.IsHardwareAccelerated => KernelIsa.Vector512,
        KernelIsa.Auto when Vector256.IsHardwareAccelerated => KernelIsa.Vector256,
        KernelIsa.Auto => KernelIsa.Scalar,
        KernelIsa.Vector512 when !Vector512.IsHardwareAccelerated =>
            throw new SomOptionException(nameof(KernelIsa), isa, "an instruction set this CPU has (it has no AVX-512): Vector256 or Scalar"),
        KernelIsa.Vector256 when !Vector256.IsHardwareAccelerated =>
            throw new SomOptionException(nameof(KernelIsa), isa, "an instruction set this CPU has (it has no AVX2): Scalar"),
        _ => isa,
    };

    /// <summary>
    /// <see cref="Resolve"/>(<see cref="KernelIsa.Auto"/>), for code that has no engine to take the instruction
    /// set from. Only this class asks the hardware; everything else branches on a resolved <see cref="KernelIsa"/>.
    /// </summary>
    public static KernelIsa Best { get; } = Resolve(KernelIsa.Auto);

    /// <summary>Short name for reports ("AVX-512", "AVX2", "scalar").</summary>
    public static string Describe(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => "AVX-512",
        KernelIsa.Vector256 => "AVX2",
        KernelIsa.Scalar => "scalar",
        _ => "auto",
    };
}
