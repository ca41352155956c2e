namespace Som.Tests.Gpu;

/// <summary>
/// One combination of the GPU-vs-CPU cross-check: lattice, wrap, neighbourhood, metric, mode and sizes. The
/// description names every part, so a failure says which combination broke.
/// </summary>
public sealed record GpuCase(Topology Topology, bool Toroidal, string Neighborhood, DistanceMetric Metric, TrainingMode Mode,
    int Width, int Height, int Samples, int Features, GridMetric GridMetric = GridMetric.Euclidean)
{
    /// <summary>Neighbourhood names of the cross-check ("gaussian+cs" is the Gaussian with compact support c = 2).</summary>
    public static readonly string[] Neighborhoods = ["gaussian", "bubble", "mexican-hat", "triangle", "gaussian+cs"];

    /// <summary>Number of units.</summary>
    public int Units => Width * Height;

    /// <summary>The options of the combination: σ from 1.5 to 0.5 over 2 epochs (exponential).</summary>
    public SomOptions Options => new()
    {
        Width = Width,
        Height = Height,
        Topology = Topology,
        Toroidal = Toroidal,
        GridMetric = GridMetric,
        Neighborhood = Neighborhood switch
        {
            "bubble" => NeighborhoodKind.Bubble,
            "mexican-hat" => NeighborhoodKind.MexicanHat,
            "triangle" => NeighborhoodKind.Triangle,
            _ => NeighborhoodKind.Gaussian,
        },
        CompactSupport = Neighborhood == "gaussian+cs" ? 2.0 : 0.0,
        Metric = Metric,
        Mode = Mode,
        Epochs = 2,
        SigmaStart = 1.5,
        SigmaEnd = 0.5,
        Seed = 7,
    };

    public override string ToString() =>
        $"{(Topology == Topology.Hexagonal ? "hex" : "rect")} {(Toroidal ? "torus" : "planar")} " +
        $"{(GridMetric == GridMetric.Euclidean ? "" : GridMetric.ToString().ToLowerInvariant() + " ")}{Neighborhood} " +
        $"{Metric.ToString().ToLowerInvariant()} {Mode.ToString().ToLowerInvariant()}, map {Width}x{Height} ({Units} units), " +
        $"{Samples} samples x {Features} features";
}
