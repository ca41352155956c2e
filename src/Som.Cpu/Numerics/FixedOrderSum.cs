using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som;

/// <summary>
/// The one summation order of the engine's float reductions, with an AVX-512, an AVX2, a 128-bit and a scalar
/// implementation that give the same bits (each picked by a resolved <see cref="KernelIsa"/>).
/// <para>Contiguous vectors (<see cref="Dot"/>, <see cref="SumOfSquares"/>): <see cref="Chains"/> lane chains,
/// chain l = fma(x[16b + l], y[16b + l], chain l) over the full blocks b in order, each starting from 0; then
/// s = 0 + chain 0 + chain 1 + … + chain 15, in that order; then the tail, s = fma(x[i], y[i], s) for the last
/// n mod 16 elements in order. One 512-bit register holds the 16 chains; two 256-bit registers hold chains
/// 0–7 and 8–15, four 128-bit ones chains 0–3 … 12–15, so they run the same chains.</para>
/// <para>Codebook panels ([f][32], <see cref="PanelDot"/>, <see cref="PanelSquares"/>): one chain per unit,
/// fma over f = 0 … D−1 in order from 0, the order of <see cref="DotKernels"/>.</para>
/// </summary>
internal static unsafe class FixedOrderSum
{
    /// <summary>Number of lane chains of the contiguous reductions.</summary>
    public const int Chains = 16;

    private const int Lanes = DotKernels.Lanes;

    /// <summary>x·y in the fixed order.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, KernelIsa isa)
    {
        if (y.Length != x.Length) throw new ArgumentException($"y has {y.Length} entries: expected {x.Length}", nameof(y));
        return Sum(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length, isa);
    }

    /// <summary>‖v‖² = v·v in the fixed order.</summary>
    public static float SumOfSquares(ReadOnlySpan<float> v, KernelIsa isa)
    {
        ref float r = ref MemoryMarshal.GetReference(v);
        return Sum(ref r, ref r, v.Length, isa);
    }

    /// <summary>dots[l] = Σ_f x[f]·panel[f·32 + l] for the 32 units of one panel, one fused chain per unit.</summary>
    public static void PanelDot(float* x, float* panel, int features, float* dots, KernelIsa isa)
    {
        switch (isa)
        {
            case KernelIsa.Vector512:
            {
                var a0 = Vector512<float>.Zero;
                var a1 = Vector512<float>.Zero;
                for (int f = 0; f < features; f++)
                {
                    var b = Vector512.Create(x[f]);
                    a0 = Vector512.FusedMultiplyAdd(b, Vector512.Load(panel + f * Lanes), a0);
                    a1 = Vector512.FusedMultiplyAdd(b, Vector512.Load(panel + f * Lanes + 16), a1);
                }
                a0.Store(dots);
                a1.Store(dots + 16);
                return;
            }
            case KernelIsa.Vector256:
                PanelDotQuads<Lanes256, Vector256<float>>(x, panel, features, dots);
                return;
            case KernelIsa.Vector128:
                PanelDotQuads<Lanes128, Vector128<float>>(x, panel, features, dots);
                return;
            default:
                for (int l = 0; l < Lanes; l++) dots[l] = 0f;
                for (int f = 0; f < features; f++)
                    for (int l = 0; l < Lanes; l++) dots[l] = MathF.FusedMultiplyAdd(x[f], panel[f * Lanes + l], dots[l]);
                return;
        }
    }

    /// <summary>squares[l] = Σ_f panel[f·32 + l]² for the 32 units of one panel, one fused chain per unit.</summary>
    public static void PanelSquares(float* panel, int features, Span<float> squares, KernelIsa isa)
    {
        if (squares.Length < Lanes) throw new ArgumentException($"squares has {squares.Length} entries: expected {Lanes}", nameof(squares));
        switch (isa)
        {
            case KernelIsa.Vector512:
            {
                var s0 = Vector512<float>.Zero;
                var s1 = Vector512<float>.Zero;
                for (int f = 0; f < features; f++)
                {
                    var w0 = Vector512.Load(panel + f * Lanes);
                    var w1 = Vector512.Load(panel + f * Lanes + 16);
                    s0 = Vector512.FusedMultiplyAdd(w0, w0, s0);
                    s1 = Vector512.FusedMultiplyAdd(w1, w1, s1);
                }
                s0.CopyTo(squares);
                s1.CopyTo(squares[16..]);
                return;
            }
            case KernelIsa.Vector256:
                fixed (float* q = squares) PanelSquaresQuads<Lanes256, Vector256<float>>(panel, features, q);
                return;
            case KernelIsa.Vector128:
                fixed (float* q = squares) PanelSquaresQuads<Lanes128, Vector128<float>>(panel, features, q);
                return;
            default:
                squares[..Lanes].Clear();
                for (int f = 0; f < features; f++)
                {
                    for (int l = 0; l < Lanes; l++)
                    {
                        float w = panel[f * Lanes + l];
                        squares[l] = MathF.FusedMultiplyAdd(w, w, squares[l]);
                    }
                }
                return;
        }
    }

    /// <summary>
    /// <see cref="PanelDot"/> in passes of four vectors of units (one pass of 32 on 256-bit, two of 16 on 128-bit):
    /// four independent chains per broadcast, and few enough registers for x86 without AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelDotQuads<TLanes, TVector>(float* x, float* panel, int features, float* dots)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        for (int u = 0; u < Lanes; u += 4 * n)
        {
            TVector a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
            for (int f = 0; f < features; f++)
            {
                var b = TLanes.Broadcast(x[f]);
                float* w = panel + f * Lanes + u;
                a0 = TLanes.FusedMultiplyAdd(b, TLanes.Load(w), a0);
                a1 = TLanes.FusedMultiplyAdd(b, TLanes.Load(w + n), a1);
                a2 = TLanes.FusedMultiplyAdd(b, TLanes.Load(w + 2 * n), a2);
                a3 = TLanes.FusedMultiplyAdd(b, TLanes.Load(w + 3 * n), a3);
            }
            TLanes.Store(a0, dots + u);
            TLanes.Store(a1, dots + u + n);
            TLanes.Store(a2, dots + u + 2 * n);
            TLanes.Store(a3, dots + u + 3 * n);
        }
    }

    /// <summary><see cref="PanelSquares"/> in the passes of <see cref="PanelDotQuads"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelSquaresQuads<TLanes, TVector>(float* panel, int features, float* squares)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        for (int u = 0; u < Lanes; u += 4 * n)
        {
            TVector s0 = TLanes.Zero, s1 = TLanes.Zero, s2 = TLanes.Zero, s3 = TLanes.Zero;
            for (int f = 0; f < features; f++)
            {
                float* w = panel + f * Lanes + u;
                var w0 = TLanes.Load(w);
                var w1 = TLanes.Load(w + n);
                var w2 = TLanes.Load(w + 2 * n);
                var w3 = TLanes.Load(w + 3 * n);
                s0 = TLanes.FusedMultiplyAdd(w0, w0, s0);
                s1 = TLanes.FusedMultiplyAdd(w1, w1, s1);
                s2 = TLanes.FusedMultiplyAdd(w2, w2, s2);
                s3 = TLanes.FusedMultiplyAdd(w3, w3, s3);
            }
            TLanes.Store(s0, squares + u);
            TLanes.Store(s1, squares + u + n);
            TLanes.Store(s2, squares + u + 2 * n);
            TLanes.Store(s3, squares + u + 3 * n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(ref float x, ref float y, int n, KernelIsa isa)
    {
        int i = 0;
        float sum = 0;
        int blocks = n - n % Chains;
        if (blocks > 0)
        {
            switch (isa)
            {
                case KernelIsa.Vector512:
                {
                    var acc = Vector512<float>.Zero;
                    for (; i < blocks; i += Chains)
                        acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i), acc);
                    for (int l = 0; l < Chains; l++) sum += acc[l];
                    break;
                }
                case KernelIsa.Vector256:
                {
                    // Chains 0–7 in lo, 8–15 in hi: the same 16 chains as one 512-bit register.
                    var lo = Vector256<float>.Zero;
                    var hi = Vector256<float>.Zero;
                    for (; i < blocks; i += Chains)
                    {
                        lo = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i), lo);
                        hi = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), Vector256.LoadUnsafe(ref y, (nuint)(i + 8)), hi);
                    }
                    for (int l = 0; l < 8; l++) sum += lo[l];
                    for (int l = 0; l < 8; l++) sum += hi[l];
                    break;
                }
                case KernelIsa.Vector128:
                {
                    // Chains 0–3, 4–7, 8–11 and 12–15 in four 128-bit registers.
                    var c0 = Vector128<float>.Zero;
                    var c1 = Vector128<float>.Zero;
                    var c2 = Vector128<float>.Zero;
                    var c3 = Vector128<float>.Zero;
                    for (; i < blocks; i += Chains)
                    {
                        c0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref y, (nuint)i), c0);
                        c1 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x, (nuint)(i + 4)), Vector128.LoadUnsafe(ref y, (nuint)(i + 4)), c1);
                        c2 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x, (nuint)(i + 8)), Vector128.LoadUnsafe(ref y, (nuint)(i + 8)), c2);
                        c3 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x, (nuint)(i + 12)), Vector128.LoadUnsafe(ref y, (nuint)(i + 12)), c3);
                    }
                    for (int l = 0; l < 4; l++) sum += c0[l];
                    for (int l = 0; l < 4; l++) sum += c1[l];
                    for (int l = 0; l < 4; l++) sum += c2[l];
                    for (int l = 0; l < 4; l++) sum += c3[l];
                    break;
                }
                default:
                {
                    Span<float> chain = stackalloc float[Chains];
                    chain.Clear();
                    for (; i < blocks; i += Chains)
                        for (int l = 0; l < Chains; l++)
                            chain[l] = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i + l), Unsafe.Add(ref y, i + l), chain[l]);
                    for (int l = 0; l < Chains; l++) sum += chain[l];
                    break;
                }
            }
        }
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), sum);
        return sum;
    }
}
