using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>The device's FP32 multiply-add rate, to state the distance stage as a share of what the chip can do.</summary>
internal static class PeakKernels
{
    /// <summary>Independent multiply-add chains per thread: enough to hide the FMA latency of one warp.</summary>
    public const int Chains = 8;

    /// <summary>
    /// Each thread runs <see cref="Chains"/> independent chains a_k ← a_k·b + c for <paramref name="iterations"/>
    /// steps (2·Chains·iterations flops; ptxas contracts each mul.f32 + add.f32 into one FFMA) and writes their
    /// sum, so nothing is optimised away. b is just below 1 and c small, so the values stay finite.
    /// </summary>
    public static void FmaPeakKernel(Index1D i, ArrayView<float> sink, int iterations, float b)
    {
        float c = 1e-3f;
        float a0 = i, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5, a6 = a0 + 6, a7 = a0 + 7;
        for (int k = 0; k < iterations; k++)
        {
            a0 = a0 * b + c; a1 = a1 * b + c; a2 = a2 * b + c; a3 = a3 * b + c;
            a4 = a4 * b + c; a5 = a5 * b + c; a6 = a6 * b + c; a7 = a7 * b + c;
        }
        sink[i] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }
}
