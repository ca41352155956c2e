namespace Som;

/// <summary>
/// δ(j, k) tabulated by unit offset (dx, dy) and the row parity of j, so that kernels look distances up
/// instead of computing square roots per pair: 2·(2W−1)·(2H−1) entries instead of M².
/// </summary>
public sealed class OffsetTable
{
    private readonly int _w, _h;
    private readonly double[] _deltas;
    private (int[] Classes, int Count)? _classes;
    private double[]? _rowMinima;

    /// <summary>Tabulates every offset of <paramref name="grid"/>.</summary>
    public OffsetTable(MapGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _w = grid.Width;
        _h = grid.Height;
        _deltas = new double[2 * (2 * _w - 1) * (2 * _h - 1)];
        for (int p = 0; p < 2; p++)
            for (int dy = -(_h - 1); dy < _h; dy++)
                for (int dx = -(_w - 1); dx < _w; dx++)
                    _deltas[Index(dx, dy, p)] = grid.OffsetDistance(dx, dy, p);
    }

    /// <summary>δ for every offset, at <see cref="Index(int, int, int)"/>.</summary>
    public ReadOnlySpan<double> Deltas => _deltas;

    /// <summary>Table slot of offset (dx, dy) from a unit in a row of parity p.</summary>
    internal int Index(int dx, int dy, int p) => Index(dx, dy, p, _w, _h);

    /// <summary>
    /// Slot of offset (dx, dy) from a unit in a row of parity <paramref name="rowParity"/> in the table of a
    /// <paramref name="width"/> × <paramref name="height"/> grid: (p·(2H−1) + dy + H − 1)·(2W−1) + dx + W − 1.
    /// The one layout of the table: the CPU engine and the GPU kernels (which get the table as a buffer) both call it.
    /// </summary>
    public static int Index(int dx, int dy, int rowParity, int width, int height) =>
        (rowParity * (2 * height - 1) + dy + height - 1) * (2 * width - 1) + dx + width - 1;

    /// <summary>
    /// Per slot, the index of its δ among the table's distinct values (equal doubles share an index, numbered in
    /// slot order), and how many there are: h(δ, σ) is a function of δ alone, so a loop over many units can evaluate
    /// it once per distinct δ and get the same bits. Computed on first use.
    /// </summary>
    internal (int[] Classes, int Count) DeltaClasses => _classes ??= Classify(_deltas);

    /// <summary>
    /// The least δ from a unit in a row of parity p to any unit <paramref name="dy"/> rows away, over every column
    /// offset: when it exceeds the support radius (docs/contract.md §3), h is 0 for the whole row, so a loop over a
    /// row can skip it without evaluating a single unit. Computed on first use.
    /// </summary>
    internal double RowMinimum(int dy, int p)
    {
        var minima = _rowMinima ??= RowMinima();
        return minima[p * (2 * _h - 1) + dy + _h - 1];
    }

    private double[] RowMinima()
    {
        var minima = new double[2 * (2 * _h - 1)];
        for (int p = 0; p < 2; p++)
            for (int dy = -(_h - 1); dy < _h; dy++)
            {
                double least = double.PositiveInfinity;
                for (int dx = -(_w - 1); dx < _w; dx++) least = Math.Min(least, _deltas[Index(dx, dy, p)]);
                minima[p * (2 * _h - 1) + dy + _h - 1] = least;
            }
        return minima;
    }

    private static (int[] Classes, int Count) Classify(double[] deltas)
    {
        var ids = new Dictionary<double, int>();
        var classes = new int[deltas.Length];
        for (int i = 0; i < deltas.Length; i++)
        {
            if (!ids.TryGetValue(deltas[i], out int id))
            {
                id = ids.Count;
                ids.Add(deltas[i], id);
            }
            classes[i] = id;
        }
        return (classes, ids.Count);
    }

    /// <summary>δ(j, k).</summary>
    public double Delta(int j, int k)
    {
        int xj = j % _w, yj = j / _w;
        return _deltas[Index(k % _w - xj, k / _w - yj, yj & 1)];
    }

    /// <summary>h(δ, σ) for every slot of the table.</summary>
    internal double[] Weights(NeighborhoodKind kind, double sigma, double compactSupport)
    {
        var h = new double[_deltas.Length];
        for (int i = 0; i < h.Length; i++) h[i] = Neighborhood.Evaluate(kind, _deltas[i], sigma, compactSupport);
        return h;
    }

    /// <summary>
    /// The row of h(δ(j, k), σ) over all k, from a table made by <see cref="Weights"/>, into <paramref name="row"/>.
    /// </summary>
    internal void Row(int j, double[] weights, Span<double> row)
    {
        int xj = j % _w, yj = j / _w, p = yj & 1;
        for (int yk = 0; yk < _h; yk++)
        {
            int baseIndex = Index(-xj, yk - yj, p);
            for (int xk = 0; xk < _w; xk++) row[yk * _w + xk] = weights[baseIndex + xk];
        }
    }
}
