using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// The neighbourhood smoothing of the batch map (docs/contract.md §6), in double:
/// num_j = Σ_k h(δ(j,k),σ)·S_k and den_j = Σ_k h(δ(j,k),σ)·C_k. The Gaussian and the mexican hat with the Euclidean
/// grid distance and no compact support are separable, h = Σ_t c_t(Δx)·r_t(Δrows) with one term or two
/// (<see cref="Neighborhood.FactorTableEntry"/>), and run as 1-D passes (about M·(W+H)·D per term; on a hexagonal map
/// once per target-row parity, as the CPU engine does); every other case is the dense product over the hit units (M²·D), with h looked up from a
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
    /// The factor table of the separable form: g[i] = <see cref="Neighborhood.FactorTableEntry"/>(i, …), the CPU
    /// engine's function (column factors by term, row parity, row-offset parity and Δx; then row factors by term and Δrows).
    /// <para>Views: <paramref name="g"/> <see cref="Neighborhood.FactorTableLength"/>(W, H).</para>
    /// <para>Launch: implicitly grouped, one thread per entry.</para>
    /// </summary>
    public static void TabulateAxisFactorsKernel(Index1D i, ArrayView<double> g, int kind, int width, int height,
        int topology, int toroidal, double sigma) =>
        g[i] = Neighborhood.FactorTableEntry(i, (NeighborhoodKind)kind, width, height, (Topology)topology, toroidal != 0,
            sigma);

    /// <summary>
    /// First separable pass, along x within each row y, for target rows of parity <paramref name="phase"/> (0 on a
    /// rectangular map, where the parity changes nothing): per term t &lt; <paramref name="terms"/>,
    /// T_t[y][x'] = Σ_x c_t(x − x')·S[y][x] (x ascending, terms with c_t = 0 skipped), and likewise the counts.
    /// <para>Views: <paramref name="sums"/> M × D row-major; <paramref name="tmp"/> terms × M × D; <paramref name="counts"/> M;
    /// <paramref name="tmpCounts"/> terms × M; <paramref name="g"/> the factor table of
    /// <see cref="TabulateAxisFactorsKernel"/>.</para>
    /// <para>Launch: explicitly grouped, grid M × ⌈(D+1)/64⌉, group <see cref="GroupSize"/> = 64: group (j, φ), thread t
    /// computes unit j's feature φ·64 + t (f = D is the count).</para>
    /// </summary>
    public static void SmoothRowsKernel(ArrayView<double> sums, ArrayView<double> counts, ArrayView<double> g,
        ArrayView<double> tmp, ArrayView<double> tmpCounts, int width, int height, int d, int terms, int phase)
    {
        int j = Grid.IdxX;
        int f = Grid.IdxY * GroupSize + Group.IdxX;
        if (f > d) return;
        int m = width * height;
        int xo = j % width, rowStart = j - xo, q = (j / width - phase) & 1;
        for (int t = 0; t < terms; t++)
        {
            double acc = 0;
            for (int xi = 0; xi < width; xi++)
            {
                double c = g[Neighborhood.ColumnFactorSlot(t, xi - xo, phase, q, width)];
                if (c == 0) continue;
                int k = rowStart + xi;
                acc += c * (f < d ? sums[(long)k * d + f] : counts[k]);
            }
            if (f < d) tmp[((long)t * m + j) * d + f] = acc;
            else tmpCounts[t * m + j] = acc;
        }
    }

    /// <summary>
    /// Second separable pass, along y within each column: num[y'][x] = Σ_y Σ_t r_t(y − y')·T_t[y][x] (y ascending, then
    /// t; terms with r_t = 0 skipped); den likewise from the counts. With <paramref name="phase"/> ≥ 0 (a hexagonal map)
    /// only the rows y' of that parity are written.
    /// <para>Views: <paramref name="tmp"/> terms × M × D; <paramref name="num"/> M × D row-major; <paramref name="tmpCounts"/>
    /// terms × M; <paramref name="den"/> M; <paramref name="g"/> the factor table.</para>
    /// <para>Launch: as <see cref="SmoothRowsKernel"/>.</para>
    /// </summary>
    public static void SmoothColumnsKernel(ArrayView<double> tmp, ArrayView<double> tmpCounts, ArrayView<double> g,
        ArrayView<double> num, ArrayView<double> den, int width, int height, int d, int terms, int phase)
    {
        int j = Grid.IdxX;
        int f = Grid.IdxY * GroupSize + Group.IdxX;
        if (f > d) return;
        int m = width * height;
        int x = j % width, yo = j / width;
        if (phase >= 0 && (yo & 1) != phase) return;
        double acc = 0;
        for (int yi = 0; yi < height; yi++)
        {
            int k = yi * width + x;
            for (int t = 0; t < terms; t++)
            {
                double r = g[Neighborhood.RowFactorSlot(t, yi - yo, width, height)];
                if (r == 0) continue;
                acc += r * (f < d ? tmp[((long)t * m + k) * d + f] : tmpCounts[t * m + k]);
            }
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
