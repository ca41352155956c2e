using ILGPU;
using ILGPU.Algorithms;

namespace Som.Gpu.Kernels;

/// <summary>The map-quality measures on the device: per-sample quantization and topographic errors, and hits.</summary>
internal static class QualityKernels
{
    /// <summary>
    /// Per sample i: error[i] = ‖x_i − w_b(i)‖ (Euclidean, accumulated in double over f in order) and
    /// topo[i] = 1 when the second BMU exists and is not adjacent to the first under the rule
    /// <paramref name="adjacency"/>, else 0, by <see cref="MapGrid.IsAdjacent"/>, the host's function.
    /// <para>Views: <paramref name="x"/> n × D row-major; <paramref name="w"/> M × D row-major; <paramref name="first"/>,
    /// <paramref name="second"/> n (second −1 on a one-unit map); <paramref name="error"/>, <paramref name="topo"/> n.</para>
    /// <para>Arguments: <paramref name="topology"/> a <see cref="Topology"/>, <paramref name="toroidal"/> 0 or 1,
    /// <paramref name="adjacency"/> an <see cref="Adjacency"/>, each as an integer.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void MeasureSamplesKernel(Index1D i, ArrayView<float> x, ArrayView<float> w, ArrayView<int> first,
        ArrayView<int> second, ArrayView<double> error, ArrayView<int> topo, int d, int width, int height, int topology,
        int toroidal, int adjacency)
    {
        int s = i;
        int b = first[s];
        long xr = (long)s * d, wr = (long)b * d;
        double sum = 0;
        for (int f = 0; f < d; f++)
        {
            double diff = (double)x[xr + f] - w[wr + f];
            sum += diff * diff;
        }
        error[s] = XMath.Sqrt(sum);

        int c = second[s];
        bool adjacent = c < 0
            || MapGrid.IsAdjacent(b, c, width, height, (Topology)topology, toroidal != 0, (Adjacency)adjacency);
        topo[s] = adjacent ? 0 : 1;
    }

    /// <summary>
    /// Per sample i: distance[i] = max(0, (‖x_i‖² + ‖w_b(i)‖²) − 2·x_i·w_b(i)), the expanded float distance to its BMU
    /// that <see cref="DistanceBmuKernels.FindBmusKernel"/> ranked by: the same multiply-add chain over f = 0 … D−1 in
    /// order and the same <see cref="ExpandedDistance.Euclidean"/>, so the host's per-epoch QE
    /// (<see cref="SomMetrics.EpochQuantizationError"/>, docs/contract.md §10) reads the search's values. O(N·D), a 1/M
    /// share of the search.
    /// <para>Views: <paramref name="x"/> n × D row-major; <paramref name="xTerms"/> n: ‖x_i‖²; <paramref name="w"/> M × D
    /// row-major; <paramref name="wTerms"/> M: ‖w_j‖²; <paramref name="first"/> n: b(i); <paramref name="distance"/> n.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void BmuDistanceKernel(Index1D i, ArrayView<float> x, ArrayView<float> xTerms, ArrayView<float> w,
        ArrayView<float> wTerms, ArrayView<int> first, ArrayView<float> distance, int d)
    {
        int s = i;
        int b = first[s];
        long xr = (long)s * d, wr = (long)b * d;
        float dot = 0f;
        for (int f = 0; f < d; f++) dot += x[xr + f] * w[wr + f];
        distance[s] = ExpandedDistance.Euclidean(dot, xTerms[s], wTerms[b]);
    }

    /// <summary>
    /// hits[b(i)] += 1 for every sample: integer atomics, whose result does not depend on their order.
    /// <para>Views: <paramref name="first"/> n; <paramref name="hits"/> M, zeroed by the caller.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void CountHitsKernel(Index1D i, ArrayView<int> first, ArrayView<int> hits) =>
        Atomic.Add(ref hits[first[i]], 1);
}
