namespace Som.Runner.Cli;

/// <summary>The command line's spellings of the option enums (case-insensitive; the first spelling of a member is its name in help).</summary>
internal static class OptionNames
{
    public static readonly IReadOnlyDictionary<string, Topology> Topologies = new Dictionary<string, Topology>
    {
        ["rect"] = Topology.Rectangular, ["rectangular"] = Topology.Rectangular,
        ["hex"] = Topology.Hexagonal, ["hexagonal"] = Topology.Hexagonal,
    };

    public static readonly IReadOnlyDictionary<string, GridMetric> GridMetrics = new Dictionary<string, GridMetric>
    {
        ["euclidean"] = GridMetric.Euclidean, ["manhattan"] = GridMetric.Manhattan, ["chebyshev"] = GridMetric.Chebyshev,
    };

    public static readonly IReadOnlyDictionary<string, NeighborhoodKind> Neighborhoods = new Dictionary<string, NeighborhoodKind>
    {
        ["gaussian"] = NeighborhoodKind.Gaussian, ["bubble"] = NeighborhoodKind.Bubble,
        ["mexican-hat"] = NeighborhoodKind.MexicanHat, ["triangle"] = NeighborhoodKind.Triangle,
    };

    public static readonly IReadOnlyDictionary<string, ScheduleKind> Schedules = new Dictionary<string, ScheduleKind>
    {
        ["linear"] = ScheduleKind.Linear, ["exponential"] = ScheduleKind.Exponential, ["inverse"] = ScheduleKind.Inverse,
    };

    public static readonly IReadOnlyDictionary<string, TrainingMode> Modes = new Dictionary<string, TrainingMode>
    {
        ["batch"] = TrainingMode.Batch, ["online"] = TrainingMode.Online,
    };

    public static readonly IReadOnlyDictionary<string, DistanceMetric> Metrics = new Dictionary<string, DistanceMetric>
    {
        ["euclidean"] = DistanceMetric.Euclidean, ["cosine"] = DistanceMetric.Cosine,
    };

    public static readonly IReadOnlyDictionary<string, InitMethod> Inits = new Dictionary<string, InitMethod>
    {
        ["pca"] = InitMethod.Pca, ["random"] = InitMethod.Random, ["samples"] = InitMethod.Samples,
    };

    public static readonly IReadOnlyDictionary<string, Adjacency> Adjacencies = new Dictionary<string, Adjacency>
    {
        ["default"] = Adjacency.Default, ["8"] = Adjacency.Eight, ["4"] = Adjacency.Four, ["6"] = Adjacency.Six,
    };

    public static readonly IReadOnlyDictionary<string, Som.Cpu.KernelIsa> CpuKernels = new Dictionary<string, Som.Cpu.KernelIsa>
    {
        ["auto"] = Som.Cpu.KernelIsa.Auto, ["vector512"] = Som.Cpu.KernelIsa.Vector512,
        ["vector256"] = Som.Cpu.KernelIsa.Vector256, ["vector128"] = Som.Cpu.KernelIsa.Vector128,
        ["scalar"] = Som.Cpu.KernelIsa.Scalar,
    };

    /// <summary>Every table above as (spelling, enum member name) pairs, first spelling of a member first.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<(string Spelling, string Member)>> All =
    [
        Pairs(Topologies), Pairs(GridMetrics), Pairs(Neighborhoods), Pairs(Schedules), Pairs(Modes), Pairs(Metrics),
        Pairs(Inits), Pairs(Adjacencies), Pairs(CpuKernels),
    ];

    private static List<(string, string)> Pairs<T>(IReadOnlyDictionary<string, T> names) where T : struct, Enum =>
        [.. names.Select(p => (p.Key, p.Value.ToString()))];

    /// <summary>How a report names an adjacency rule.</summary>
    public static string Describe(Adjacency rule) => rule switch
    {
        Adjacency.Eight => "8-neighbourhood (rectangular, grid distance <= sqrt 2)",
        Adjacency.Four => "4-neighbourhood (rectangular, grid distance <= 1)",
        Adjacency.Six => "6-neighbourhood (hexagonal, grid distance <= 1)",
        _ => rule.ToString(),
    };
}
