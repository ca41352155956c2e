namespace Som.Cpu;

/// <summary>
/// The online rule's coefficients c_j = (float)(α·h(δ(b, j), σ)) (docs/contract.md §7) for a run of units, with
/// h evaluated once per distinct δ per sample (<see cref="OffsetTable.DeltaClasses"/>) instead of once per unit:
/// on a 32 × 32 map a BMU sees about a hundred distinct grid distances among its 1,024 units, and the exponential
/// is most of the cost. Equal δ give equal bits, so the coefficients are those of the plain loop. Rows that lie
/// wholly beyond the support radius R are cleared without a look-up (h is exactly 0 there). One instance per
/// worker (it keeps a memo).
/// </summary>
internal sealed unsafe class OnlineCoefficients
{
    private readonly SomOptions _options;
    private readonly OffsetTable _offsets;
    private readonly int[] _classes;
    private readonly float[] _memo;
    private readonly int[] _stamp;
    private int _call;

    /// <summary>Coefficients of the map of <paramref name="options"/>, whose offsets are <paramref name="offsets"/>.</summary>
    public OnlineCoefficients(SomOptions options, OffsetTable offsets)
    {
        _options = options;
        _offsets = offsets;
        (_classes, int count) = offsets.DeltaClasses;
        _memo = new float[count];
        _stamp = new int[count];
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
}
