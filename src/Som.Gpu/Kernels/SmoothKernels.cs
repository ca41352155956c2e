using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// The neighbourhood smoothing of the batch map (docs/contract.md §6), in double:
/// num_j = Σ_k h(δ(j,k),σ)·S_k and den_j = Σ_k h(δ(j,k),σ)·C_k. The Gaussian with the Euclidean grid distance on a
/// rectangular map without compact support is separable, h = g(dx)·g(dy), and runs as two 1-D passes
/// (M·(W+H)·D); every other case is the dense product over the hit units (M²·D), with h looked up from a
/// table of h(δ) by grid offset. In every kernel here the extra "feature" f = D carries the hit counts, so
/// one launch smooths S and C together.
/// </summary>
internal static class SmoothKernels
{
    /// <summary>Threads per group of the smoothing passes (one feature each).</summary>
    public const int GroupSize = 64;

    /// <summary>
    /// h for every slot of the δ table: h[slot] = h(δ[slot], σ) (<see cref="Neighborhood.Evaluate"/>, the CPU engine's function).
    /// <para>Views: <paramref name="deltas"/>, <paramref name="h"/> 2·(2W−1)·(2H−1), the layout of
    /// <see cref="OffsetTable"/>.</para>
    /// <para>Launch: implicitly grouped, one thread per slot.</para>
    /// </summary>
    public static void TabulateNeighborhoodKernel(Index1D slot, ArrayView<double> deltas, ArrayView<double> h, int kind,
        double sigma, double compactSupport) =>
        h[slot] = Neighborhood.Evaluate((NeighborhoodKind)kind, deltas[slot], sigma, compactSupport);

    /// <summary>
    /// The 1-D Gaussians of the separable form: g[a] = exp(−δ²/2σ²) with δ = a (planar) or min(a, W − a) (torus) for
    /// a = 0 … W−1, then likewise for the H rows at g[W + a].
    /// <para>Views: <paramref name="g"/> W + H.</para>
    /// <para>Launch: implicitly grouped, W + H threads.</para>
    /// </summary>
    public static void TabulateAxisGaussianKernel(Index1D i, ArrayView<double> g, int width, int height, int toroidal,
        double sigma)
    {
        int a = i < width ? (int)i : i - width;
        int n = i < width ? width : height;
        g[i] = Neighborhood.Evaluate(NeighborhoodKind.Gaussian, MapGrid.AxisDistance(a, n, toroidal != 0), sigma, 0);
    }

    /// <summary>
    /// First separable pass, along x within each row: tmp[y][x'] = Σ_x g(|x' − x|)·S[y][x] (x ascending, terms with
    /// g = 0 skipped), and likewise the counts.
    /// <para>Views: <paramref name="sums"/>, <paramref name="tmp"/> M × D row-major; <paramref name="counts"/>,
    /// <paramref name="tmpCounts"/> M; <paramref name="gx"/> W.</para>
    /// <para>Launch: explicitly grouped, grid M × ⌈(D+1)/64⌉, group <see cref="GroupSize"/> = 64: group (j, φ), thread t
    /// computes unit j's feature φ·64 + t (f = D is the count).</para>
    /// </summary>
    public static void SmoothRowsKernel(ArrayView<double> sums, ArrayView<double> counts, ArrayView<double> gx,
        ArrayView<double> tmp, ArrayView<double> tmpCounts, int width, int d)
    {
        int j = Grid.IdxX;
        int f = Grid.IdxY * GroupSize + Group.IdxX;
        if (f > d) return;
        int xo = j % width, rowStart = j - xo;
        double acc = 0;
        for (int xi = 0; xi < width; xi++)
        {
            double g = gx[Math.Abs(xo - xi)];
            if (g == 0) continue;
            int k = rowStart + xi;
            acc += g * (f < d ? sums[(long)k * d + f] : counts[k]);
        }
        if (f < d) tmp[(long)j * d + f] = acc;
        else tmpCounts[j] = acc;
    }

    /// <summary>
    /// Second separable pass, along y within each column: num[y'][x] = Σ_y g(|y' − y|)·tmp[y][x] (y ascending, terms
    /// with g = 0 skipped); den likewise from the counts.
    /// <para>Views: <paramref name="tmp"/>, <paramref name="num"/> M × D row-major; <paramref name="tmpCounts"/>,
    /// <paramref name="den"/> M; <paramref name="gy"/> H.</para>
    /// <para>Launch: as <see cref="SmoothRowsKernel"/>.</para>
    /// </summary>
    public static void SmoothColumnsKernel(ArrayView<double> tmp, ArrayView<double> tmpCounts, ArrayView<double> gy,
        ArrayView<double> num, ArrayView<double> den, int width, int height, int d)
    {
        int j = Grid.IdxX;
        int f = Grid.IdxY * GroupSize + Group.IdxX;
        if (f > d) return;
        int x = j % width, yo = j / width;
        double acc = 0;
        for (int yi = 0; yi < height; yi++)
        {
            double g = gy[Math.Abs(yo - yi)];
            if (g == 0) continue;
            int k = yi * width + x;
            acc += g * (f < d ? tmp[(long)k * d + f] : tmpCounts[k]);
        }
        if (f < d) num[(long)j * d + f] = acc;
        else den[j] = acc;
    }

    /// <summary>
    /// Dense smoothing for every other neighbourhood: num_j[f] = Σ_k h(δ(j,k),σ)·S_k[f] over k ascending, skipping
    /// units without hits and terms with h = 0; den_j likewise from C_k.
    /// <para>Views: <paramref name="sums"/>, <paramref name="num"/> M × D row-major; <paramref name="counts"/>,
    /// <paramref name="den"/> M; <paramref name="h"/> the h table of <see cref="TabulateNeighborhoodKernel"/>
    /// (slot of k seen from j: offset (x_k − x_j, y_k − y_j), parity of y_j).</para>
    /// <para>Launch: as <see cref="SmoothRowsKernel"/>; all threads of a group share j, so table reads broadcast.</para>
    /// </summary>
    public static void SmoothDenseKernel(ArrayView<double> sums, ArrayView<double> counts, ArrayView<double> h,
        ArrayView<double> num, ArrayView<double> den, int width, int height, int d)
    {
        int j = Grid.IdxX;
        int f = Grid.IdxY * GroupSize + Group.IdxX;
        if (f > d) return;
        int xj = j % width, yj = j / width, parity = yj & 1;
        int m = width * height;
        double acc = 0;
        for (int k = 0; k < m; k++)
        {
            double c = counts[k];
            if (!(c > 0)) continue;
            double hk = h[OffsetTable.Index(k % width - xj, k / width - yj, parity, width, height)];
            if (hk == 0) continue;
            acc += hk * (f < d ? sums[(long)k * d + f] : c);
        }
        if (f < d) num[(long)j * d + f] = acc;
        else den[j] = acc;
    }
}
