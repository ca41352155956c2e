using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som;

/// <summary>
/// The exact silhouette (Rousseeuw 1987, as scikit-learn's <c>silhouette_score</c> defines it) with Euclidean
/// distances: for point i in cluster A, a(i) = mean distance to the other points of A, b(i) = min over the other
/// clusters C of the mean distance to the points of C, s(i) = (b − a)/max(a, b), s(i) = 0 when A has one point
/// (and when a = b = 0); the score is the mean of s(i) over all points. Empty clusters are not clusters.
/// <para>Cost O(N²·D): the points are packed once as the distance stage packs a codebook (<see cref="PackedCodebook"/>,
/// panels of 32), and every block of 192 points runs the CPU engine's register micro-kernels (<see cref="DotKernels"/>)
/// against every panel. Each pair's distance is √max(0, ‖x_i‖² + ‖x_j‖² − 2·x_i·x_j) in float, summed per cluster of
/// j into a per-(point, cluster) accumulator in double; the N × N matrix never exists. The points are taken in
/// cluster order, so each point's sums run over the same j in the same order whatever the block or thread, and the dot products have the same bits on every
/// instruction set, so the score is the same for any thread count and ISA.</para>
/// <para>Precision: the expanded form loses about √(ε·‖x‖²) on pairs much closer than their norms (near
/// duplicates); on data like images in [0, 1] the score agrees with a double-precision computation to about 1e-6.</para>
/// </summary>
internal static unsafe class Silhouette
{
    private const int Rows = DotKernels.Rows;
    private const int Lanes = DotKernels.Lanes;
    private const int BlockRows = BmuSearch.BlockRows;

    /// <summary>The mean silhouette of <paramref name="data"/> under the cluster <paramref name="labels"/> (one per sample).</summary>
    /// <exception cref="SomDataException">A label count other than N, or fewer than 2 or more than N − 1 non-empty clusters.</exception>
    public static double Score(SampleMatrix data, ReadOnlySpan<int> labels, KernelIsa isa, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clusters = ClusterAssignment.Of(labels, data.Count);
        clusters.EnsureIndexRange("silhouette");
        double[] s = Values(data, clusters, KernelIsaSupport.Resolve(isa), threads);
        double total = 0;
        foreach (double v in s) total += v;
        return total / s.Length;
    }

    /// <summary>
    /// The silhouette of each sample, s(i). The points are first put in cluster order (stably), so that along each
    /// panel of 32 the cluster of j changes only at a few run boundaries: the distances of a run are summed in a
    /// register, in increasing j, and added to the (point, cluster) accumulator once per run and panel.
    /// </summary>
    public static double[] Values(SampleMatrix data, ClusterAssignment clusters, KernelIsa isa, int threads)
    {
        int n = data.Count, d = data.Features;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int[] keys = (int[])clusters.Index.Clone();
        Array.Sort(keys, order);   // introsort is not stable: restore increasing index within each cluster
        for (int a = 0, b; a < n; a = b)
        {
            for (b = a + 1; b < n && keys[b] == keys[a]; b++) { }
            Array.Sort(order, a, b - a);
        }
        var values = new float[(long)n * d];
        for (int t = 0; t < n; t++) data.Row(order[t]).CopyTo(values.AsSpan(t * d, d));
        var sorted = SampleMatrix.Wrap(values, n, d);

        var sortedResult = new double[n];
        using var packed = new PackedCodebook(n, d, isa);
        packed.Load(values);
        var runs = Runs(keys, packed.Panels);
        int blocks = (n + BlockRows - 1) / BlockRows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, options, () => new Scratch(d, clusters.Count), (block, _, scratch) =>
        {
            Block(sorted, packed, keys, runs, clusters.Sizes, isa, block, scratch, sortedResult);
            return scratch;
        }, scratch => scratch.Dispose());
        var result = new double[n];
        for (int t = 0; t < n; t++) result[order[t]] = sortedResult[t];
        return result;
    }

    /// <summary>Per panel, the runs of equal cluster: (first lane, end lane, cluster), panel p's runs at Offsets[p] … Offsets[p + 1].</summary>
    private static (int[] Offsets, int[] Start, int[] End, int[] Cluster) Runs(int[] keys, int panels)
    {
        var offsets = new int[panels + 1];
        List<int> start = [], end = [], cluster = [];
        for (int p = 0; p < panels; p++)
        {
            offsets[p] = start.Count;
            int j0 = p * Lanes, lanes = Math.Min(Lanes, keys.Length - j0);
            for (int l = 0; l < lanes;)
            {
                int c = keys[j0 + l], from = l;
                while (l < lanes && keys[j0 + l] == c) l++;
                start.Add(from);
                end.Add(l);
                cluster.Add(c);
            }
        }
        offsets[panels] = start.Count;
        return (offsets, [.. start], [.. end], [.. cluster]);
    }

    private static void Block(SampleMatrix data, PackedCodebook packed, int[] cluster,
        (int[] Offsets, int[] Start, int[] End, int[] Cluster) runs, int[] sizes, KernelIsa isa,
        int block, Scratch scratch, double[] result)
    {
        int n = data.Count, d = data.Features, k = sizes.Length;
        int r0 = block * BlockRows;
        int rows = Math.Min(BlockRows, n - r0);
        int microRows = (rows + Rows - 1) / Rows;
        float* xpack = scratch.XPack.Pointer;
        float* tile = scratch.Tile.Pointer;
        float* dist = scratch.Distances.Pointer;
        double[] acc = scratch.Sums;
        Array.Clear(acc, 0, rows * k);
        BmuSearch.PackRows(data, r0, rows, xpack);
        float[] norms = packed.SquaredNorms;
        var kernel = BmuSearch.Kernel(isa);

        for (int p = 0; p < packed.Panels; p++)
        {
            float* panel = packed.Panel(p);
            int j0 = p * Lanes;
            int firstRun = runs.Offsets[p], lastRun = runs.Offsets[p + 1];
            for (int mr = 0; mr < microRows; mr++)
            {
                kernel(xpack + (long)mr * Rows * d, panel, d, tile);
                int count = Math.Min(Rows, rows - mr * Rows);
                for (int s = 0; s < count; s++)
                {
                    int local = mr * Rows + s;
                    int i = r0 + local;
                    PairDistances(tile + s * Lanes, norms[i], norms, j0, isa, dist);
                    if ((uint)(i - j0) < Lanes) dist[i - j0] = 0;   // not a pair: i itself
                    int row = local * k;
                    for (int r = firstRun; r < lastRun; r++)
                    {
                        double sum = 0;
                        for (int l = runs.Start[r]; l < runs.End[r]; l++) sum += dist[l];
                        acc[row + runs.Cluster[r]] += sum;
                    }
                }
            }
        }

        for (int local = 0; local < rows; local++)
        {
            int i = r0 + local;
            int own = cluster[i];
            if (sizes[own] == 1)
            {
                result[i] = 0;
                continue;
            }
            int row = local * k;
            double a = acc[row + own] / (sizes[own] - 1);
            double b = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                if (c != own) b = Math.Min(b, acc[row + c] / sizes[c]);
            }
            double max = Math.Max(a, b);
            result[i] = max > 0 ? (b - a) / max : 0;
        }
    }

    /// <summary>
    /// √<see cref="ExpandedDistance.Euclidean"/> for the 32 lanes of one tile row: the same operations in the same
    /// order on every instruction set (the square root is correctly rounded everywhere), so the same bits.
    /// </summary>
    private static void PairDistances(float* dots, float ni, float[] norms, int j0, KernelIsa isa, float* dist)
    {
        switch (isa)
        {
            case KernelIsa.Vector512:
                VectorPairDistances<Lanes512, Vector512<float>>(dots, ni, norms, j0, dist);
                return;
            case KernelIsa.Vector256:
                VectorPairDistances<Lanes256, Vector256<float>>(dots, ni, norms, j0, dist);
                return;
            case KernelIsa.Vector128:
                VectorPairDistances<Lanes128, Vector128<float>>(dots, ni, norms, j0, dist);
                return;
        }
        for (int l = 0; l < Lanes; l++) dist[l] = MathF.Sqrt(ExpandedDistance.Euclidean(dots[l], ni, norms[j0 + l]));
    }

    private static void VectorPairDistances<TLanes, TVector>(float* dots, float ni, float[] norms, int j0, float* dist)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        var term = TLanes.Broadcast(ni);
        var two = TLanes.Broadcast(2f);
        fixed (float* nj = &norms[j0])
        {
            for (int h = 0; h < Lanes; h += TLanes.Count)
            {
                var t = TLanes.Add(term, TLanes.Load(nj + h));
                TLanes.Store(TLanes.Sqrt(TLanes.Max(TLanes.Subtract(t, TLanes.Multiply(TLanes.Load(dots + h), two)), TLanes.Zero)), dist + h);
            }
        }
    }

    private sealed class Scratch : IDisposable
    {
        public Scratch(int features, int clusters)
        {
            XPack = new AlignedBuffer((long)BlockRows * features);
            Tile = new AlignedBuffer(Rows * Lanes);
            Distances = new AlignedBuffer(Lanes);
            Sums = new double[BlockRows * clusters];
        }

        public AlignedBuffer XPack { get; }
        public AlignedBuffer Tile { get; }
        public AlignedBuffer Distances { get; }
        public double[] Sums { get; }

        public void Dispose()
        {
            XPack.Dispose();
            Tile.Dispose();
            Distances.Dispose();
        }
    }
}
