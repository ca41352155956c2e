using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// Writing the codebook (docs/contract.md §6, the division, and §7, the online rule): the batch division, Kohonen's online update, and the
/// per-unit norm terms the distance kernel needs (‖w_j‖² and −1/‖w_j‖), refreshed in the same pass.
/// </summary>
internal static class UpdateKernels
{
    /// <summary>
    /// The batch map's division: w_j[f] = (float)(num_j[f] / den_j) where den_j &gt; 0, else w_j unchanged (and the
    /// unit counted in <paramref name="kept"/>); in the same pass ‖w_j‖² and −1/‖w_j‖ of the new w_j.
    /// <para>Views: <paramref name="num"/> M × D row-major (double); <paramref name="den"/> M; <paramref name="w"/>
    /// M × D row-major; <paramref name="wSquared"/>, <paramref name="wNegInverse"/> M; <paramref name="kept"/> 1
    /// (zeroed by the caller; an integer atomic, so the count is exact).</para>
    /// <para>Launch: implicitly grouped, one thread per unit, walking its D features in order (the norm is one chain
    /// in feature order, the CPU engine's, so both engines see the same ‖w‖² bits). The row reads are strided
    /// across a warp; at M·D·12 bytes per epoch this is small next to the distance stage.</para>
    /// </summary>
    public static void DivideUnitsKernel(Index1D j, ArrayView<double> num, ArrayView<double> den, ArrayView<float> w,
        ArrayView<float> wSquared, ArrayView<float> wNegInverse, ArrayView<int> kept, int d)
    {
        double q = den[j];
        if (!(q > 0))
        {
            Atomic.Add(ref kept[0], 1);
            RefreshNorms(w, wSquared, wNegInverse, j, d);
            return;
        }
        float ww = 0f;
        long row = (long)(int)j * d;
        for (int f = 0; f < d; f++)
        {
            float v = (float)(num[row + f] / q);
            w[row + f] = v;
            ww += v * v;
        }
        StoreNorms(wSquared, wNegInverse, j, ww);
    }

    /// <summary>
    /// Kohonen's online rule for one sample x with BMU b (read on the device): w_j ← w_j + c_j·(x − w_j) with
    /// c_j = (float)(α·h), h = <see cref="Neighborhood.OnlineValue"/> of the offset from b to j (δ from the offset
    /// table, parity of b's row; <paramref name="grid"/>: 1 hexagonal, 2 toroidal, 4 separable); units with c_j = 0 are
    /// untouched. In the same pass ‖w_j‖² and −1/‖w_j‖ of each touched unit.
    /// <para>Views: <paramref name="x"/> D (the sample); <paramref name="bmu"/> 1; <paramref name="deltas"/>
    /// 2·(2W−1)·(2H−1) (<see cref="OffsetTable"/> layout); <paramref name="w"/> M × D row-major;
    /// <paramref name="wSquared"/>, <paramref name="wNegInverse"/> M.</para>
    /// <para>Launch: implicitly grouped, one thread per unit, walking its D features in order (every thread reads
    /// x[f] at the same time, so those reads broadcast).</para>
    /// </summary>
    public static void UpdateOnlineKernel(Index1D j, ArrayView<float> x, ArrayView<int> bmu, ArrayView<double> deltas,
        ArrayView<float> w, ArrayView<float> wSquared, ArrayView<float> wNegInverse, int kind, int grid, double sigma,
        double compactSupport, double alpha, int width, int height, int d)
    {
        int b = bmu[0];
        int xb = b % width, yb = b / width;
        int dx = j % width - xb, dy = j / width - yb;
        double delta = deltas[OffsetTable.Index(dx, dy, yb & 1, width, height)];
        float c = (float)(alpha * Neighborhood.OnlineValue((NeighborhoodKind)kind, delta, dx, dy, yb & 1, width, height,
            (grid & 1) != 0 ? Topology.Hexagonal : Topology.Rectangular, (grid & 2) != 0, (grid & 4) != 0, sigma, compactSupport));
        if (c == 0) return;
        float ww = 0f;
        long row = (long)(int)j * d;
        for (int f = 0; f < d; f++)
        {
            float v = w[row + f];
            v += c * (x[f] - v);
            w[row + f] = v;
            ww += v * v;
        }
        StoreNorms(wSquared, wNegInverse, j, ww);
    }

    /// <summary>
    /// ‖w_j‖² and −1/‖w_j‖ of every unit (after the codebook was replaced).
    /// <para>Views: <paramref name="w"/> M × D row-major; <paramref name="wSquared"/>, <paramref name="wNegInverse"/> M.</para>
    /// <para>Launch: implicitly grouped, one thread per unit.</para>
    /// </summary>
    public static void ComputeUnitNormsKernel(Index1D j, ArrayView<float> w, ArrayView<float> wSquared,
        ArrayView<float> wNegInverse, int d) =>
        RefreshNorms(w, wSquared, wNegInverse, j, d);

    /// <summary>
    /// ‖w_j‖² as one multiply-add chain over f = 0 … D−1 in order (the CPU engine's order), and −1/‖w_j‖
    /// (0 for a zero unit, so its cosine distance is 1).
    /// </summary>
    private static void RefreshNorms(ArrayView<float> w, ArrayView<float> wSquared, ArrayView<float> wNegInverse, int j, int d)
    {
        float ww = 0f;
        long row = (long)(int)j * d;
        for (int f = 0; f < d; f++)
        {
            float v = w[row + f];
            ww += v * v;
        }
        StoreNorms(wSquared, wNegInverse, j, ww);
    }

    /// <summary>Stores ‖w_j‖² and −1/‖w_j‖ (0 for a zero unit; <see cref="ExpandedDistance.UnitCosineScale"/>, as the CPU engine).</summary>
    private static void StoreNorms(ArrayView<float> wSquared, ArrayView<float> wNegInverse, int j, float ww)
    {
        wSquared[j] = ww;
        wNegInverse[j] = ExpandedDistance.UnitCosineScale(ww);
    }
}
