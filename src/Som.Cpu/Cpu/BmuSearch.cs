using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// The fused distance + BMU stage: for every sample, the unit of least distance (and optionally the second),
/// without materialising the N × M distance matrix.
/// <para>Distances: Euclidean d = max(0, (‖x‖² + ‖w‖²) − 2·x·w); cosine d = (1 + (x·w · −1/‖w‖) · 1/‖x‖) + bias,
/// with 1/‖·‖ taken as 0 for a zero vector (so d = 1) and bias = +∞ on padding units. Ties go to the lowest
/// unit index: units are visited in increasing index and only a strictly smaller distance replaces the best.</para>
/// <para>Blocking: samples in blocks of 192 (one parallel task each, packed [micro-row][f][12], or read in place by the
/// row-major kernels in <see cref="SearchAndAccumulate"/>); per block, for each
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
    /// <paramref name="packed"/>, when given, is <paramref name="data"/> already in the kernel's layout; otherwise each
    /// block is packed as it is searched. <paramref name="halfPanels"/> false runs the 32-wide kernel on every panel
    /// (the same bits; the benchmarks time the search as it was before the 16-wide kernel).
    /// </summary>
    public static void Search(SampleMatrix data, PackedCodebook codebook, DistanceMetric metric, KernelIsa isa,
        int threads, int[] first, int[]? second, float[]? distances = null, PackedSamples? packed = null, bool halfPanels = true)
    {
        CheckPacked(data, packed);
        int d = data.Features;
        int blocks = (data.Count + BlockRows - 1) / BlockRows;
        float[] sampleTerms = SampleTerms(data, metric);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, options, () => new Scratch(d), (block, _, scratch) =>
        {
            SearchBlock(data, packed, codebook, metric, isa, sampleTerms, block, scratch, first, second, distances, halfPanels);
            return scratch;
        }, scratch => scratch.Dispose());
    }

    /// <summary>
    /// The first half of a batch epoch in one pass over the samples: each block's best units (and
    /// <paramref name="distances"/>, when not null) as <see cref="Search"/> finds them, then, while the block is still
    /// in cache, its samples added into <paramref name="sums"/> (S, M × D, double) and <paramref name="counts"/> (C, M),
    /// the sums of <see cref="BatchAccumulator.Accumulate"/>.
    /// <para>With <paramref name="packed"/> null the kernels read each block's rows where they lie (the row-major kernels
    /// of <see cref="DotKernels"/>, the same bits), so the rows the sums add are the ones the search has just brought
    /// into cache, and no packed copy is made or read.</para>
    /// <para>Order (docs/contract.md §6): workers claim blocks in increasing order and search them in parallel, but add
    /// them strictly one block after another (a worker waits until the block before its own has been added), and each
    /// block's samples in increasing index, so every S_k[f] adds x_i[f] in increasing i: the same additions in the same
    /// order as <see cref="BatchAccumulator.Accumulate"/>, the same bits, whatever the thread count. (Splitting the
    /// features between the workers instead, each adding its stripe of every block, keeps each stripe of S in one core's
    /// cache, but was measured no faster at 10 × 10 and slower at 16 × 16 and 32 × 32: benchmarks/RESULTS.md.)</para>
    /// </summary>
    public static void SearchAndAccumulate(SampleMatrix data, PackedSamples? packed, PackedCodebook codebook,
        DistanceMetric metric, KernelIsa isa, int threads, int[] first, float[]? distances, double[] sums, double[] counts)
    {
        CheckPacked(data, packed);
        int d = data.Features;
        int blocks = (data.Count + BlockRows - 1) / BlockRows;
        float[] sampleTerms = SampleTerms(data, metric);
        Array.Clear(sums);
        Array.Clear(counts);
        int workers = Math.Max(1, Math.Min(blocks, threads > 0 ? threads : Environment.ProcessorCount));
        int next = -1, added = 0, failed = 0;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var scratch = new Scratch(d);
            try
            {
                // Claims are in increasing order, so the block a worker waits for is held by a worker that is running.
                for (int block; (block = Interlocked.Increment(ref next)) < blocks;)
                {
                    SearchBlock(data, packed, codebook, metric, isa, sampleTerms, block, scratch, first, null, distances, true, rowMajor: packed is null);
                    var spin = new SpinWait();
                    while (Volatile.Read(ref added) != block)
                    {
                        if (Volatile.Read(ref failed) != 0) return;
                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                    AccumulateBlock(data, block, first, sums, counts, isa);
                    Volatile.Write(ref added, block + 1);
                }
            }
            catch
            {
                Volatile.Write(ref failed, 1);
                throw;
            }
        });
    }

    /// <summary>Adds the samples of block <paramref name="block"/>, in increasing index, into row b(i) of S and C.</summary>
    private static void AccumulateBlock(SampleMatrix data, int block, int[] bmu, double[] sums, double[] counts, KernelIsa isa)
    {
        int d = data.Features;
        int r0 = block * BlockRows, end = Math.Min(data.Count, r0 + BlockRows);
        float[] x = data.Buffer;
        for (int i = r0; i < end; i++)
        {
            int b = bmu[i];
            counts[b]++;
            DoubleVectors.AddWidened(x.AsSpan(i * d, d), sums.AsSpan(b * d, d), isa);
        }
    }

    /// <summary>
    /// Each sample's term: the matrix's own cached ‖x‖² for the Euclidean distance (only read here, so no copy is
    /// needed), else <see cref="ExpandedDistance.SampleTerms"/>.
    /// </summary>
    private static float[] SampleTerms(SampleMatrix data, DistanceMetric metric) =>
        metric == DistanceMetric.Euclidean ? data.SquaredNormsBuffer : ExpandedDistance.SampleTerms(data, metric);

    private static void CheckPacked(SampleMatrix data, PackedSamples? packed)
    {
        if (packed is not null && !packed.IsFor(data))
            throw new ArgumentException("the packed samples are not those of this data", nameof(packed));
    }

    private static void SearchBlock(SampleMatrix data, PackedSamples? packed, PackedCodebook codebook, DistanceMetric metric,
        KernelIsa isa, float[] sampleTerms, int block, Scratch scratch, int[] first, int[]? second, float[]? distances, bool halfPanels,
        bool rowMajor = false)
    {
        fixed (float* x = data.Buffer)
        {
            SearchBlock(data, x, packed, codebook, metric, isa, sampleTerms, block, scratch, first, second, distances, halfPanels, rowMajor);
        }
    }

    private static void SearchBlock(SampleMatrix data, float* x, PackedSamples? packed, PackedCodebook codebook, DistanceMetric metric,
        KernelIsa isa, float[] sampleTerms, int block, Scratch scratch, int[] first, int[]? second, float[]? distances, bool halfPanels,
        bool rowMajor)
    {
        int d = data.Features;
        int r0 = block * BlockRows;
        int rows = Math.Min(BlockRows, data.Count - r0);
        int microRows = (rows + Rows - 1) / Rows;
        float* tile = scratch.Tile.Pointer;
        float* dist = scratch.Distances.Pointer;
        float* xpack;
        // Row-major: micro-row mr is rows r0 + 12·mr …, at the same offset mr·12·D as in the packed layout; a last
        // micro-row cut short by the end of the data is copied out with its last sample repeated, as the packing does.
        float* tail = null;
        if (packed is not null) xpack = packed.Block(block);
        else if (rowMajor)
        {
            xpack = x + (long)r0 * d;
            if (rows % Rows != 0) tail = CopyTail(x, d, r0 + (microRows - 1) * Rows, rows % Rows, scratch.Tail.Pointer);
        }
        else
        {
            xpack = scratch.XPack.Pointer;
            PackRows(data, r0, rows, xpack);
        }

        bool vectorBest = second is null && isa == KernelIsa.Vector512;
        scratch.Reset(rows);
        var full = rowMajor ? RowKernel(isa) : Kernel(isa);
        // A last panel with 16 real units or fewer (M mod 32 in 1 … 16, e.g. 4 of a 10 × 10 map) runs the 16-wide
        // kernel: the same chains for its real units, and no work on the padding beyond lane 16.
        // (A 12 × 8 row-major kernel on 256-bit vectors for a last panel of 8 real units or fewer was measured slower at
        // 10 × 10 than this 16-wide one: benchmarks/RESULTS.md.)
        int lastUnits = codebook.Units - (codebook.Panels - 1) * Lanes;
        var half = !halfPanels || lastUnits > DotKernels.HalfLanes ? null
            : rowMajor ? RowHalfKernel(isa) : HalfKernel(isa);
        for (int p = 0; p < codebook.Panels; p++)
        {
            float* panel = codebook.Panel(p);
            var kernel = p == codebook.Panels - 1 && half != null ? half : full;
            for (int mr = 0; mr < microRows; mr++)
            {
                kernel(tail != null && mr == microRows - 1 ? tail : xpack + (long)mr * Rows * d, panel, d, tile);
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

    /// <summary>
    /// Copies the <paramref name="count"/> (&lt; 12) row-major rows from <paramref name="row0"/> into 12 rows at
    /// <paramref name="tail"/>, the last repeated into the slots past the end (their results are dropped).
    /// </summary>
    private static float* CopyTail(float* x, int d, int row0, int count, float* tail)
    {
        for (int s = 0; s < Rows; s++)
        {
            new ReadOnlySpan<float>(x + (long)(row0 + Math.Min(s, count - 1)) * d, d).CopyTo(new Span<float>(tail + (long)s * d, d));
        }
        return tail;
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

    /// <summary>
    /// The 12 × 16 micro-kernel of <paramref name="isa"/> (<see cref="DotKernels.Dot12x16Vector512"/>), or null where there
    /// is none (the 32-wide kernel then runs the last panel too).
    /// </summary>
    public static delegate*<float*, float*, int, float*, void> HalfKernel(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => &DotKernels.Dot12x16Vector512,
        KernelIsa.Vector256 => &DotKernels.Dot12x16Vector256,
        KernelIsa.Vector128 => &DotKernels.Dot12x16Vector128,
        KernelIsa.Scalar => &DotKernels.Dot12x16Scalar,
        _ => null,
    };

    /// <summary>The row-major micro-kernel of <paramref name="isa"/> (<see cref="DotKernels.Dot12x32RowsVector512"/>).</summary>
    public static delegate*<float*, float*, int, float*, void> RowKernel(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => &DotKernels.Dot12x32RowsVector512,
        KernelIsa.Vector256 => &DotKernels.Dot12x32RowsVector256,
        KernelIsa.Vector128 => &DotKernels.Dot12x32RowsVector128,
        KernelIsa.Scalar => &DotKernels.Dot12x32RowsScalar,
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "resolve Auto first"),
    };

    /// <summary>The row-major 12 × 16 micro-kernel of <paramref name="isa"/> (<see cref="DotKernels.Dot12x16RowsVector512"/>).</summary>
    public static delegate*<float*, float*, int, float*, void> RowHalfKernel(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => &DotKernels.Dot12x16RowsVector512,
        KernelIsa.Vector256 => &DotKernels.Dot12x16RowsVector256,
        KernelIsa.Vector128 => &DotKernels.Dot12x16RowsVector128,
        KernelIsa.Scalar => &DotKernels.Dot12x16RowsScalar,
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

        private readonly int _features;
        private AlignedBuffer? _xpack;
        private AlignedBuffer? _tail;

        public Scratch(int features)
        {
            _features = features;
            Tile = new AlignedBuffer(Rows * Lanes);
            Distances = new AlignedBuffer(Lanes);
        }

        /// <summary>A block's packing buffer, allocated on first use (a search of packed samples needs none).</summary>
        public AlignedBuffer XPack => _xpack ??= new AlignedBuffer((long)BlockRows * _features);
        /// <summary>12 row-major rows for the row-major search's short last micro-row, allocated on first use.</summary>
        public AlignedBuffer Tail => _tail ??= new AlignedBuffer((long)Rows * _features);
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
            _xpack?.Dispose();
            _tail?.Dispose();
            Tile.Dispose();
            Distances.Dispose();
        }
    }
}
