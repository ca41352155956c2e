using ILGPU;
using ILGPU.Algorithms;

namespace Som.Gpu.Kernels;

/// <summary>The map-quality measures on the device: per-sample quantization and topographic errors, and hits.</summary>
internal static class QualityKernels
{
    /// <summary>
    /// Per sample i: error[i] = ‖x_i − w_b(i)‖ (Euclidean, accumulated in double over f in order) and
    /// topo[i] = 1 when the second BMU exists and is not adjacent to the first, else 0. Adjacent means the
    /// Euclidean distance between unit positions is at most √<paramref name="limit2"/> (√2 for the 8-neighbourhood,
    /// 1 for the 4- and 6-neighbourhoods), with δ² = Δx² + s·Δrows² formed exactly as on the host (Δx in columns,
    /// shifted by ½ between rows of different parity on a hexagonal map; s = ¾ there, 1 otherwise; the minimum
    /// image per axis on a torus).
    /// <para>Views: <paramref name="x"/> n × D row-major; <paramref name="w"/> M × D row-major; <paramref name="first"/>,
    /// <paramref name="second"/> n (second −1 on a one-unit map); <paramref name="error"/>, <paramref name="topo"/> n.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void MeasureSamplesKernel(Index1D i, ArrayView<float> x, ArrayView<float> w, ArrayView<int> first,
        ArrayView<int> second, ArrayView<double> error, ArrayView<int> topo, int d, int width, int height, int hexagonal,
        int toroidal, double limit2)
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
        if (c < 0)
        {
            topo[s] = 0;
            return;
        }
        int jy = b / width, ky = c / width;
        int rows = ky - jy;
        double cols = c % width - b % width;
        if (hexagonal != 0) cols += 0.5 * (((jy & 1) + rows) & 1) - 0.5 * (jy & 1);
        double r = rows;
        if (toroidal != 0)
        {
            cols -= width * XMath.Round(cols / width);
            r -= height * XMath.Round(r / height);
        }
        double d2 = cols * cols + (hexagonal != 0 ? 0.75 : 1.0) * r * r;
        topo[s] = d2 <= limit2 + 1e-9 ? 0 : 1;
    }

    /// <summary>
    /// hits[b(i)] += 1 for every sample: integer atomics, whose result does not depend on their order.
    /// <para>Views: <paramref name="first"/> n; <paramref name="hits"/> M, zeroed by the caller.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void CountHitsKernel(Index1D i, ArrayView<int> first, ArrayView<int> hits) =>
        Atomic.Add(ref hits[first[i]], 1);
}
