namespace Som.Cpu;

/// <summary>
/// The online rule's coefficients c_j = (float)(α·h) with h = <see cref="Neighborhood.OnlineValue"/>
/// (docs/contract.md §7) for a run of units. Where the neighbourhood is separable (the Gaussian and the mexican hat
/// with the Euclidean grid distance), h is the product of a column factor and a row factor of the batch smoothing's
/// table (§6): the column factors once per call, a row factor once per row the run meets (about 48 exponentials for
/// half of a 32 × 32 map instead of one per distinct δ, about 230), then a product per unit. Otherwise h is evaluated once per distinct δ
/// (<see cref="OffsetTable.DeltaClasses"/>): equal δ give equal bits. Either way the coefficients have the bits of
/// the plain loop over units. Rows that lie wholly beyond the support radius R are cleared without a look-up (h is
/// exactly 0 there). One instance per worker (it keeps its memos).
/// </summary>
internal sealed unsafe class OnlineCoefficients
{
    private readonly SomOptions _options;
    private readonly OffsetTable _offsets;
    private readonly bool _separable;
    private readonly int[] _classes;
    private readonly float[] _memo;
    private readonly int[] _stamp;
    // Separable column factors of the current call by (term, row-offset parity, column), and the call that filled
    // each parity's.
    private readonly double[] _columns;
    private readonly int[] _columnStamp = new int[2];
    private int _call;

    /// <summary>Coefficients of the map of <paramref name="options"/>, whose offsets are <paramref name="offsets"/>.</summary>
    public OnlineCoefficients(SomOptions options, OffsetTable offsets)
    {
        _options = options;
        _offsets = offsets;
        _separable = Neighborhood.IsSeparable(options);
        (_classes, int count) = offsets.DeltaClasses;
        _memo = new float[count];
        _stamp = new int[count];
        _columns = new double[2 * 2 * options.Width];
    }

    /// <summary>c[j − <paramref name="j0"/>] for units j0 … j1 − 1, BMU <paramref name="bmu"/>, at σ and α.</summary>
    public void Fill(int bmu, double sigma, double alpha, int j0, int j1, float* c)
    {
        // A fresh stamp per call marks every memo entry stale (wrapping after 2^32 calls is harmless: stamps
        // only need to differ from the previous call's).
        int call = ++_call;
        if (call == 0) call = ++_call;
        int width = _options.Width;
        int xb = bmu % width, yb = bmu / width, parity = yb & 1;
        var deltas = _offsets.Deltas;
        var kind = _options.Neighborhood;
        double compact = _options.CompactSupport;
        // Rows whose nearest unit lies beyond R are 0 throughout (docs/contract.md §3): h is exactly 0 there.
        double radius = Neighborhood.SupportRadius(kind, sigma, compact);
        for (int j = j0; j < j1;)
        {
            int y = j / width, x = j % width;
            int end = Math.Min(j1, (y + 1) * width);
            if (_offsets.RowMinimum(y - yb, parity) > radius)
            {
                new Span<float>(c + (j - j0), end - j).Clear();
                j = end;
                continue;
            }
            // Along a row the slots of consecutive columns are consecutive.
            int slot = _offsets.Index(x - xb, y - yb, parity);
            if (_separable)
            {
                FillSeparableRow(call, xb, x, y - yb, parity, end - j, sigma, alpha, radius, deltas.Slice(slot, end - j), c + (j - j0));
                j = end;
                continue;
            }
            for (; j < end; j++, slot++)
            {
                int id = _classes[slot];
                if (_stamp[id] != call)
                {
                    _memo[id] = (float)(alpha * Neighborhood.Evaluate(kind, deltas[slot], sigma, compact));
                    _stamp[id] = call;
                }
                c[j - j0] = _memo[id];
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> units of one row from column <paramref name="x0"/> on: (float)(α·h) with h the products
    /// of <see cref="Neighborhood.OnlineValue"/>, in its order (column·row, then the mexican hat's second term added),
    /// 0 beyond R. The column factors of the BMU's column are computed once per call and row-offset parity.
    /// </summary>
    private void FillSeparableRow(int call, int xb, int x0, int dy, int parity, int count, double sigma, double alpha,
        double radius, ReadOnlySpan<double> deltas, float* c)
    {
        bool hat = _options.Neighborhood == NeighborhoodKind.MexicanHat;
        int width = _options.Width, q = dy & 1;
        if (_columnStamp[q] != call) Columns(q, xb, parity, sigma, radius, hat, call);
        double row0 = RowFactor(0, dy, sigma);
        ReadOnlySpan<double> col0 = _columns.AsSpan((0 * 2 + q) * width + x0, count);
        if (!hat)
        {
            for (int i = 0; i < count; i++) c[i] = deltas[i] > radius ? 0f : (float)(alpha * (col0[i] * row0));
            return;
        }
        double row1 = RowFactor(1, dy, sigma);
        ReadOnlySpan<double> col1 = _columns.AsSpan((1 * 2 + q) * width + x0, count);
        for (int i = 0; i < count; i++) c[i] = deltas[i] > radius ? 0f : (float)(alpha * (col0[i] * row0 + col1[i] * row1));
    }

    /// <summary>
    /// The column factors of every column for a BMU in column <paramref name="xb"/>, towards rows of offset parity q.
    /// On a plane a column more than R + ½ away (the most a hexagonal shift takes off) holds only units beyond R,
    /// whose coefficient is 0 whatever its factor, so it is not evaluated.
    /// </summary>
    private void Columns(int q, int xb, int parity, double sigma, double radius, bool hat, int call)
    {
        int width = _options.Width;
        for (int term = 0; term < (hat ? 2 : 1); term++)
        {
            for (int x = 0; x < width; x++)
            {
                int dx = x - xb;
                _columns[(term * 2 + q) * width + x] = !_options.Toroidal && Math.Abs(dx) - 0.5 > radius ? 0
                    : Neighborhood.FactorTableEntry(Neighborhood.ColumnFactorSlot(term, dx, parity, q, width),
                        _options.Neighborhood, width, _options.Height, _options.Topology, _options.Toroidal, sigma);
            }
        }
        _columnStamp[q] = call;
    }

    private double RowFactor(int term, int dy, double sigma) => Neighborhood.FactorTableEntry(
        Neighborhood.RowFactorSlot(term, dy, _options.Width, _options.Height), _options.Neighborhood, _options.Width,
        _options.Height, _options.Topology, _options.Toroidal, sigma);
}
