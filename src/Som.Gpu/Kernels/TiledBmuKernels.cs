using System.Runtime.CompilerServices;
using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// The fused distance + BMU stage (docs/contract.md §5) in the shape of an FP32 GEMM kernel: a group computes a
/// block tile of samples × units of dot products and keeps, per sample, the running best key in registers; the
/// N × M distance matrix never exists.
/// </summary>
internal static class TiledBmuKernels
{
    /// <summary>Features per shared-memory stage.</summary>
    public const int Chunk = 8;

    /// <summary>Thread rows of a group (along the samples); a group has 16 × ThreadsX threads.</summary>
    public const int ThreadsY = 16;

    // Shared tiles are [stage buffer][feature k][row], the row pitch padded by 4 floats: the pitch stays a multiple
    // of 16 bytes (aligned float4 reads) and the transposed stores of a warp fall in 32 different banks.
    private const int MaxPitch = 128 + 4;

    /// <summary>Samples per group tile of <typeparamref name="TShape"/>.</summary>
    public static int TileSamples<TShape>()
        where TShape : struct, ITileShape => ThreadsY * 4 * default(TShape).SampleQuads;

    /// <summary>Units per group tile of <typeparamref name="TShape"/>.</summary>
    public static int TileUnits<TShape>()
        where TShape : struct, ITileShape => default(TShape).ThreadsX * 8;

    /// <summary>Threads per group of <typeparamref name="TShape"/>.</summary>
    public static int GroupSize<TShape>()
        where TShape : struct, ITileShape => ThreadsY * default(TShape).ThreadsX;

    /// <summary>
    /// Best (and with <see cref="BestAndSecond"/> second-best) unit of each sample of <paramref name="x"/>, and the
    /// best unit's distance.
    /// <para>Math: as <see cref="DistanceBmuKernels.FindBmusKernel"/> — dot_ij one multiply-add chain over f = 0 … D−1
    /// in order, d from <see cref="DistanceBmuKernels.Distance"/> (the CPU engine's function), the minimum of the key
    /// (ordered(d) &lt;&lt; 32) | j, so ties go to the lowest unit index. Views and arguments are those of
    /// <see cref="DistanceBmuKernels.FindBmusKernel"/>; <paramref name="second"/> is written only with
    /// <see cref="BestAndSecond"/>.</para>
    /// <para>Launch: explicitly grouped, grid ⌈n / TileSamples⌉, group <see cref="GroupSize{TShape}"/>. With
    /// TX = ThreadsX and SQ = SampleQuads, a group owns BM = 64·SQ samples and walks all units in tiles of
    /// BN = 8·TX. Thread t = ty·TX + tx holds samples 4ty … 4ty+3 (and BM/2 + 4ty … +3 when SQ = 2) × units
    /// 4tx … 4tx+3 and BN/2 + 4tx … +3 in registers (<see cref="DotTile4x8"/>). Features go through shared memory
    /// <see cref="Chunk"/> at a time, double-buffered: while the group multiplies stage c, each thread holds stage
    /// c+1's global loads in registers (one float4 of W, SQ·8/TX float4 of X, through <typeparamref name="TLoad"/>)
    /// and stores them transposed into the other buffer; one barrier per stage. Per feature a thread reads SQ + 2
    /// float4 from shared memory for 32·SQ multiply-adds. The norm terms enter in the epilogue of each unit tile
    /// (<see cref="BestOfFour.Offer{TRank}"/>); at the end the TX lanes of a sample row merge their keys by warp
    /// shuffles and lane tx = 0 writes the row.</para>
    /// </summary>
    public static void FindBmusTiledKernel<TShape, TLoad, TRank>(
        ArrayView<float> x, ArrayView<float> xTerms, ArrayView<float> w, ArrayView<float> wTerms,
        ArrayView<int> first, ArrayView<int> second, ArrayView<float> distances, int n, int m, int d, int cosine)
        where TShape : struct, ITileShape
        where TLoad : struct, ITileLoad
        where TRank : struct, IBmuRank
    {
        var xs = SharedMemory.Allocate<float>(2 * Chunk * MaxPitch);
        var ws = SharedMemory.Allocate<float>(2 * Chunk * MaxPitch);
        var xs4 = xs.Cast<Float4>();
        var ws4 = ws.Cast<Float4>();

        int tpx = default(TShape).ThreadsX;
        bool twoQuads = default(TShape).SampleQuads == 2;
        int bm = TileSamples<TShape>(), bn = TileUnits<TShape>();
        int threads = ThreadsY * tpx;
        int px = bm + 4, pw = bn + 4;           // pitches in floats
        int px4 = px >> 2, pw4 = pw >> 2;       // and in float4
        int t = Group.IdxX;
        int tx = t % tpx, ty = t / tpx;
        int s0 = Grid.IdxX * bm;

        var bestA = new BestOfFour(xTerms, s0 + 4 * ty, n);
        var bestB = twoQuads ? new BestOfFour(xTerms, s0 + bm / 2 + 4 * ty, n) : default;

        // The float4 slots this thread loads: row t/2 (and (t + threads)/2 of X when the X tile has two slots per
        // thread), features 4·(t mod 2) … +3 of the stage. Rows past the end are clamped to the last row: their
        // products are computed but never offered (units) or stored (samples).
        bool twoXLoads = 8 * default(TShape).SampleQuads / tpx == 2;
        int col = (t & 1) * 4;
        int xRow0 = t >> 1, xRow1 = (t + threads) >> 1, wRow = t >> 1;
        long xStart0 = (long)Math.Min(s0 + xRow0, n - 1) * d;
        long xStart1 = (long)Math.Min(s0 + xRow1, n - 1) * d;
        int stages = (d + Chunk - 1) / Chunk;

        for (int u0 = 0; u0 < m; u0 += bn)
        {
            long wStart = (long)Math.Min(u0 + wRow, m - 1) * d;
            var accA = default(DotTile4x8);
            var accB = default(DotTile4x8);

            var nextX0 = default(TLoad).Load(x, xStart0, col, d);
            var nextX1 = twoXLoads ? default(TLoad).Load(x, xStart1, col, d) : default;
            var nextW = default(TLoad).Load(w, wStart, col, d);
            StoreColumn(xs, col * px + xRow0, px, nextX0);
            if (twoXLoads) StoreColumn(xs, col * px + xRow1, px, nextX1);
            StoreColumn(ws, col * pw + wRow, pw, nextW);
            Group.Barrier();

            for (int c = 0; c < stages; c++)
            {
                int buffer = c & 1;
                bool more = c + 1 < stages;
                if (more)
                {
                    int f = (c + 1) * Chunk + col;
                    nextX0 = default(TLoad).Load(x, xStart0, f, d);
                    if (twoXLoads) nextX1 = default(TLoad).Load(x, xStart1, f, d);
                    nextW = default(TLoad).Load(w, wStart, f, d);
                }

                int xo = buffer * Chunk * px4 + ty, wo = buffer * Chunk * pw4 + tx;
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo, wo, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + px4, wo + pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 2 * px4, wo + 2 * pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 3 * px4, wo + 3 * pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 4 * px4, wo + 4 * pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 5 * px4, wo + 5 * pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 6 * px4, wo + 6 * pw4, tpx);
                Step(ref accA, ref accB, twoQuads, xs4, ws4, xo + 7 * px4, wo + 7 * pw4, tpx);

                if (more)
                {
                    int other = (buffer ^ 1) * Chunk;
                    StoreColumn(xs, (other + col) * px + xRow0, px, nextX0);
                    if (twoXLoads) StoreColumn(xs, (other + col) * px + xRow1, px, nextX1);
                    StoreColumn(ws, (other + col) * pw + wRow, pw, nextW);
                }
                Group.Barrier();
            }

            int unitA = u0 + 4 * tx, unitB = u0 + bn / 2 + 4 * tx;
            accA.OfferTo<TRank>(ref bestA, wTerms, unitA, unitB, m, cosine);
            if (twoQuads) accB.OfferTo<TRank>(ref bestB, wTerms, unitA, unitB, m, cosine);
        }

        bestA.Reduce<TRank>(tpx);
        if (twoQuads) bestB.Reduce<TRank>(tpx);
        if (tx == 0)
        {
            bestA.Store<TRank>(first, second, distances, s0 + 4 * ty, n);
            if (twoQuads) bestB.Store<TRank>(first, second, distances, s0 + bm / 2 + 4 * ty, n);
        }
    }

    /// <summary>One feature k of the stage: SQ + 2 float4 reads from shared memory, 32·SQ multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref DotTile4x8 accA, ref DotTile4x8 accB, bool twoQuads, ArrayView<Float4> xs4,
        ArrayView<Float4> ws4, int xo, int wo, int tpx)
    {
        var a = ws4[wo];
        var b = ws4[wo + tpx];
        accA.Step(xs4[xo], a, b);
        if (twoQuads) accB.Step(xs4[xo + ThreadsY], a, b);
    }

    /// <summary>Stores 4 features of one row transposed: v.X at <paramref name="at"/>, v.Y one pitch further, ….</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(ArrayView<float> tile, int at, int pitch, Float4 v)
    {
        tile[at] = v.X;
        tile[at + pitch] = v.Y;
        tile[at + 2 * pitch] = v.Z;
        tile[at + 3 * pitch] = v.W;
    }
}
