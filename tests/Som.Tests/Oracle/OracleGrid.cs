namespace Som.Tests.Oracle;

/// <summary>
/// Unit positions and grid distances re-derived from docs/contract.md §2, independently of <see cref="MapGrid"/>, so a
/// bug there shows up as a disagreement. Rectangular units sit at (x, y); hexagonal ones at
/// (x + 0.5·(y &amp; 1), y·√3/2). Distances are formed from exact squared offsets: on a hexagonal map
/// δ² = Δx² + ¾·Δrows², where Δx is a multiple of ½ and Δrows an integer, so δ² is exact in double and the six
/// neighbours are at δ = 1 exactly. A torus takes the minimum image per axis (rows wrap by H, which keeps the
/// row parity when H is even, so Δx is unaffected by the row wrap).
/// </summary>
internal sealed class OracleGrid
{
    public OracleGrid(int width, int height, Topology topology, bool toroidal, GridMetric metric = GridMetric.Euclidean)
    {
        Width = width;
        Height = height;
        Topology = topology;
        Toroidal = toroidal;
        Metric = metric;
    }

    public OracleGrid(SomOptions options)
        : this(options.Width, options.Height, options.Topology, options.Toroidal, options.GridMetric) { }

    public int Width { get; }
    public int Height { get; }
    public int Units => Width * Height;
    public Topology Topology { get; }
    public bool Toroidal { get; }
    public GridMetric Metric { get; }

    /// <summary>Position on the plane, as docs/contract.md §2 defines it.</summary>
    public (double X, double Y) Position(int j)
    {
        int x = j % Width, y = j / Width;
        return Topology == Topology.Hexagonal ? (x + 0.5 * (y & 1), y * Math.Sqrt(3) / 2) : (x, y);
    }

    /// <summary>Per-axis offset from j to k: Δx in columns (half-columns on hex), Δy in rows; minimum image on a torus.</summary>
    public (double Dx, int DyRows) RawOffset(int j, int k)
    {
        int xj = j % Width, yj = j / Width, xk = k % Width, yk = k / Width;
        double ax = xj, bx = xk;
        if (Topology == Topology.Hexagonal)
        {
            ax += 0.5 * (yj & 1);
            bx += 0.5 * (yk & 1);
        }
        double dx = bx - ax;
        int dy = yk - yj;
        if (Toroidal)
        {
            dx = MinImage(dx, Width);
            dy = (int)MinImage(dy, Height);
        }
        return (dx, dy);
    }

    /// <summary>Squared Euclidean distance between the positions of j and k (exact for map sizes used in tests).</summary>
    public double EuclideanSquared(int j, int k)
    {
        var (dx, dy) = RawOffset(j, k);
        double rowScale2 = Topology == Topology.Hexagonal ? 0.75 : 1.0;
        return dx * dx + rowScale2 * dy * dy;
    }

    /// <summary>δ(j, k) under <see cref="Metric"/>.</summary>
    public double Distance(int j, int k)
    {
        if (Metric == GridMetric.Euclidean || Topology == Topology.Hexagonal) return Math.Sqrt(EuclideanSquared(j, k));
        var (dx, dy) = RawOffset(j, k);
        double ax = Math.Abs(dx), ay = Math.Abs(dy);
        return Metric == GridMetric.Manhattan ? ax + ay : Math.Max(ax, ay);
    }

    /// <summary>
    /// Adjacency for TE and the U-matrix: Euclidean δ ≤ √2 (8-neighbourhood), δ ≤ 1 (4 and hex 6), j ≠ k.
    /// Compared on exact squared distances, so no slack is needed.
    /// </summary>
    public bool Adjacent(int j, int k, Adjacency rule)
    {
        if (j == k) return false;
        double limit2 = rule == Adjacency.Eight ? 2.0 : 1.0;
        return EuclideanSquared(j, k) <= limit2;
    }

    private static double MinImage(double d, double period)
    {
        // Shift by whole periods until |d| ≤ period/2; at exactly half a period either image has the same length.
        while (d > period / 2) d -= period;
        while (d < -period / 2) d += period;
        return d;
    }
}
