namespace Som;

/// <summary>The neighbourhood functions h(δ, σ) of docs/contract.md §3, and the cut below float32 resolution.</summary>
public static class Neighborhood
{
    /// <summary>
    /// The cut of docs/contract.md §3: h is treated as exactly 0 where its magnitude is below 2⁻²⁴·h(0) (h(0) = 1 for
    /// every kind), the float32 resolution; <see cref="SupportRadius"/> is the radius beyond which that holds.
    /// </summary>
    public const double Cutoff = 1.0 / (1 << 24);

    /// <summary>√(48 ln 2): the Gaussian's exp(−ρ²/2) equals 2⁻²⁴ at δ = ρ·σ and is smaller beyond.</summary>
    internal const double GaussianReach = 5.768107546403532;

    /// <summary>
    /// The largest root ρ of (ρ² − 1)·exp(−ρ²/2) = 2⁻²⁴: beyond δ = ρ·σ the mexican hat's |h| is smaller than 2⁻²⁴ and
    /// decreasing (its negative lobe peaks at ρ = √3).
    /// </summary>
    internal const double MexicanHatReach = 6.374186230661333;

    /// <summary>
    /// h(δ, σ): gaussian exp(−δ²/2σ²); bubble 1 if δ ≤ σ else 0; mexican hat (1 − δ²/σ²)·exp(−δ²/2σ²);
    /// triangle max(0, 1 − δ/σ); 0 for δ beyond <see cref="SupportRadius"/> (the cut below 2⁻²⁴, and compact
    /// support c &gt; 0: h = 0 for δ &gt; c·σ); NaN for a kind that is not defined (options validation rejects those).
    /// <para>The one implementation of h: the CPU engine and the GPU kernels both call it, so it is kernel-compatible
    /// (value-type arguments, <see cref="Math"/> functions ILGPU maps, no allocation and no exception).</para>
    /// </summary>
    public static double Evaluate(NeighborhoodKind kind, double delta, double sigma, double compactSupport = 0)
    {
        if (delta > SupportRadius(kind, sigma, compactSupport)) return 0;
        double r2 = delta * delta / (sigma * sigma);
        return kind switch
        {
            NeighborhoodKind.Gaussian => Math.Exp(-0.5 * r2),
            NeighborhoodKind.Bubble => delta <= sigma ? 1.0 : 0.0,
            NeighborhoodKind.MexicanHat => (1 - r2) * Math.Exp(-0.5 * r2),
            NeighborhoodKind.Triangle => Math.Max(0.0, 1 - delta / sigma),
            _ => double.NaN,
        };
    }

    /// <summary>
    /// The radius R beyond which h(δ, σ) is exactly 0 (docs/contract.md §3): ρ·σ with ρ = √(48 ln 2) ≈ 5.768 for the
    /// Gaussian and ρ ≈ 6.374 for the mexican hat (where |h| falls below 2⁻²⁴ for good), σ for the bubble and the
    /// triangle (already 0 beyond), and at most c·σ with compact support c &gt; 0. Kernel-compatible.
    /// </summary>
    public static double SupportRadius(NeighborhoodKind kind, double sigma, double compactSupport = 0)
    {
        double reach = kind switch
        {
            NeighborhoodKind.Gaussian => GaussianReach,
            NeighborhoodKind.MexicanHat => MexicanHatReach,
            NeighborhoodKind.Bubble or NeighborhoodKind.Triangle => 1.0,
            _ => double.PositiveInfinity, // an undefined kind: no cut, so Evaluate gives its NaN
        };
        if (compactSupport > 0 && compactSupport < reach) reach = compactSupport;
        return reach * sigma;
    }

    /// <summary>
    /// Whether the batch smoothing of <paramref name="options"/> runs as 1-D passes along the rows and then across them
    /// (docs/contract.md §6): the Gaussian and the mexican hat with the Euclidean grid distance and no compact support,
    /// on rectangular and hexagonal maps, planar or toroidal. The Gaussian of δ² = Δx² + s·Δrows² is g(Δx)·g'(Δrows);
    /// the mexican hat is the sum of two such products (<see cref="FactorTableEntry"/>).
    /// </summary>
    public static bool IsSeparable(SomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Neighborhood is NeighborhoodKind.Gaussian or NeighborhoodKind.MexicanHat
            && options.GridMetric == GridMetric.Euclidean && options.CompactSupport == 0;
    }

    /// <summary>
    /// Entries of the factor table of the separable smoothing on a <paramref name="width"/> × <paramref name="height"/>
    /// grid: 8·(2W−1) column factors (<see cref="ColumnFactorSlot"/>) then 2·(2H−1) row factors
    /// (<see cref="RowFactorSlot"/>).
    /// </summary>
    public static int FactorTableLength(int width, int height) => 8 * (2 * width - 1) + 2 * (2 * height - 1);

    /// <summary>
    /// Slot of the column factor of term <paramref name="term"/> (0 or 1) for the column offset
    /// <paramref name="dx"/> = x_k − x_j, seen from a row of parity <paramref name="rowParity"/> towards a row whose
    /// offset has parity <paramref name="rowOffsetParity"/> (the two parities fix the hexagonal half-column shift):
    /// ((term·2 + p)·2 + q)·(2W−1) + dx + W − 1.
    /// </summary>
    public static int ColumnFactorSlot(int term, int dx, int rowParity, int rowOffsetParity, int width) =>
        ((term * 2 + rowParity) * 2 + rowOffsetParity) * (2 * width - 1) + dx + width - 1;

    /// <summary>Slot of the row factor of term <paramref name="term"/> for the row offset <paramref name="dy"/> = y_k − y_j:
    /// 8·(2W−1) + term·(2H−1) + dy + H − 1.</summary>
    public static int RowFactorSlot(int term, int dy, int width, int height) =>
        8 * (2 * width - 1) + term * (2 * height - 1) + dy + height - 1;

    /// <summary>
    /// One entry of the separable smoothing's factor table (docs/contract.md §6). With the lattice offset (Δx, Δrows)
    /// of <see cref="MapGrid.LatticeOffset"/> (minimum image on a torus), a = Δx², b = s·Δrows² (s of
    /// <see cref="MapGrid.RowScale2"/>) and the Gaussian factor ĝ(a) = exp(−a/2σ²), set to 0 where √a exceeds
    /// <see cref="SupportRadius"/>:
    /// the Gaussian is h = ĝ(a)·ĝ(b) (term 0: column ĝ(a), row ĝ(b); term 1 is 0); the mexican hat is
    /// (1 − (a + b)/σ²)·ĝ(a)·ĝ(b) = [(1 − a/σ²)·ĝ(a)]·ĝ(b) + ĝ(a)·[−(b/σ²)·ĝ(b)] (term 0: column (1 − a/σ²)·ĝ(a), row
    /// ĝ(b); term 1: column ĝ(a), row −(b/σ²)·ĝ(b)). Kernel-compatible: the CPU engine and the GPU kernels both call it.
    /// </summary>
    public static double FactorTableEntry(int slot, NeighborhoodKind kind, int width, int height, Topology topology,
        bool toroidal, double sigma)
    {
        double radius = SupportRadius(kind, sigma);
        double s2 = sigma * sigma;
        int columns = 2 * width - 1;
        bool hat = kind == NeighborhoodKind.MexicanHat;
        if (slot < 8 * columns)
        {
            int table = slot / columns, term = table >> 2;
            int dx = slot - table * columns - (width - 1);
            var (cx, _) = MapGrid.LatticeOffset(dx, table & 1, (table >> 1) & 1, width, height, topology, toroidal);
            double a = cx * cx;
            double g = AxisGaussian(a, s2, radius);
            if (!hat) return term == 0 ? g : 0;
            return term == 0 ? (1 - Ratio(a, s2)) * g : g;
        }
        int rowSlot = slot - 8 * columns, rowTerm = rowSlot / (2 * height - 1);
        int dy = rowSlot - rowTerm * (2 * height - 1) - (height - 1);
        var (_, rows) = MapGrid.LatticeOffset(0, dy, 0, width, height, topology, toroidal);
        double b = MapGrid.RowScale2(topology) * rows * rows;
        double gy = AxisGaussian(b, s2, radius);
        if (rowTerm == 0) return gy;
        return hat ? -Ratio(b, s2) * gy : 0;
    }

    /// <summary>
    /// h of the online rule (docs/contract.md §7) for the unit <paramref name="dx"/> columns and <paramref name="dy"/>
    /// rows from a BMU in a row of parity <paramref name="rowParity"/>, at grid distance <paramref name="delta"/>: 0
    /// beyond <see cref="SupportRadius"/>; where the smoothing is separable (<paramref name="separable"/>, see
    /// <see cref="IsSeparable"/>) the product of the column and row entries of the factor table of §6
    /// (<see cref="FactorTableEntry"/>), the Gaussian's ĝ(Δx²)·ĝ(s·Δrows²) and the mexican hat's sum of two such
    /// products, so the online and the batch rule take h from the same factors; <see cref="Evaluate"/> otherwise.
    /// The product equals exp(−δ²/2σ²) in exact arithmetic, and needs one exponential per column and per row instead of
    /// one per distinct δ. Kernel-compatible: the CPU engine's coefficients and the GPU's online kernel both call it.
    /// </summary>
    public static double OnlineValue(NeighborhoodKind kind, double delta, int dx, int dy, int rowParity, int width,
        int height, Topology topology, bool toroidal, bool separable, double sigma, double compactSupport)
    {
        if (delta > SupportRadius(kind, sigma, compactSupport)) return 0;
        if (!separable) return Evaluate(kind, delta, sigma, compactSupport);
        int q = dy & 1;
        double h = FactorTableEntry(ColumnFactorSlot(0, dx, rowParity, q, width), kind, width, height, topology, toroidal, sigma)
            * FactorTableEntry(RowFactorSlot(0, dy, width, height), kind, width, height, topology, toroidal, sigma);
        if (kind != NeighborhoodKind.MexicanHat) return h;
        return h + FactorTableEntry(ColumnFactorSlot(1, dx, rowParity, q, width), kind, width, height, topology, toroidal, sigma)
            * FactorTableEntry(RowFactorSlot(1, dy, width, height), kind, width, height, topology, toroidal, sigma);
    }

    private static double AxisGaussian(double squaredOffset, double sigmaSquared, double radius) =>
        Math.Sqrt(squaredOffset) > radius ? 0 : Math.Exp(-0.5 * Ratio(squaredOffset, sigmaSquared));

    /// <summary>
    /// offset² / σ², with 0 for a zero offset and the largest double for an overflow: where σ² underflows to 0 (σ below
    /// about 1e-154) the quotient would be 0/0 or ∞ and make NaN factors (0 · ∞); elsewhere it is the plain quotient.
    /// </summary>
    private static double Ratio(double squaredOffset, double sigmaSquared) =>
        squaredOffset == 0 ? 0 : Math.Min(squaredOffset / sigmaSquared, double.MaxValue);

    /// <summary>The dense M × M matrix H[j, k] = h(δ(j, k), σ) of a grid (row-major).</summary>
    internal static double[] Matrix(MapGrid grid, NeighborhoodKind kind, double sigma, double compactSupport)
    {
        int m = grid.Units;
        var h = new double[(long)m * m];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < m; k++) h[(long)j * m + k] = Evaluate(kind, grid.Distance(j, k), sigma, compactSupport);
        }
        return h;
    }
}
