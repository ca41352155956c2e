namespace Som.Cpu;

/// <summary>
/// The neighbourhood smoothing of the batch map, in double: num_j = Σ_k h(δ(j,k),σ)·S_k and
/// den_j = Σ_k h(δ(j,k),σ)·C_k, then w_j = num_j / den_j where den_j &gt; 0 (else w_j is kept).
/// <para>The Gaussian and the mexican hat with the Euclidean grid distance and no compact support (rectangular or
/// hexagonal, planar or toroidal) are separable, h = Σ_t c_t(Δx)·r_t(Δrows) with one term or two, so 1-D passes cost
/// about M·(W+H)·D per term (twice the row pass on a hexagonal map) instead of M²·D. Every other
/// case sums over the hit units k with h ≠ 0 in increasing k, looking h up by grid offset (<see cref="OffsetTable"/>):
/// <see cref="Stencil"/> visits only the offsets whose h is not exactly 0 (the support of a bubble, triangle or compact
/// support, or beyond the support radius of the cut below 2⁻²⁴), so its cost is M·(units in the support)·D plus M·H,
/// not M² (docs/contract.md §3). <see cref="Dense"/>, the M × M scan it replaces, is kept as the reference
/// the tests and the benchmark compare it with: both add the same terms in the same order, so the bits are equal.</para>
/// </summary>
internal static class Smoother
{
    /// <summary>Smooths the per-unit sums and counts in <paramref name="buffers"/> and divides into <paramref name="weights"/> (row-major).
    /// With <c>dense</c>, a non-separable neighbourhood runs the M × M scan (<see cref="Dense"/>) instead of
    /// <see cref="Stencil"/>: the reference of the tests and the benchmark. With <c>direct</c>, a separable one runs
    /// <see cref="Stencil"/> (the sum over pairs, with the cut of docs/contract.md §3 by δ) instead of the passes: what the
    /// benchmark compares the passes with.</summary>
    /// <returns>Units kept because their denominator was ≤ 0.</returns>
    public static int Apply(SomOptions options, MapGrid grid, OffsetTable offsets, double sigma,
        BatchBuffers buffers, float[] weights, KernelIsa isa, int threads, bool dense = false, bool direct = false)
    {
        int m = grid.Units, d = buffers.Features;
        double[] sums = buffers.Sums, counts = buffers.Counts, num = buffers.Numerators, den = buffers.Denominators;
        Array.Clear(num);
        Array.Clear(den);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        if (Neighborhood.IsSeparable(options) && !direct) Separable(options, grid, sigma, sums, counts, d, num, den, buffers, isa, parallel);
        else if (dense) Dense(options, grid, offsets, sigma, sums, counts, d, num, den, isa, parallel);
        else Stencil(options, grid, offsets, sigma, sums, counts, d, num, den, isa, parallel);

        int kept = 0;
        for (int j = 0; j < m; j++)
        {
            if (!(den[j] > 0))
            {
                kept++;
                continue;
            }
            double inv = den[j];
            var w = weights.AsSpan(j * d, d);
            var n = num.AsSpan(j * d, d);
            for (int f = 0; f < d; f++) w[f] = (float)(n[f] / inv);
        }
        return kept;
    }

    /// <summary>
    /// The separable form (docs/contract.md §6): per term t (one for the Gaussian, two for the mexican hat), pass 1 along
    /// each row, T_t[y][x'] = Σ_x c_t(x − x')·S[y][x] (x ascending), then pass 2 across the rows,
    /// num[y'][x'] = Σ_y Σ_t r_t(y − y')·T_t[y][x'] (y ascending, then t), with the factors c_t, r_t of
    /// <see cref="Neighborhood.FactorTableEntry"/>; terms whose factor is exactly 0 (beyond the support radius) are
    /// skipped. On a hexagonal map the column factor depends on the parities of the target and the source row (the
    /// half-column shift), so both passes run once per target-row parity, pass 2 filling only the rows of that parity.
    /// </summary>
    private static void Separable(SomOptions options, MapGrid grid, double sigma, double[] sums, double[] counts, int d,
        double[] num, double[] den, BatchBuffers buffers, KernelIsa isa, ParallelOptions parallel)
    {
        int w = grid.Width, h = grid.Height;
        bool hex = grid.Topology == Topology.Hexagonal;
        int terms = options.Neighborhood == NeighborhoodKind.MexicanHat ? 2 : 1;
        var table = new double[Neighborhood.FactorTableLength(w, h)];
        for (int i = 0; i < table.Length; i++)
            table[i] = Neighborhood.FactorTableEntry(i, options.Neighborhood, w, h, grid.Topology, grid.Toroidal, sigma);
        double[][] tmp = terms == 1 ? [buffers.Temporary] : [buffers.Temporary, buffers.SecondTemporary];
        var tmpCount = new double[terms][];
        for (int t = 0; t < terms; t++) tmpCount[t] = new double[w * h];

        for (int phase = 0; phase < (hex ? 2 : 1); phase++)
        {
            // Pass 1, along x within each row y, for targets in rows of parity `phase`.
            Parallel.For(0, h, parallel, y =>
            {
                int q = (y - phase) & 1;
                for (int t = 0; t < terms; t++)
                {
                    for (int xo = 0; xo < w; xo++)
                    {
                        var acc = tmp[t].AsSpan((y * w + xo) * d, d);
                        acc.Clear();
                        double c = 0;
                        for (int xi = 0; xi < w; xi++)
                        {
                            double g = table[Neighborhood.ColumnFactorSlot(t, xi - xo, phase, q, w)];
                            if (g == 0) continue;
                            DoubleVectors.Axpy(g, sums.AsSpan((y * w + xi) * d, d), acc, isa);
                            c += g * counts[y * w + xi];
                        }
                        tmpCount[t][y * w + xo] = c;
                    }
                }
            });
            // Pass 2, along y: num[y'] = Σ_y Σ_t r_t(y − y')·T_t[y] (whole rows of W·D values at once).
            Parallel.For(0, h, parallel, yo =>
            {
                if (hex && (yo & 1) != phase) return;
                var acc = num.AsSpan(yo * w * d, w * d);
                var accCount = den.AsSpan(yo * w, w);
                for (int yi = 0; yi < h; yi++)
                {
                    for (int t = 0; t < terms; t++)
                    {
                        double g = table[Neighborhood.RowFactorSlot(t, yi - yo, w, h)];
                        if (g == 0) continue;
                        DoubleVectors.Axpy(g, tmp[t].AsSpan(yi * w * d, w * d), acc, isa);
                        DoubleVectors.Axpy(g, tmpCount[t].AsSpan(yi * w, w), accCount, isa);
                    }
                }
            });
        }
    }

    private static void Dense(SomOptions options, MapGrid grid, OffsetTable offsets, double sigma,
        double[] sums, double[] counts, int d, double[] num, double[] den, KernelIsa isa, ParallelOptions parallel)
    {
        int m = grid.Units;
        double[] table = offsets.Weights(options.Neighborhood, sigma, options.CompactSupport);
        int[] hit = Enumerable.Range(0, m).Where(k => counts[k] > 0).ToArray();
        Parallel.For(0, m, parallel, () => new double[m], (j, _, row) =>
        {
            offsets.Row(j, table, row);
            var acc = num.AsSpan(j * d, d);
            double c = 0;
            foreach (int k in hit)
            {
                double hk = row[k];
                if (hk == 0) continue;
                DoubleVectors.Axpy(hk, sums.AsSpan(k * d, d), acc, isa);
                c += hk * counts[k];
            }
            den[j] = c;
            return row;
        }, _ => { });
    }

    /// <summary>
    /// The dense sum restricted to the offsets where h ≠ 0: for unit j, the rows of the map in increasing order and, in
    /// each, the runs of columns whose table entry is not exactly 0 (<see cref="NonZeroRuns"/>), so k increases as in
    /// <see cref="Dense"/>, and the same units are skipped (C_k = 0 or h = 0): the same terms in the same order, the same
    /// bits. (Skipping an exact-zero h at all is exact too: h·S is then ±0 for finite S, and a running sum that starts at
    /// +0.0 is never −0.0, so adding ±0 leaves it unchanged; a NaN h is not 0 and is kept.)
    /// </summary>
    private static void Stencil(SomOptions options, MapGrid grid, OffsetTable offsets, double sigma,
        double[] sums, double[] counts, int d, double[] num, double[] den, KernelIsa isa, ParallelOptions parallel)
    {
        int w = grid.Width, h = grid.Height, m = grid.Units;
        double[] table = offsets.Weights(options.Neighborhood, sigma, options.CompactSupport);
        int[][] runs = NonZeroRuns(table, w, h);
        Parallel.For(0, m, parallel, j =>
        {
            int xj = j % w, yj = j / w, p = yj & 1;
            var acc = num.AsSpan(j * d, d);
            double c = 0;
            for (int yk = 0; yk < h; yk++)
            {
                int[] row = runs[p * (2 * h - 1) + yk - yj + h - 1];
                if (row.Length == 0) continue;
                int slot = OffsetTable.Index(0, yk - yj, p, w, h), unit = yk * w + xj;
                for (int r = 0; r < row.Length; r += 2)
                {
                    int from = Math.Max(row[r], -xj), to = Math.Min(row[r + 1], w - 1 - xj);
                    for (int dx = from; dx <= to; dx++)
                    {
                        int k = unit + dx;
                        double ck = counts[k];
                        if (!(ck > 0)) continue;
                        double hk = table[slot + dx];
                        DoubleVectors.Axpy(hk, sums.AsSpan(k * d, d), acc, isa);
                        c += hk * ck;
                    }
                }
            }
            den[j] = c;
        });
    }

    /// <summary>
    /// Per table row (row parity p, row offset dy), at p·(2H−1) + dy + H − 1: the maximal runs of column offsets dx whose
    /// h is not exactly 0, as pairs (first, last) in increasing dx.
    /// </summary>
    internal static int[][] NonZeroRuns(double[] table, int w, int h)
    {
        var runs = new int[2 * (2 * h - 1)][];
        var row = new List<int>();
        for (int p = 0; p < 2; p++)
        {
            for (int dy = -(h - 1); dy < h; dy++)
            {
                row.Clear();
                int slot = OffsetTable.Index(0, dy, p, w, h);
                for (int dx = -(w - 1); dx < w; dx++)
                {
                    if (table[slot + dx] == 0) continue;
                    if (row.Count > 0 && row[^1] == dx - 1) row[^1] = dx;
                    else
                    {
                        row.Add(dx);
                        row.Add(dx);
                    }
                }
                runs[p * (2 * h - 1) + dy + h - 1] = [.. row];
            }
        }
        return runs;
    }
}
