namespace Som.Cpu;

/// <summary>Instruction set of the CPU engine's distance kernel. All give bit-identical results.</summary>
public enum KernelIsa
{
    /// <summary>The best this machine runs.</summary>
    Auto,
    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512,
    /// <summary>256-bit vectors (AVX2 / FMA).</summary>
    Vector256,
    /// <summary>Plain scalar code, for any machine.</summary>
    Scalar,
    /// <summary>
    /// 128-bit vectors with hardware fused multiply-add: NEON (AdvSimd) on ARM64, SSE with FMA on x86. Listed last
    /// only to keep the values of the others.
    /// </summary>
    Vector128,
}
