using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// The fused distance + BMU stage: for every sample, the unit of least distance (and optionally the second),
/// without materialising the N × M distance matrix.
/// <para>Distances: Euclidean d = max(0, (‖x‖² + ‖w‖²) − 2·x·w); cosine d = (1 + (x·w · −1/‖w‖) · 1/‖x‖) + bias,
/// with 1/‖·‖ taken as 0 for a zero vector (so d = 1) and bias = +∞ on padding units. Ties go to the lowest
/// unit index: units are visited in increasing index and only a strictly smaller distance replaces the best.</para>
/// <para>Blocking: samples in blocks of 192 (one parallel task each, packed [micro-row][f][12]); per block, for each
/// panel of 32 units (≈ 100 KB at D = 784, it stays in L2), for each micro-row of 12 samples, one register
/// micro-kernel (<see cref="DotKernels"/>) then the epilogue. Each sample's result depends only on its own row
/// and the codebook, so the thread count cannot change it.</para>
/// </summary>
internal static unsafe class BmuSearch
{
    /// <summary>Samples per parallel task.</summary>
    public const int BlockRows = 16 * DotKernels.Rows;

    private const int Rows = DotKernels.Rows;
    private const int Lanes = DotKernels.Lanes;

    /// <summary>
    /// Fills <paramref name="first"/> (and <paramref name="second"/>, when not null) with each sample's best
    /// (second-best) unit, and <paramref name="distances"/> (when not null) with each sample's distance to its best unit,
    /// the value the search ranked by (the same bits on every instruction set: the same chains and epilogue).
    /// </summary>
    public static void Search(SampleMatrix data, PackedCodebook codebook, DistanceMetric metric, KernelIsa isa,
        int threads, int[] first, int[]? second, float[]? distances = null)
    {
        int d = data.Features;
        int blocks = (data.Count + BlockRows - 1) / BlockRows;
        float[] sampleTerms = ExpandedDistance.SampleTerms(data, metric);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, options, () => new Scratch(d), (block, _, scratch) =>
        {
            SearchBlock(data, codebook, metric, isa, sampleTerms, block, scratch, first, second, distances);
            return scratch;
        }, scratch => scratch.Dispose());
    }

    private static void SearchBlock(SampleMatrix data, PackedCodebook codebook, DistanceMetric metric, KernelIsa isa,
        float[] sampleTerms, int block, Scratch scratch, int[] first, int[]? second, float[]? distances)
    {
        int d = data.Features;
        int r0 = block * BlockRows;
        int rows = Math.Min(BlockRows, data.Count - r0);
        int microRows = (rows + Rows - 1) / Rows;
        float* xpack = scratch.XPack.Pointer;
        float* tile = scratch.Tile.Pointer;
        float* dist = scratch.Distances.Pointer;

        PackRows(data, r0, rows, xpack);

        bool vectorBest = second is null && isa == KernelIsa.Vector512;
        scratch.Reset(rows);
        var kernel = Kernel(isa);
        for (int p = 0; p < codebook.Panels; p++)
        {
            float* panel = codebook.Panel(p);
            for (int mr = 0; mr < microRows; mr++)
            {
                kernel(xpack + (long)mr * Rows * d, panel, d, tile);
                int count = Math.Min(Rows, rows - mr * Rows);
                for (int s = 0; s < count; s++)
                {
                    int local = mr * Rows + s;
                    Distances(tile + s * Lanes, sampleTerms[r0 + local], codebook, p, metric, isa, dist);
                    if (second is not null) scratch.UpdateTwo(local, dist, p * Lanes);
                    else if (vectorBest) scratch.UpdateLanes(local, dist, p * Lanes);
                    else scratch.UpdateOne(local, dist, p * Lanes);
                }
            }
        }
        for (int local = 0; local < rows; local++)
        {
            if (second is not null)
            {
                first[r0 + local] = scratch.BestIndex[local];
                second[r0 + local] = scratch.SecondIndex[local];
            }
            else
            {
                first[r0 + local] = vectorBest ? scratch.ReduceLanes(local) : scratch.BestIndex[local];
            }
            if (distances is not null) distances[r0 + local] = vectorBest ? scratch.LaneBestDistance(local) : scratch.BestDistance(local);
        }
    }

    /// <summary>
    /// Packs samples r0 … r0 + rows − 1 of <paramref name="data"/> as the micro-kernels read them,
    /// [micro-row of 12][f][12]; slots past the end repeat the last sample (their results are to be dropped).
    /// </summary>
    public static void PackRows(SampleMatrix data, int r0, int rows, float* xpack)
    {
        int d = data.Features;
        int microRows = (rows + Rows - 1) / Rows;
        fixed (float* x = data.Buffer)
        {
            for (int mr = 0; mr < microRows; mr++)
            {
                float* dst = xpack + (long)mr * Rows * d;
                for (int s = 0; s < Rows; s++)
                {
                    int row = r0 + Math.Min(mr * Rows + s, rows - 1);
                    float* src = x + (long)row * d;
                    for (int f = 0; f < d; f++) dst[f * Rows + s] = src[f];
                }
            }
        }
    }

    /// <summary>The 32 distances of one tile row (one sample against one panel), into <paramref name="dist"/>.</summary>
    public static void Distances(float* dots, float sampleTerm, PackedCodebook codebook, int panel, DistanceMetric metric,
        KernelIsa isa, float* dist)
    {
        int u = panel * Lanes;
        switch (isa)
        {
            case KernelIsa.Vector512:
                VectorDistances<Lanes512, Vector512<float>>(dots, sampleTerm, codebook, u, metric, dist);
                return;
            case KernelIsa.Vector256:
                VectorDistances<Lanes256, Vector256<float>>(dots, sampleTerm, codebook, u, metric, dist);
                return;
            case KernelIsa.Vector128:
                VectorDistances<Lanes128, Vector128<float>>(dots, sampleTerm, codebook, u, metric, dist);
                return;
        }
        for (int l = 0; l < Lanes; l++)
        {
            float acc = dots[l];
            dist[l] = metric == DistanceMetric.Euclidean
                ? ExpandedDistance.Euclidean(acc, sampleTerm, codebook.SquaredNorms[u + l])
                : ExpandedDistance.Cosine(acc, sampleTerm, codebook.CosineScale[u + l]) + codebook.CosineBias[u + l];
        }
    }

    /// <summary>
    /// The scalar epilogue's operations in the same order (<see cref="ExpandedDistance.Euclidean"/>,
    /// <see cref="ExpandedDistance.Cosine"/> + bias), a vector of units at a time: the same bits on every width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VectorDistances<TLanes, TVector>(float* dots, float sampleTerm, PackedCodebook codebook, int u,
        DistanceMetric metric, float* dist)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        var term = TLanes.Broadcast(sampleTerm);
        if (metric == DistanceMetric.Euclidean)
        {
            var two = TLanes.Broadcast(2f);
            fixed (float* norms = &codebook.SquaredNorms[u])
            {
                for (int h = 0; h < Lanes; h += n)
                {
                    var t = TLanes.Add(term, TLanes.Load(norms + h));
                    TLanes.Store(TLanes.Max(TLanes.Subtract(t, TLanes.Multiply(TLanes.Load(dots + h), two)), TLanes.Zero), dist + h);
                }
            }
            return;
        }
        fixed (float* scale = &codebook.CosineScale[u])
        fixed (float* bias = &codebook.CosineBias[u])
        {
            for (int h = 0; h < Lanes; h += n)
            {
                var q = TLanes.Multiply(TLanes.Multiply(TLanes.Load(dots + h), TLanes.Load(scale + h)), term);
                TLanes.Store(TLanes.Add(TLanes.Add(TLanes.One, q), TLanes.Load(bias + h)), dist + h);
            }
        }
    }

    /// <summary>The micro-kernel of <paramref name="isa"/>.</summary>
    public static delegate*<float*, float*, int, float*, void> Kernel(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => &DotKernels.Dot12x32Vector512,
        KernelIsa.Vector256 => &DotKernels.Dot12x32Vector256,
        KernelIsa.Vector128 => &DotKernels.Dot12x32Vector128,
        KernelIsa.Scalar => &DotKernels.Dot12x32Scalar,
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "resolve Auto first"),
    };

    /// <summary>Per-task buffers and the running best (and second-best) of each sample of a block.</summary>
    private sealed class Scratch : IDisposable
    {
        private const int VectorLanes = 16;
        private readonly float[] _laneBest = new float[BlockRows * VectorLanes];
        private readonly int[] _laneIndex = new int[BlockRows * VectorLanes];
        private readonly float[] _best = new float[BlockRows];
        private readonly float[] _secondBest = new float[BlockRows];

        public Scratch(int features)
        {
            XPack = new AlignedBuffer((long)BlockRows * features);
            Tile = new AlignedBuffer(Rows * Lanes);
            Distances = new AlignedBuffer(Lanes);
        }

        public AlignedBuffer XPack { get; }
        public AlignedBuffer Tile { get; }
        public AlignedBuffer Distances { get; }
        public int[] BestIndex { get; } = new int[BlockRows];
        public int[] SecondIndex { get; } = new int[BlockRows];

        public void Reset(int rows)
        {
            _laneBest.AsSpan(0, rows * VectorLanes).Fill(float.PositiveInfinity);
            _laneIndex.AsSpan(0, rows * VectorLanes).Fill(int.MaxValue);
            _best.AsSpan(0, rows).Fill(float.PositiveInfinity);
            _secondBest.AsSpan(0, rows).Fill(float.PositiveInfinity);
            BestIndex.AsSpan(0, rows).Fill(-1);
            SecondIndex.AsSpan(0, rows).Fill(-1);
        }

        /// <summary>Scalar scan in increasing unit order, strict &lt;.</summary>
        public void UpdateOne(int row, float* dist, int unit0)
        {
            float best = _best[row];
            int index = BestIndex[row];
            for (int l = 0; l < Lanes; l++)
            {
                if (dist[l] < best)
                {
                    best = dist[l];
                    index = unit0 + l;
                }
            }
            _best[row] = best;
            BestIndex[row] = index;
        }

        /// <summary>Best and second best, scanning in increasing unit order with strict &lt;.</summary>
        public void UpdateTwo(int row, float* dist, int unit0)
        {
            float b1 = _best[row], b2 = _secondBest[row];
            int i1 = BestIndex[row], i2 = SecondIndex[row];
            for (int l = 0; l < Lanes; l++)
            {
                float v = dist[l];
                if (v < b1)
                {
                    b2 = b1; i2 = i1;
                    b1 = v; i1 = unit0 + l;
                }
                else if (v < b2)
                {
                    b2 = v; i2 = unit0 + l;
                }
            }
            _best[row] = b1; BestIndex[row] = i1;
            _secondBest[row] = b2; SecondIndex[row] = i2;
        }

        /// <summary>
        /// Lane-wise running best: lane l sees units unit0 + l, then unit0 + 16 + l, then later panels, in
        /// increasing order; a strict &lt; keeps the lowest index among ties within the lane.
        /// </summary>
        public void UpdateLanes(int row, float* dist, int unit0)
        {
            var d0 = Vector512.Load(dist);
            var d1 = Vector512.Load(dist + 16);
            var i0 = Vector512.Create(unit0) + Vector512<int>.Indices;
            var i1 = i0 + Vector512.Create(16);
            var lt = Vector512.LessThan(d1, d0);
            var m = Vector512.ConditionalSelect(lt, d1, d0);
            var mi = Vector512.ConditionalSelect(lt.AsInt32(), i1, i0);
            fixed (float* pb = &_laneBest[row * VectorLanes])
            fixed (int* pi = &_laneIndex[row * VectorLanes])
            {
                var best = Vector512.Load(pb);
                var idx = Vector512.Load(pi);
                var better = Vector512.LessThan(m, best);
                Vector512.ConditionalSelect(better, m, best).Store(pb);
                Vector512.ConditionalSelect(better.AsInt32(), mi, idx).Store(pi);
            }
        }

        /// <summary>The least distance seen by <see cref="UpdateOne"/> or <see cref="UpdateTwo"/> for the row.</summary>
        public float BestDistance(int row) => _best[row];

        /// <summary>The least distance over the lanes of <see cref="UpdateLanes"/> for the row (the value <see cref="ReduceLanes"/> picks).</summary>
        public float LaneBestDistance(int row)
        {
            float best = float.PositiveInfinity;
            for (int l = 0; l < VectorLanes; l++) best = MathF.Min(best, _laneBest[row * VectorLanes + l]);
            return best;
        }

        /// <summary>Across lanes: the least distance, and the lowest unit index among lanes that hold it.</summary>
        public int ReduceLanes(int row)
        {
            float best = float.PositiveInfinity;
            int index = int.MaxValue;
            for (int l = 0; l < VectorLanes; l++)
            {
                float v = _laneBest[row * VectorLanes + l];
                int j = _laneIndex[row * VectorLanes + l];
                if (v < best || (v == best && j < index))
                {
                    best = v;
                    index = j;
                }
            }
            return index;
        }

        public void Dispose()
        {
            XPack.Dispose();
            Tile.Dispose();
            Distances.Dispose();
        }
    }
}
