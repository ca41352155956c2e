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
/// j into a per-(point, cluster) accumulator in double; the N × N matrix never exists. Each point's sums run over
/// j in increasing order whatever the block or thread, and the dot products have the same bits on every
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

    /// <summary>The silhouette of each sample, s(i).</summary>
    public static double[] Values(SampleMatrix data, ClusterAssignment clusters, KernelIsa isa, int threads)
    {
        int n = data.Count, d = data.Features, k = clusters.Count;
        var result = new double[n];
        using var packed = new PackedCodebook(n, d, isa);
        packed.Load(data.Buffer);
        int blocks = (n + BlockRows - 1) / BlockRows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, options, () => new Scratch(d, k), (block, _, scratch) =>
        {
            Block(data, packed, clusters, isa, block, scratch, result);
            return scratch;
        }, scratch => scratch.Dispose());
        return result;
    }

    private static void Block(SampleMatrix data, PackedCodebook packed, ClusterAssignment clusters, KernelIsa isa,
        int block, Scratch scratch, double[] result)
    {
        int n = data.Count, d = data.Features, k = clusters.Count;
        int r0 = block * BlockRows;
        int rows = Math.Min(BlockRows, n - r0);
        int microRows = (rows + Rows - 1) / Rows;
        float* xpack = scratch.XPack.Pointer;
        float* tile = scratch.Tile.Pointer;
        double[] acc = scratch.Sums;
        Array.Clear(acc, 0, rows * k);
        BmuSearch.PackRows(data, r0, rows, xpack);
        float[] norms = packed.SquaredNorms;
        int[] cluster = clusters.Index;
        var kernel = BmuSearch.Kernel(isa);

        for (int p = 0; p < packed.Panels; p++)
        {
            float* panel = packed.Panel(p);
            int j0 = p * Lanes;
            int lanes = Math.Min(Lanes, n - j0);
            for (int mr = 0; mr < microRows; mr++)
            {
                kernel(xpack + (long)mr * Rows * d, panel, d, tile);
                int count = Math.Min(Rows, rows - mr * Rows);
                for (int s = 0; s < count; s++)
                {
                    int local = mr * Rows + s;
                    int i = r0 + local;
                    float ni = norms[i];
                    float* dots = tile + s * Lanes;
                    int row = local * k;
                    for (int l = 0; l < lanes; l++)
                    {
                        int j = j0 + l;
                        if (j == i) continue;
                        float d2 = ExpandedDistance.Euclidean(dots[l], ni, norms[j]);
                        acc[row + cluster[j]] += MathF.Sqrt(d2);
                    }
                }
            }
        }

        int[] sizes = clusters.Sizes;
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

    private sealed class Scratch : IDisposable
    {
        public Scratch(int features, int clusters)
        {
            XPack = new AlignedBuffer((long)BlockRows * features);
            Tile = new AlignedBuffer(Rows * Lanes);
            Sums = new double[BlockRows * clusters];
        }

        public AlignedBuffer XPack { get; }
        public AlignedBuffer Tile { get; }
        public double[] Sums { get; }

        public void Dispose()
        {
            XPack.Dispose();
            Tile.Dispose();
        }
    }
}
