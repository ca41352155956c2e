namespace Som.Benchmarks;

/// <summary>
/// The cases of the per-stage benchmarks. Seeded data; odd sizes on purpose (M = 1027 = 13 × 79 units, D = 33,
/// N = 10,007) so no kernel runs only on full panels or vector widths. Every stage is listed for every backend;
/// the runner times those the machine has and lists the rest as skipped with the reason.
/// </summary>
public static class StageCatalog
{
    /// <summary>Features per sample.</summary>
    public const int Features = 33;

    /// <summary>The CPU map: 13 × 79 = 1027 units.</summary>
    public static StageShape Map { get; } = new(10_007, 13, 79, Features);

    /// <summary>Online steps per operation (one thread, so fewer than the batch samples).</summary>
    public static StageShape Online { get; } = new(1_009, 13, 79, Features);

    /// <summary>k-means with k = 31 centres on the batch samples.</summary>
    public static StageShape KMeans { get; } = new(10_007, 31, 1, Features);

    /// <summary>A silhouette block of 2,053 points in 7 clusters.</summary>
    public static StageShape Silhouette { get; } = new(2_053, 7, 1, Features);

    /// <summary>The tiny size of ILGPU's CPU accelerator (it runs each GPU thread as an OS thread): a 7 × 5 map, 257 samples (17 online steps: each is its own kernel launches).</summary>
    public static StageShape Tiny { get; } = new(257, 7, 5, Features);

    /// <summary>The shape of <paramref name="stage"/> at the CPU sizes, or the tiny ones.</summary>
    public static StageShape ShapeOf(Stage stage, bool tiny)
    {
        if (tiny)
        {
            return stage switch
            {
                Stage.KMeansStep => Tiny with { Width = 5, Height = 1 },
                Stage.SilhouetteBlock => Tiny with { Width = 3, Height = 1 },
                Stage.OnlineStep => Tiny with { Samples = 17 },
                _ => Tiny,
            };
        }
        return stage switch
        {
            Stage.OnlineStep => Online,
            Stage.KMeansStep => KMeans,
            Stage.SilhouetteBlock => Silhouette,
            _ => Map,
        };
    }

    /// <summary>The quick job: every stage on every backend, ILGPU's CPU accelerator at the tiny size.</summary>
    public static IReadOnlyList<StageCase> Quick { get; } =
        [.. Enum.GetValues<StageBackend>().SelectMany(b => Enum.GetValues<Stage>()
            .Select(s => new StageCase(s, b, ShapeOf(s, tiny: b == StageBackend.IlgpuCpu))))];

    /// <summary>The quick case named <paramref name="name"/> (stage@backend).</summary>
    /// <exception cref="ArgumentException">No case has that name.</exception>
    public static StageCase Named(string name) =>
        Quick.FirstOrDefault(c => c.ToString() == name)
        ?? throw new ArgumentException($"no stage case is named '{name}': expected stage@backend, e.g. {Quick[0]}", nameof(name));

    /// <summary>The backend named <paramref name="name"/> (as <see cref="StageBackend"/> spells it, any case).</summary>
    /// <exception cref="ArgumentException">No backend has that name.</exception>
    public static StageBackend Backend(string name) =>
        Enum.TryParse<StageBackend>(name, ignoreCase: true, out var b) && Enum.IsDefined(b)
            ? b
            : throw new ArgumentException($"no backend is named '{name}': expected one of {string.Join(", ", Enum.GetNames<StageBackend>())}", nameof(name));
}
