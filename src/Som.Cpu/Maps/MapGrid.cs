namespace Som;

/// <summary>
/// The map's units and the distances between them on the grid (docs/contract.md §2). Unit j = y·W + x.
/// Rectangular units sit at (x, y); hexagonal ones (pointy-top, odd rows shifted right) at
/// (x + 0.5·(y &amp; 1), y·√3/2), so all six neighbours are at distance 1. Toroidal maps take the minimum
/// image on each axis.
/// </summary>
public sealed class MapGrid
{
    private static readonly double RowPitch = Math.Sqrt(3) / 2;
    private readonly double[] _px;
    private readonly double[] _py;

    /// <summary>Builds the grid of <paramref name="options"/> (which must be valid).</summary>
    public MapGrid(SomOptions options)
        : this(options.Width, options.Height, options.Topology, options.Toroidal, options.GridMetric) { }

    /// <summary>Builds a W × H grid.</summary>
    public MapGrid(int width, int height, Topology topology, bool toroidal, GridMetric metric = GridMetric.Euclidean)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Topology = topology;
        Toroidal = toroidal;
        Metric = metric;
        _px = new double[width * height];
        _py = new double[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int j = y * width + x;
                _px[j] = topology == Topology.Hexagonal ? x + 0.5 * (y & 1) : x;
                _py[j] = topology == Topology.Hexagonal ? y * RowPitch : y;
            }
        }
        PeriodX = width;
        PeriodY = topology == Topology.Hexagonal ? height * RowPitch : height;
    }

    /// <summary>Units per row.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Number of units M = W·H.</summary>
    public int Units => Width * Height;
    /// <summary>Lattice.</summary>
    public Topology Topology { get; }
    /// <summary>Whether both axes wrap.</summary>
    public bool Toroidal { get; }
    /// <summary>Grid distance.</summary>
    public GridMetric Metric { get; }
    /// <summary>Period of the x axis on a torus.</summary>
    public double PeriodX { get; }
    /// <summary>Period of the y axis on a torus.</summary>
    public double PeriodY { get; }

    /// <summary>Position of unit <paramref name="j"/> on the plane.</summary>
    public (double X, double Y) Position(int j) => (_px[j], _py[j]);

    /// <summary>Displacement from unit j to unit k on the plane, per axis, with the minimum image on a torus.</summary>
    public (double Dx, double Dy) Offset(int j, int k) =>
        PlaneOffset(k % Width - j % Width, k / Width - j / Width, (j / Width) & 1);

    /// <summary>Grid distance δ(j, k) under <see cref="Metric"/>.</summary>
    public double Distance(int j, int k) =>
        OffsetDistance(k % Width - j % Width, k / Width - j / Width, (j / Width) & 1);

    /// <summary>
    /// Grid distance from a unit in a row of parity <paramref name="rowParity"/> to the unit
    /// <paramref name="dx"/> columns and <paramref name="dy"/> rows away. It depends only on these three
    /// (the grid is translation invariant up to row parity), which lets kernels tabulate it.
    /// </summary>
    public double OffsetDistance(int dx, int dy, int rowParity)
    {
        if (Metric == GridMetric.Euclidean)
        {
            // δ² = Δx² + (√3/2)²·Δrows² with (√3/2)² = ¾ written exactly: Δx is a multiple of ½ and Δrows an
            // integer, so δ² is exact and the six hexagonal neighbours are at δ = 1, not 1 − 1 ulp (bubble, triangle
            // and compact support cut exactly at δ = σ).
            var (cx, rows) = LatticeOffset(dx, dy, rowParity, Width, Height, Topology, Toroidal);
            return Math.Sqrt(cx * cx + RowScale2(Topology) * rows * rows);
        }
        var (px, py) = PlaneOffset(dx, dy, rowParity);
        px = Math.Abs(px);
        py = Math.Abs(py);
        return Metric == GridMetric.Manhattan ? px + py : Math.Max(px, py);
    }

    private (double Dx, double Dy) PlaneOffset(int dx, int dy, int rowParity)
    {
        var (px, rows) = LatticeOffset(dx, dy, rowParity, Width, Height, Topology, Toroidal);
        return (px, Topology == Topology.Hexagonal ? rows * RowPitch : rows);
    }

    /// <summary>
    /// Displacement from a unit in a row of parity <paramref name="rowParity"/> to the unit <paramref name="dx"/>
    /// columns and <paramref name="dy"/> rows away on a <paramref name="width"/> × <paramref name="height"/> lattice,
    /// in columns (multiples of ½ on a hexagonal map, whose odd rows are shifted right by ½) and whole rows, with the
    /// minimum image per axis on a torus (a tie at half the period goes away from zero). Rows wrap by H, which is the
    /// same as wrapping the plane's y by <see cref="PeriodY"/>, but exact.
    /// <para>The one implementation of the lattice offset: the host grid and the GPU kernels both call it, so it is
    /// kernel-compatible (value types only, no allocation, no exception).</para>
    /// </summary>
    public static (double Columns, double Rows) LatticeOffset(int dx, int dy, int rowParity, int width, int height,
        Topology topology, bool toroidal)
    {
        double px = dx, rows = dy;
        if (topology == Topology.Hexagonal) px += 0.5 * (((rowParity + dy) & 1) - rowParity);
        if (toroidal)
        {
            px = MinimumImage(px, width);
            rows = MinimumImage(rows, height);
        }
        return (px, rows);
    }

    /// <summary>
    /// The squared row pitch s of <paramref name="topology"/>: the plane's δ² = Δcolumns² + s·Δrows², with
    /// s = (√3/2)² = ¾ written exactly on a hexagonal map (Δcolumns is a multiple of ½ and Δrows an integer, so δ² is
    /// exact and the six hexagonal neighbours are at δ = 1, not 1 − 1 ulp) and 1 on a rectangular one.
    /// </summary>
    public static double RowScale2(Topology topology) => topology == Topology.Hexagonal ? 0.75 : 1.0;

    /// <summary>
    /// Distance along one axis of <paramref name="length"/> units between units <paramref name="offset"/> apart
    /// (0 ≤ offset &lt; length): the offset itself, or min(offset, length − offset) on a torus.
    /// </summary>
    public static double AxisDistance(int offset, int length, bool toroidal) =>
        toroidal ? Math.Min(offset, length - offset) : offset;

    /// <summary>
    /// Whether units j ≠ k of a <paramref name="width"/> × <paramref name="height"/> lattice are adjacent under
    /// <paramref name="rule"/>: Euclidean position distance ≤ √2 (Eight), ≤ 1 (Four, Six), from the exact
    /// δ² of <see cref="LatticeOffset"/> and <see cref="RowScale2"/> (whatever the grid metric is).
    /// <para>The one adjacency rule: the topographic error on the host and on the GPU both call it
    /// (kernel-compatible).</para>
    /// </summary>
    public static bool IsAdjacent(int j, int k, int width, int height, Topology topology, bool toroidal, Adjacency rule)
    {
        if (j == k) return false;
        int yj = j / width;
        var (cols, rows) = LatticeOffset(k % width - j % width, k / width - yj, yj & 1, width, height, topology, toroidal);
        double d2 = cols * cols + RowScale2(topology) * rows * rows;
        double limit = rule == Adjacency.Eight ? 2.0 : 1.0;
        return d2 <= limit + 1e-9;
    }

    /// <summary>
    /// Whether units j ≠ k are adjacent under <paramref name="rule"/>: Euclidean position distance ≤ √2
    /// (Eight), ≤ 1 (Four, Six). Uses the Euclidean distance whatever <see cref="Metric"/> is.
    /// </summary>
    public bool AreAdjacent(int j, int k, Adjacency rule) => IsAdjacent(j, k, Width, Height, Topology, Toroidal, rule);

    /// <summary>The units adjacent to <paramref name="j"/> under <paramref name="rule"/>, in ascending order.</summary>
    public int[] Neighbors(int j, Adjacency rule)
    {
        var list = new List<int>(8);
        int y = j / Width, x = j % Width;
        for (int oy = -1; oy <= 1; oy++)
        {
            for (int ox = -1; ox <= 1; ox++)
            {
                int ny = y + oy, nx = x + ox;
                if (Toroidal)
                {
                    ny = (ny + Height) % Height;
                    nx = (nx + Width) % Width;
                }
                else if (ny < 0 || ny >= Height || nx < 0 || nx >= Width)
                {
                    continue;
                }
                int k = ny * Width + nx;
                if (k != j && !list.Contains(k) && AreAdjacent(j, k, rule)) list.Add(k);
            }
        }
        list.Sort();
        return [.. list];
    }

    // Kernels reach this too: ILGPU.Algorithms (the GPU engine enables it) provides Math.Round with a midpoint mode.
    private static double MinimumImage(double d, double period) =>
        d - period * Math.Round(d / period, MidpointRounding.AwayFromZero);
}
