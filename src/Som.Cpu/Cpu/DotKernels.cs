using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// The register micro-kernels of the distance stage: a tile of dot products
/// tile[s, l] = Σ_f x_s[f]·w_l[f] for 12 samples s × 32 units l of one panel.
/// Every tile element is one fused multiply-add chain over f = 0 … D−1 starting from 0, in that order, on
/// every instruction set, so the four variants give the same bits.
/// <para>Layouts: <c>xp</c> is a packed micro-row, [f][12] (the 12 samples' feature f side by side); <c>wp</c>
/// is a codebook panel, [f][32]; <c>tile</c> is [12][32].</para>
/// </summary>
internal static unsafe class DotKernels
{
    /// <summary>Samples per micro-row.</summary>
    public const int Rows = 12;

    /// <summary>Units per panel.</summary>
    public const int Lanes = 32;

    /// <summary>Units of a half panel, the width of the 12 × 16 kernels.</summary>
    public const int HalfLanes = 16;

    /// <summary>
    /// AVX-512: 24 zmm accumulators (12 samples × 2 halves of 16 units); per feature two loads of W and
    /// twelve broadcasts of x feed 24 FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot12x32Vector512(float* xp, float* wp, int features, float* tile)
    {
        Vector512<float> a000 = Vector512<float>.Zero, a001 = Vector512<float>.Zero, a010 = Vector512<float>.Zero, a011 = Vector512<float>.Zero, a020 = Vector512<float>.Zero, a021 = Vector512<float>.Zero, a030 = Vector512<float>.Zero, a031 = Vector512<float>.Zero, a040 = Vector512<float>.Zero, a041 = Vector512<float>.Zero, a050 = Vector512<float>.Zero, a051 = Vector512<float>.Zero, a060 = Vector512<float>.Zero, a061 = Vector512<float>.Zero, a070 = Vector512<float>.Zero, a071 = Vector512<float>.Zero, a080 = Vector512<float>.Zero, a081 = Vector512<float>.Zero, a090 = Vector512<float>.Zero, a091 = Vector512<float>.Zero, a100 = Vector512<float>.Zero, a101 = Vector512<float>.Zero, a110 = Vector512<float>.Zero, a111 = Vector512<float>.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = Vector512.Load(wp);
            var w1 = Vector512.Load(wp + 16);
            Vector512<float> b;
            b = Vector512.Create(xp[0]);
            a000 = Vector512.FusedMultiplyAdd(b, w0, a000);
            a001 = Vector512.FusedMultiplyAdd(b, w1, a001);
            b = Vector512.Create(xp[1]);
            a010 = Vector512.FusedMultiplyAdd(b, w0, a010);
            a011 = Vector512.FusedMultiplyAdd(b, w1, a011);
            b = Vector512.Create(xp[2]);
            a020 = Vector512.FusedMultiplyAdd(b, w0, a020);
            a021 = Vector512.FusedMultiplyAdd(b, w1, a021);
            b = Vector512.Create(xp[3]);
            a030 = Vector512.FusedMultiplyAdd(b, w0, a030);
            a031 = Vector512.FusedMultiplyAdd(b, w1, a031);
            b = Vector512.Create(xp[4]);
            a040 = Vector512.FusedMultiplyAdd(b, w0, a040);
            a041 = Vector512.FusedMultiplyAdd(b, w1, a041);
            b = Vector512.Create(xp[5]);
            a050 = Vector512.FusedMultiplyAdd(b, w0, a050);
            a051 = Vector512.FusedMultiplyAdd(b, w1, a051);
            b = Vector512.Create(xp[6]);
            a060 = Vector512.FusedMultiplyAdd(b, w0, a060);
            a061 = Vector512.FusedMultiplyAdd(b, w1, a061);
            b = Vector512.Create(xp[7]);
            a070 = Vector512.FusedMultiplyAdd(b, w0, a070);
            a071 = Vector512.FusedMultiplyAdd(b, w1, a071);
            b = Vector512.Create(xp[8]);
            a080 = Vector512.FusedMultiplyAdd(b, w0, a080);
            a081 = Vector512.FusedMultiplyAdd(b, w1, a081);
            b = Vector512.Create(xp[9]);
            a090 = Vector512.FusedMultiplyAdd(b, w0, a090);
            a091 = Vector512.FusedMultiplyAdd(b, w1, a091);
            b = Vector512.Create(xp[10]);
            a100 = Vector512.FusedMultiplyAdd(b, w0, a100);
            a101 = Vector512.FusedMultiplyAdd(b, w1, a101);
            b = Vector512.Create(xp[11]);
            a110 = Vector512.FusedMultiplyAdd(b, w0, a110);
            a111 = Vector512.FusedMultiplyAdd(b, w1, a111);
            xp += Rows;
            wp += Lanes;
        }
        a000.Store(tile + 0);
        a001.Store(tile + 16);
        a010.Store(tile + 32);
        a011.Store(tile + 48);
        a020.Store(tile + 64);
        a021.Store(tile + 80);
        a030.Store(tile + 96);
        a031.Store(tile + 112);
        a040.Store(tile + 128);
        a041.Store(tile + 144);
        a050.Store(tile + 160);
        a051.Store(tile + 176);
        a060.Store(tile + 192);
        a061.Store(tile + 208);
        a070.Store(tile + 224);
        a071.Store(tile + 240);
        a080.Store(tile + 256);
        a081.Store(tile + 272);
        a090.Store(tile + 288);
        a091.Store(tile + 304);
        a100.Store(tile + 320);
        a101.Store(tile + 336);
        a110.Store(tile + 352);
        a111.Store(tile + 368);
    }

    /// <summary>AVX2: <see cref="Dot12xSplit{TLanes, TVector}"/> as four 6 × 16 sub-tiles.</summary>
    public static void Dot12x32Vector256(float* xp, float* wp, int features, float* tile) =>
        Dot12xSplit<Lanes256, Vector256<float>>(xp, wp, features, tile, Lanes);

    /// <summary>128-bit (NEON, SSE with FMA): <see cref="Dot12xSplit{TLanes, TVector}"/> as eight 6 × 8 sub-tiles.</summary>
    public static void Dot12x32Vector128(float* xp, float* wp, int features, float* tile) =>
        Dot12xSplit<Lanes128, Vector128<float>>(xp, wp, features, tile, Lanes);

    /// <summary>
    /// The tile as sub-tiles of 6 samples × 2 vectors of units, 12 accumulators each: with the two vectors of W and
    /// one broadcast of x that is 15 registers, which fits the 16 of x86 without AVX-512. Per feature two loads of W
    /// and six broadcasts feed 12 FMAs. Each sub-tile runs over all features, so each tile element is still one chain
    /// over f = 0 … D−1 from 0. <c>units</c> (32, or 16 for a short last panel) is how many of the panel's units are
    /// computed; the tile's other lanes are not written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot12xSplit<TLanes, TVector>(float* xp, float* wp, int features, float* tile, int units)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int width = 2 * TLanes.Count;
        for (int half = 0; half < 2; half++)
        {
            for (int u = 0; u < units; u += width)
            {
                Dot6x2<TLanes, TVector>(xp + half * 6, wp + u, features, tile + half * 6 * Lanes + u);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot6x2<TLanes, TVector>(float* xp, float* wp, int features, float* tile)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        TVector c00 = TLanes.Zero, c01 = TLanes.Zero, c10 = TLanes.Zero, c11 = TLanes.Zero, c20 = TLanes.Zero, c21 = TLanes.Zero, c30 = TLanes.Zero, c31 = TLanes.Zero, c40 = TLanes.Zero, c41 = TLanes.Zero, c50 = TLanes.Zero, c51 = TLanes.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = TLanes.Load(wp);
            var w1 = TLanes.Load(wp + n);
            TVector b;
            b = TLanes.Broadcast(xp[0]);
            c00 = TLanes.FusedMultiplyAdd(b, w0, c00);
            c01 = TLanes.FusedMultiplyAdd(b, w1, c01);
            b = TLanes.Broadcast(xp[1]);
            c10 = TLanes.FusedMultiplyAdd(b, w0, c10);
            c11 = TLanes.FusedMultiplyAdd(b, w1, c11);
            b = TLanes.Broadcast(xp[2]);
            c20 = TLanes.FusedMultiplyAdd(b, w0, c20);
            c21 = TLanes.FusedMultiplyAdd(b, w1, c21);
            b = TLanes.Broadcast(xp[3]);
            c30 = TLanes.FusedMultiplyAdd(b, w0, c30);
            c31 = TLanes.FusedMultiplyAdd(b, w1, c31);
            b = TLanes.Broadcast(xp[4]);
            c40 = TLanes.FusedMultiplyAdd(b, w0, c40);
            c41 = TLanes.FusedMultiplyAdd(b, w1, c41);
            b = TLanes.Broadcast(xp[5]);
            c50 = TLanes.FusedMultiplyAdd(b, w0, c50);
            c51 = TLanes.FusedMultiplyAdd(b, w1, c51);
            xp += Rows;
            wp += Lanes;
        }
        TLanes.Store(c00, tile + 0 * Lanes);
        TLanes.Store(c01, tile + 0 * Lanes + n);
        TLanes.Store(c10, tile + 1 * Lanes);
        TLanes.Store(c11, tile + 1 * Lanes + n);
        TLanes.Store(c20, tile + 2 * Lanes);
        TLanes.Store(c21, tile + 2 * Lanes + n);
        TLanes.Store(c30, tile + 3 * Lanes);
        TLanes.Store(c31, tile + 3 * Lanes + n);
        TLanes.Store(c40, tile + 4 * Lanes);
        TLanes.Store(c41, tile + 4 * Lanes + n);
        TLanes.Store(c50, tile + 5 * Lanes);
        TLanes.Store(c51, tile + 5 * Lanes + n);
    }

    /// <summary>
    /// The first 16 units of a panel only (<see cref="HalfLanes"/>), for the last panel of a map whose M mod 32 is 1 … 16,
    /// where the 32-wide kernel would spend up to half its work on padding: 12 zmm accumulators, per feature one load of W
    /// and twelve broadcasts of x feed 12 FMAs; the same chains as <see cref="Dot12x32Vector512"/>. Lanes 16 … 31 of the
    /// tile are written as 0 (padding units: their distance is +∞ whatever the dot product).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot12x16Vector512(float* xp, float* wp, int features, float* tile)
    {
        Vector512<float> a00 = Vector512<float>.Zero, a01 = Vector512<float>.Zero, a02 = Vector512<float>.Zero, a03 = Vector512<float>.Zero, a04 = Vector512<float>.Zero, a05 = Vector512<float>.Zero, a06 = Vector512<float>.Zero, a07 = Vector512<float>.Zero, a08 = Vector512<float>.Zero, a09 = Vector512<float>.Zero, a10 = Vector512<float>.Zero, a11 = Vector512<float>.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = Vector512.Load(wp);
            a00 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[0]), w0, a00);
            a01 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[1]), w0, a01);
            a02 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[2]), w0, a02);
            a03 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[3]), w0, a03);
            a04 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[4]), w0, a04);
            a05 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[5]), w0, a05);
            a06 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[6]), w0, a06);
            a07 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[7]), w0, a07);
            a08 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[8]), w0, a08);
            a09 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[9]), w0, a09);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[10]), w0, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(xp[11]), w0, a11);
            xp += Rows;
            wp += Lanes;
        }
        a00.Store(tile + 0);
        Vector512<float>.Zero.Store(tile + 16);
        a01.Store(tile + 32);
        Vector512<float>.Zero.Store(tile + 48);
        a02.Store(tile + 64);
        Vector512<float>.Zero.Store(tile + 80);
        a03.Store(tile + 96);
        Vector512<float>.Zero.Store(tile + 112);
        a04.Store(tile + 128);
        Vector512<float>.Zero.Store(tile + 144);
        a05.Store(tile + 160);
        Vector512<float>.Zero.Store(tile + 176);
        a06.Store(tile + 192);
        Vector512<float>.Zero.Store(tile + 208);
        a07.Store(tile + 224);
        Vector512<float>.Zero.Store(tile + 240);
        a08.Store(tile + 256);
        Vector512<float>.Zero.Store(tile + 272);
        a09.Store(tile + 288);
        Vector512<float>.Zero.Store(tile + 304);
        a10.Store(tile + 320);
        Vector512<float>.Zero.Store(tile + 336);
        a11.Store(tile + 352);
        Vector512<float>.Zero.Store(tile + 368);
    }

    /// <summary>AVX2: the first 16 units of a panel as two 6 × 16 sub-tiles (see <see cref="Dot12x16Vector512"/>).</summary>
    public static void Dot12x16Vector256(float* xp, float* wp, int features, float* tile) =>
        Dot12x16Split<Lanes256, Vector256<float>>(xp, wp, features, tile);

    /// <summary>128-bit: the first 16 units of a panel as four 6 × 8 sub-tiles (see <see cref="Dot12x16Vector512"/>).</summary>
    public static void Dot12x16Vector128(float* xp, float* wp, int features, float* tile) =>
        Dot12x16Split<Lanes128, Vector128<float>>(xp, wp, features, tile);

    /// <summary>The first 16 units of <see cref="Dot12xSplit{TLanes, TVector}"/>'s sub-tiles; lanes 16–31 of the tile are 0.</summary>
    private static void Dot12x16Split<TLanes, TVector>(float* xp, float* wp, int features, float* tile)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        Dot12xSplit<TLanes, TVector>(xp, wp, features, tile, HalfLanes);
        for (int s = 0; s < Rows; s++) new Span<float>(tile + s * Lanes + HalfLanes, HalfLanes).Clear();
    }

    /// <summary>Scalar: the first 16 units of a panel (see <see cref="Dot12x16Vector512"/>).</summary>
    public static void Dot12x16Scalar(float* xp, float* wp, int features, float* tile)
    {
        new Span<float>(tile, Rows * Lanes).Clear();
        for (int f = 0; f < features; f++)
        {
            for (int s = 0; s < Rows; s++)
            {
                float x = xp[s];
                float* t = tile + s * Lanes;
                for (int l = 0; l < HalfLanes; l++) t[l] = MathF.FusedMultiplyAdd(x, wp[l], t[l]);
            }
            xp += Rows;
            wp += Lanes;
        }
    }

    /// <summary>Portable scalar path: the same chains, one element at a time.</summary>
    public static void Dot12x32Scalar(float* xp, float* wp, int features, float* tile)
    {
        new Span<float>(tile, Rows * Lanes).Clear();
        for (int f = 0; f < features; f++)
        {
            for (int s = 0; s < Rows; s++)
            {
                float x = xp[s];
                float* t = tile + s * Lanes;
                for (int l = 0; l < Lanes; l++) t[l] = MathF.FusedMultiplyAdd(x, wp[l], t[l]);
            }
            xp += Rows;
            wp += Lanes;
        }
    }

    // The row-major forms below read the samples where they lie: xp is the first of 12 consecutive rows of D floats,
    // x_s[f] = xp[s·D + f], reached from four pointers (rows 0, 3, 6, 9) plus 0, D or 2·D, so the loop needs few
    // registers. The same chains over f = 0 … D−1 from 0 as the packed forms, so the same bits; the fused pass of a small
    // map runs them, and the block it has just searched is then in cache for its sums (no packed copy to read instead).

    /// <summary>
    /// <see cref="Dot12x32Vector512"/> on 12 row-major sample rows (x_s[f] = xp[s·D + f]): the same 24 accumulators and
    /// chains, the broadcasts read from the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot12x32RowsVector512(float* xp, float* wp, int features, float* tile)
    {
        nint r = features, r2 = 2 * r;
        float* x0 = xp, x3 = xp + 3 * r, x6 = xp + 6 * r, x9 = xp + 9 * r;
        Vector512<float> a000 = Vector512<float>.Zero, a001 = Vector512<float>.Zero, a010 = Vector512<float>.Zero, a011 = Vector512<float>.Zero, a020 = Vector512<float>.Zero, a021 = Vector512<float>.Zero, a030 = Vector512<float>.Zero, a031 = Vector512<float>.Zero, a040 = Vector512<float>.Zero, a041 = Vector512<float>.Zero, a050 = Vector512<float>.Zero, a051 = Vector512<float>.Zero, a060 = Vector512<float>.Zero, a061 = Vector512<float>.Zero, a070 = Vector512<float>.Zero, a071 = Vector512<float>.Zero, a080 = Vector512<float>.Zero, a081 = Vector512<float>.Zero, a090 = Vector512<float>.Zero, a091 = Vector512<float>.Zero, a100 = Vector512<float>.Zero, a101 = Vector512<float>.Zero, a110 = Vector512<float>.Zero, a111 = Vector512<float>.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = Vector512.Load(wp);
            var w1 = Vector512.Load(wp + 16);
            Vector512<float> b;
            b = Vector512.Create(x0[0]);
            a000 = Vector512.FusedMultiplyAdd(b, w0, a000);
            a001 = Vector512.FusedMultiplyAdd(b, w1, a001);
            b = Vector512.Create(x0[r]);
            a010 = Vector512.FusedMultiplyAdd(b, w0, a010);
            a011 = Vector512.FusedMultiplyAdd(b, w1, a011);
            b = Vector512.Create(x0[r2]);
            a020 = Vector512.FusedMultiplyAdd(b, w0, a020);
            a021 = Vector512.FusedMultiplyAdd(b, w1, a021);
            b = Vector512.Create(x3[0]);
            a030 = Vector512.FusedMultiplyAdd(b, w0, a030);
            a031 = Vector512.FusedMultiplyAdd(b, w1, a031);
            b = Vector512.Create(x3[r]);
            a040 = Vector512.FusedMultiplyAdd(b, w0, a040);
            a041 = Vector512.FusedMultiplyAdd(b, w1, a041);
            b = Vector512.Create(x3[r2]);
            a050 = Vector512.FusedMultiplyAdd(b, w0, a050);
            a051 = Vector512.FusedMultiplyAdd(b, w1, a051);
            b = Vector512.Create(x6[0]);
            a060 = Vector512.FusedMultiplyAdd(b, w0, a060);
            a061 = Vector512.FusedMultiplyAdd(b, w1, a061);
            b = Vector512.Create(x6[r]);
            a070 = Vector512.FusedMultiplyAdd(b, w0, a070);
            a071 = Vector512.FusedMultiplyAdd(b, w1, a071);
            b = Vector512.Create(x6[r2]);
            a080 = Vector512.FusedMultiplyAdd(b, w0, a080);
            a081 = Vector512.FusedMultiplyAdd(b, w1, a081);
            b = Vector512.Create(x9[0]);
            a090 = Vector512.FusedMultiplyAdd(b, w0, a090);
            a091 = Vector512.FusedMultiplyAdd(b, w1, a091);
            b = Vector512.Create(x9[r]);
            a100 = Vector512.FusedMultiplyAdd(b, w0, a100);
            a101 = Vector512.FusedMultiplyAdd(b, w1, a101);
            b = Vector512.Create(x9[r2]);
            a110 = Vector512.FusedMultiplyAdd(b, w0, a110);
            a111 = Vector512.FusedMultiplyAdd(b, w1, a111);
            x0++;
            x3++;
            x6++;
            x9++;
            wp += Lanes;
        }
        a000.Store(tile + 0);
        a001.Store(tile + 16);
        a010.Store(tile + 32);
        a011.Store(tile + 48);
        a020.Store(tile + 64);
        a021.Store(tile + 80);
        a030.Store(tile + 96);
        a031.Store(tile + 112);
        a040.Store(tile + 128);
        a041.Store(tile + 144);
        a050.Store(tile + 160);
        a051.Store(tile + 176);
        a060.Store(tile + 192);
        a061.Store(tile + 208);
        a070.Store(tile + 224);
        a071.Store(tile + 240);
        a080.Store(tile + 256);
        a081.Store(tile + 272);
        a090.Store(tile + 288);
        a091.Store(tile + 304);
        a100.Store(tile + 320);
        a101.Store(tile + 336);
        a110.Store(tile + 352);
        a111.Store(tile + 368);
    }

    /// <summary>
    /// <see cref="Dot12x16Vector512"/> on 12 row-major sample rows (see <see cref="Dot12x32RowsVector512"/>); lanes 16 … 31
    /// of the tile are written as 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot12x16RowsVector512(float* xp, float* wp, int features, float* tile)
    {
        nint r = features, r2 = 2 * r;
        float* x0 = xp, x3 = xp + 3 * r, x6 = xp + 6 * r, x9 = xp + 9 * r;
        Vector512<float> a00 = Vector512<float>.Zero, a01 = Vector512<float>.Zero, a02 = Vector512<float>.Zero, a03 = Vector512<float>.Zero, a04 = Vector512<float>.Zero, a05 = Vector512<float>.Zero, a06 = Vector512<float>.Zero, a07 = Vector512<float>.Zero, a08 = Vector512<float>.Zero, a09 = Vector512<float>.Zero, a10 = Vector512<float>.Zero, a11 = Vector512<float>.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = Vector512.Load(wp);
            a00 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[0]), w0, a00);
            a01 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[r]), w0, a01);
            a02 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[r2]), w0, a02);
            a03 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[0]), w0, a03);
            a04 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[r]), w0, a04);
            a05 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[r2]), w0, a05);
            a06 = Vector512.FusedMultiplyAdd(Vector512.Create(x6[0]), w0, a06);
            a07 = Vector512.FusedMultiplyAdd(Vector512.Create(x6[r]), w0, a07);
            a08 = Vector512.FusedMultiplyAdd(Vector512.Create(x6[r2]), w0, a08);
            a09 = Vector512.FusedMultiplyAdd(Vector512.Create(x9[0]), w0, a09);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(x9[r]), w0, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(x9[r2]), w0, a11);
            x0++;
            x3++;
            x6++;
            x9++;
            wp += Lanes;
        }
        a00.Store(tile + 0);
        Vector512<float>.Zero.Store(tile + 16);
        a01.Store(tile + 32);
        Vector512<float>.Zero.Store(tile + 48);
        a02.Store(tile + 64);
        Vector512<float>.Zero.Store(tile + 80);
        a03.Store(tile + 96);
        Vector512<float>.Zero.Store(tile + 112);
        a04.Store(tile + 128);
        Vector512<float>.Zero.Store(tile + 144);
        a05.Store(tile + 160);
        Vector512<float>.Zero.Store(tile + 176);
        a06.Store(tile + 192);
        Vector512<float>.Zero.Store(tile + 208);
        a07.Store(tile + 224);
        Vector512<float>.Zero.Store(tile + 240);
        a08.Store(tile + 256);
        Vector512<float>.Zero.Store(tile + 272);
        a09.Store(tile + 288);
        Vector512<float>.Zero.Store(tile + 304);
        a10.Store(tile + 320);
        Vector512<float>.Zero.Store(tile + 336);
        a11.Store(tile + 352);
        Vector512<float>.Zero.Store(tile + 368);
    }

    /// <summary>AVX2: <see cref="Dot12x32Vector256"/> on 12 row-major sample rows.</summary>
    public static void Dot12x32RowsVector256(float* xp, float* wp, int features, float* tile) =>
        Dot12xSplitRows<Lanes256, Vector256<float>>(xp, wp, features, tile, Lanes);

    /// <summary>128-bit: <see cref="Dot12x32Vector128"/> on 12 row-major sample rows.</summary>
    public static void Dot12x32RowsVector128(float* xp, float* wp, int features, float* tile) =>
        Dot12xSplitRows<Lanes128, Vector128<float>>(xp, wp, features, tile, Lanes);

    /// <summary>AVX2: <see cref="Dot12x16Vector256"/> on 12 row-major sample rows; lanes 16–31 of the tile are 0.</summary>
    public static void Dot12x16RowsVector256(float* xp, float* wp, int features, float* tile)
    {
        Dot12xSplitRows<Lanes256, Vector256<float>>(xp, wp, features, tile, HalfLanes);
        ClearUpperHalf(tile);
    }

    /// <summary>128-bit: <see cref="Dot12x16Vector128"/> on 12 row-major sample rows; lanes 16–31 of the tile are 0.</summary>
    public static void Dot12x16RowsVector128(float* xp, float* wp, int features, float* tile)
    {
        Dot12xSplitRows<Lanes128, Vector128<float>>(xp, wp, features, tile, HalfLanes);
        ClearUpperHalf(tile);
    }

    /// <summary><see cref="Dot12xSplit{TLanes, TVector}"/> on 12 row-major sample rows: two halves of 6 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot12xSplitRows<TLanes, TVector>(float* xp, float* wp, int features, float* tile, int units)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int width = 2 * TLanes.Count;
        for (int half = 0; half < 2; half++)
        {
            for (int u = 0; u < units; u += width)
            {
                Dot6x2Rows<TLanes, TVector>(xp + (long)half * 6 * features, wp + u, features, tile + half * 6 * Lanes + u);
            }
        }
    }

    /// <summary><see cref="Dot6x2{TLanes, TVector}"/> on 6 row-major sample rows (pointers to rows 0 and 3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot6x2Rows<TLanes, TVector>(float* xp, float* wp, int features, float* tile)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        nint r = features, r2 = 2 * r;
        float* x0 = xp, x3 = xp + 3 * r;
        TVector c00 = TLanes.Zero, c01 = TLanes.Zero, c10 = TLanes.Zero, c11 = TLanes.Zero, c20 = TLanes.Zero, c21 = TLanes.Zero, c30 = TLanes.Zero, c31 = TLanes.Zero, c40 = TLanes.Zero, c41 = TLanes.Zero, c50 = TLanes.Zero, c51 = TLanes.Zero;
        for (int f = 0; f < features; f++)
        {
            var w0 = TLanes.Load(wp);
            var w1 = TLanes.Load(wp + n);
            TVector b;
            b = TLanes.Broadcast(x0[0]);
            c00 = TLanes.FusedMultiplyAdd(b, w0, c00);
            c01 = TLanes.FusedMultiplyAdd(b, w1, c01);
            b = TLanes.Broadcast(x0[r]);
            c10 = TLanes.FusedMultiplyAdd(b, w0, c10);
            c11 = TLanes.FusedMultiplyAdd(b, w1, c11);
            b = TLanes.Broadcast(x0[r2]);
            c20 = TLanes.FusedMultiplyAdd(b, w0, c20);
            c21 = TLanes.FusedMultiplyAdd(b, w1, c21);
            b = TLanes.Broadcast(x3[0]);
            c30 = TLanes.FusedMultiplyAdd(b, w0, c30);
            c31 = TLanes.FusedMultiplyAdd(b, w1, c31);
            b = TLanes.Broadcast(x3[r]);
            c40 = TLanes.FusedMultiplyAdd(b, w0, c40);
            c41 = TLanes.FusedMultiplyAdd(b, w1, c41);
            b = TLanes.Broadcast(x3[r2]);
            c50 = TLanes.FusedMultiplyAdd(b, w0, c50);
            c51 = TLanes.FusedMultiplyAdd(b, w1, c51);
            x0++;
            x3++;
            wp += Lanes;
        }
        TLanes.Store(c00, tile + 0 * Lanes);
        TLanes.Store(c01, tile + 0 * Lanes + n);
        TLanes.Store(c10, tile + 1 * Lanes);
        TLanes.Store(c11, tile + 1 * Lanes + n);
        TLanes.Store(c20, tile + 2 * Lanes);
        TLanes.Store(c21, tile + 2 * Lanes + n);
        TLanes.Store(c30, tile + 3 * Lanes);
        TLanes.Store(c31, tile + 3 * Lanes + n);
        TLanes.Store(c40, tile + 4 * Lanes);
        TLanes.Store(c41, tile + 4 * Lanes + n);
        TLanes.Store(c50, tile + 5 * Lanes);
        TLanes.Store(c51, tile + 5 * Lanes + n);
    }

    /// <summary>Scalar: <see cref="Dot12x32Scalar"/> on 12 row-major sample rows.</summary>
    public static void Dot12x32RowsScalar(float* xp, float* wp, int features, float* tile) => RowsScalar(xp, wp, features, tile, Lanes);

    /// <summary>Scalar: <see cref="Dot12x16Scalar"/> on 12 row-major sample rows; lanes 16–31 of the tile are 0.</summary>
    public static void Dot12x16RowsScalar(float* xp, float* wp, int features, float* tile) => RowsScalar(xp, wp, features, tile, HalfLanes);

    private static void RowsScalar(float* xp, float* wp, int features, float* tile, int units)
    {
        new Span<float>(tile, Rows * Lanes).Clear();
        for (int f = 0; f < features; f++)
        {
            for (int s = 0; s < Rows; s++)
            {
                float x = xp[(long)s * features + f];
                float* t = tile + s * Lanes;
                for (int l = 0; l < units; l++) t[l] = MathF.FusedMultiplyAdd(x, wp[l], t[l]);
            }
            wp += Lanes;
        }
    }

    private static void ClearUpperHalf(float* tile)
    {
        for (int s = 0; s < Rows; s++) new Span<float>(tile + s * Lanes + HalfLanes, HalfLanes).Clear();
    }
}
