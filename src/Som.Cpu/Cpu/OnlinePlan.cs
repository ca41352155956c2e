namespace Som.Cpu;

/// <summary>
/// How the online pass of one sample splits the panels over its workers (docs/contract.md §7): contiguous runs in
/// worker order, of about equal cost, where a panel with a unit inside the support radius R of the BMU
/// (docs/contract.md §3) costs <see cref="TouchedCost"/> (the update and the next distances), a panel that is only
/// read <see cref="ReadCost"/>, and one whose dot products are already at hand <see cref="CachedCost"/>. A fixed even split leaves the worker that holds the BMU's rows with most of the
/// updates once σ is small. The split is a function of the BMU and σ alone, so every worker draws the same one; it
/// decides only who computes a panel, never what is computed, so the bits do not depend on it.
/// </summary>
internal sealed class OnlinePlan
{
    // The costs are in proportion to what a panel of the 32 × 32 map took in an epoch on two cores (a least-squares
    // fit of each sample's pass time to its counts of panels: 1.8 µs updated, plus its share of the coefficients, about
    // 0.25 µs; 1.5 µs read; 0.3 µs with its dot products at hand: benchmarks/RESULTS.md).

    /// <summary>Cost of a panel that is updated (read, written, three multiply-adds per weight, its coefficients).</summary>
    public const int TouchedCost = 7;

    /// <summary>Cost of a panel that is only read, for the next two samples' dot products.</summary>
    public const int ReadCost = 5;

    /// <summary>Cost of a panel whose dot products are already at hand (its distances and its part of the scan).</summary>
    public const int CachedCost = 1;

    private readonly SomOptions _options;
    private readonly OffsetTable _offsets;
    private readonly int _panels, _workers, _units, _width, _height;
    private readonly bool[] _nearRow;
    private readonly int[] _prefix;

    /// <summary>A plan for <paramref name="panels"/> panels of the map of <paramref name="options"/> over <paramref name="workers"/> workers.</summary>
    public OnlinePlan(SomOptions options, OffsetTable offsets, int panels, int workers)
    {
        _options = options;
        _offsets = offsets;
        _panels = panels;
        _workers = workers;
        _units = options.Units;
        _width = options.Width;
        _height = options.Height;
        _nearRow = new bool[_height];
        _prefix = new int[panels + 1];
    }

    /// <summary>
    /// Panels p0 … p1 − 1 of <paramref name="worker"/> for a sample with BMU <paramref name="bmu"/> at radius σ;
    /// <paramref name="ready"/>[p] ≠ 0 where panel p already holds its dot products for the next sample (it costs
    /// <see cref="CachedCost"/> unless it is updated).
    /// </summary>
    public unsafe (int P0, int P1) Run(int bmu, double sigma, byte* ready, int worker)
    {
        if (_workers == 1) return (0, _panels);
        Cost(bmu, sigma, ready);
        return (Start(worker), Start(worker + 1));
    }

    /// <summary>
    /// The first panel of worker <paramref name="k"/> (0 … workers) in the split of the last <see cref="Run"/>: the
    /// first whose preceding cost reaches k/workers of the total.
    /// </summary>
    public int Start(int k)
    {
        if (k == 0) return 0;
        if (k == _workers) return _panels;
        long goal = (long)k * _prefix[_panels];
        int p = 0;
        while (p < _panels && (long)_prefix[p] * _workers < goal) p++;
        return p;
    }

    private unsafe void Cost(int bmu, double sigma, byte* ready)
    {
        double radius = Neighborhood.SupportRadius(_options.Neighborhood, sigma, _options.CompactSupport);
        int yb = bmu / _width, parity = yb & 1;
        for (int y = 0; y < _height; y++) _nearRow[y] = _offsets.RowMinimum(y - yb, parity) <= radius;
        for (int p = 0; p < _panels; p++)
        {
            int u0 = p * PackedCodebook.Lanes, u1 = Math.Min(_units, u0 + PackedCodebook.Lanes) - 1;
            bool near = false;
            for (int y = u0 / _width; y <= u1 / _width && !near; y++) near = _nearRow[y];
            _prefix[p + 1] = _prefix[p] + (near ? TouchedCost : ready[p] != 0 ? CachedCost : ReadCost);
        }
    }
}
