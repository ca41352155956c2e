using System.CommandLine;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>The options of <c>som train</c>, and how they become <see cref="TrainSettings"/>.</summary>
internal sealed class TrainOptions
{
    /// <summary><c>--data</c>.</summary>
    public Option<string?> Data { get; } = SharedOptions.Data();
    /// <summary><c>--image-size</c>.</summary>
    public Option<(int Width, int Height)?> ImageSize { get; } = SharedOptions.ImageSize();
    /// <summary><c>--color</c>.</summary>
    public Option<ImageColour?> Colour { get; } = SharedOptions.Colour();
    /// <summary><c>--limit</c>.</summary>
    public Option<int?> Limit { get; } = SharedOptions.Limit();
    /// <summary><c>--test-limit</c>.</summary>
    public Option<int?> TestLimit { get; } = OptionFactory.Int("--test-limit", "n", "evaluate on the first N test samples only", min: 1);
    /// <summary><c>--map</c>.</summary>
    public Option<(int Width, int Height)?> Map { get; } = SharedOptions.Map();
    /// <summary><c>--topology</c>.</summary>
    public Option<Topology?> Topology { get; } = OptionFactory.Choice("--topology", "rect|hex", "lattice (default rect)", OptionNames.Topologies);
    /// <summary><c>--toroidal</c> (also <c>--toroidal=true|false</c>).</summary>
    public Option<bool> Toroidal { get; } = new("--toroidal") { Description = "wrap both axes (a hexagonal torus needs an even height)" };
    /// <summary><c>--grid-metric</c>.</summary>
    public Option<GridMetric?> GridMetric { get; } = OptionFactory.Choice("--grid-metric", "euclidean|manhattan|chebyshev",
        "euclidean (default), manhattan, chebyshev (rect only)", OptionNames.GridMetrics);
    /// <summary><c>--mode</c>.</summary>
    public Option<TrainingMode?> Mode { get; } = OptionFactory.Choice("--mode", "batch|online",
        "Kohonen's batch map (default, the fast path) or the online rule", OptionNames.Modes);
    /// <summary><c>--epochs</c>.</summary>
    public Option<int?> Epochs { get; } = OptionFactory.Int("--epochs", "n", "passes over the data (default 10)");
    /// <summary><c>--neighborhood</c>.</summary>
    public Option<NeighborhoodKind?> Neighborhood { get; } = OptionFactory.Choice("--neighborhood", "gaussian|bubble|mexican-hat|triangle",
        "gaussian (default), bubble, mexican-hat, triangle", OptionNames.Neighborhoods);
    /// <summary><c>--compact-support</c>.</summary>
    public Option<double?> CompactSupport { get; } = OptionFactory.Double("--compact-support", "c", "h = 0 beyond C*sigma (default 0 = none)");
    /// <summary><c>--sigma-start</c>.</summary>
    public Option<double?> SigmaStart { get; } = OptionFactory.Double("--sigma-start", "s", "start radius (default max(W,H)/4, at least 1)");
    /// <summary><c>--sigma-end</c>.</summary>
    public Option<double?> SigmaEnd { get; } = OptionFactory.Double("--sigma-end", "s", "end radius (default 0.5)");
    /// <summary><c>--sigma-schedule</c>.</summary>
    public Option<ScheduleKind?> SigmaSchedule { get; } = OptionFactory.Choice("--sigma-schedule", "exponential|linear|inverse",
        "exponential (default), linear, inverse", OptionNames.Schedules);
    /// <summary><c>--rate-start</c>.</summary>
    public Option<double?> RateStart { get; } = OptionFactory.Double("--rate-start", "a",
        "online learning rate at the start (default 0.5; online only: the batch map has no learning rate, it cancels in the division)");
    /// <summary><c>--rate-end</c>.</summary>
    public Option<double?> RateEnd { get; } = OptionFactory.Double("--rate-end", "a", "online learning rate at the end (default 0.01)");
    /// <summary><c>--rate-schedule</c>.</summary>
    public Option<ScheduleKind?> RateSchedule { get; } = OptionFactory.Choice("--rate-schedule", "exponential|linear|inverse",
        "exponential (default), linear, inverse", OptionNames.Schedules);
    /// <summary><c>--metric</c>.</summary>
    public Option<DistanceMetric?> Metric { get; } = OptionFactory.Choice("--metric", "euclidean|cosine",
        "BMU distance: euclidean (default) or cosine", OptionNames.Metrics);
    /// <summary><c>--init</c>.</summary>
    public Option<InitMethod?> Init { get; } = OptionFactory.Choice("--init", "pca|random|samples", "pca (default), random, samples", OptionNames.Inits);
    /// <summary><c>--init-codebook</c>.</summary>
    public Option<string?> InitCodebook { get; } = OptionFactory.Text("--init-codebook", "file",
        "start from this codebook instead of --init: a CSV of W*H rows (unit j = y*W + x) by D columns, no header, values as the data "
        + "after reading (pixels in [0, 1]), or a model file (.som) of the same map and features");
    /// <summary><c>--seed</c>.</summary>
    public Option<ulong?> Seed { get; } = SharedOptions.Seed();
    /// <summary><c>--adjacency</c>.</summary>
    public Option<Adjacency?> Adjacency { get; } = OptionFactory.Choice("--adjacency", "default|8|4|6",
        "topographic-error neighbours: default (8 rect, 6 hex), 8, 4, 6", OptionNames.Adjacencies);
    /// <summary><c>--device</c>.</summary>
    public Option<string?> Device { get; } = SharedOptions.DeviceOrList();
    /// <summary><c>--threads</c>.</summary>
    public Option<int?> Threads { get; } = SharedOptions.Threads();
    /// <summary><c>--cpu-kernel</c>.</summary>
    public Option<KernelIsa?> CpuKernel { get; } = SharedOptions.CpuKernel();
    /// <summary><c>--out</c>.</summary>
    public Option<string?> Out { get; } = SharedOptions.Out("dir", "output folder (default runs/latest)");

    /// <summary><c>--no-report</c>.</summary>
    public Option<bool> NoReport { get; } = new("--no-report") { Description = "skip the pictures (PNGs of prototypes, U-matrix, hits, classes, exemplars) written into --out" };
    /// <summary><c>--checkpoint-every</c>.</summary>
    public Option<int?> CheckpointEvery { get; } = OptionFactory.Int("--checkpoint-every", "k",
        "write DIR/checkpoint.som every K epochs (batch) or K samples (online)", min: 1);
    /// <summary><c>--resume</c>.</summary>
    public Option<string?> Resume { get; } = OptionFactory.Text("--resume", "dir",
        "continue the run whose DIR/checkpoint.som this is (same data and options; --out defaults to DIR)");

    /// <summary><c>--mpi-timeout</c>.</summary>
    public Option<double?> MpiTimeout { get; } = SharedOptions.MpiTimeout();

    /// <summary><c>--animate</c>.</summary>
    public Option<bool> Animate { get; } = new("--animate")
    {
        Description = "write DIR/training.png, the map forming: an animated PNG whose frame 0 is the initial codebook, then one frame per epoch "
            + "(or see --animate-every); written with or without --no-report",
    };
    /// <summary><c>--animate-every</c>.</summary>
    public Option<int?> AnimateEvery { get; } = OptionFactory.Int("--animate-every", "k",
        $"with --animate: a frame every K epochs (batch) or K samples (online), and at the end; default one per epoch; at most {TrainingAnimation.MaxFrames} frames", min: 1);
    /// <summary><c>--animate-view</c>.</summary>
    public Option<AnimationView?> AnimateView { get; } = OptionFactory.Choice("--animate-view", "prototypes|umatrix",
        "with --animate: what a frame shows: prototypes (default for image data) or umatrix (default otherwise)", AnimationViews);

    /// <summary>How <c>--animate-view</c> spells the views.</summary>
    public static readonly IReadOnlyDictionary<string, AnimationView> AnimationViews = new Dictionary<string, AnimationView>
    {
        ["prototypes"] = AnimationView.Prototypes, ["umatrix"] = AnimationView.UMatrix,
    };

    /// <summary>Every option, in the order help lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Data, ImageSize, Colour, Limit, TestLimit, Map, Topology, Toroidal, GridMetric, Mode, Epochs, Neighborhood, CompactSupport,
        SigmaStart, SigmaEnd, SigmaSchedule, RateStart, RateEnd, RateSchedule, Metric, Init, InitCodebook, Seed, Adjacency,
        Device, Threads, CpuKernel, Out, NoReport, Animate, AnimateEvery, AnimateView, CheckpointEvery, Resume, MpiTimeout,
    ];

    /// <summary>The settings <paramref name="r"/> gives, with the core's defaults for what is left out, validated.</summary>
    /// <exception cref="UsageException">An option the core rejects, named by its flag.</exception>
    public TrainSettings Read(ParseResult r)
    {
        var d = new SomOptions();
        var (width, height) = r.GetValue(Map) ?? (d.Width, d.Height);
        var options = new SomOptions
        {
            Width = width,
            Height = height,
            Topology = r.GetValue(Topology) ?? d.Topology,
            Toroidal = r.GetValue(Toroidal),
            GridMetric = r.GetValue(GridMetric) ?? d.GridMetric,
            Neighborhood = r.GetValue(Neighborhood) ?? d.Neighborhood,
            CompactSupport = r.GetValue(CompactSupport) ?? d.CompactSupport,
            Mode = r.GetValue(Mode) ?? d.Mode,
            Epochs = r.GetValue(Epochs) ?? d.Epochs,
            SigmaStart = r.GetValue(SigmaStart),
            SigmaEnd = r.GetValue(SigmaEnd) ?? d.SigmaEnd,
            SigmaSchedule = r.GetValue(SigmaSchedule) ?? d.SigmaSchedule,
            RateStart = r.GetValue(RateStart),
            RateEnd = r.GetValue(RateEnd),
            RateSchedule = r.GetValue(RateSchedule) ?? d.RateSchedule,
            Metric = r.GetValue(Metric) ?? d.Metric,
            Init = r.GetValue(Init) ?? d.Init,
            Seed = r.GetValue(Seed) ?? d.Seed,
            Threads = r.GetValue(Threads) ?? d.Threads,
            Adjacency = r.GetValue(Adjacency) ?? d.Adjacency,
        };
        try
        {
            options.Validate();
        }
        catch (SomOptionException e)
        {
            throw new UsageException(OptionFlags.Describe(e, options));
        }
        string? resume = r.GetValue(Resume);
        bool animate = r.GetValue(Animate);
        int? animateEvery = r.GetValue(AnimateEvery);
        AnimationView? animateView = r.GetValue(AnimateView);
        if (!animate && animateEvery is { } k) throw new UsageException($"--animate-every {k}: expected --animate with it");
        if (!animate && animateView is { } v) throw new UsageException($"--animate-view {Spell(v)}: expected --animate with it");
        string? initCodebook = r.GetValue(InitCodebook);
        if (initCodebook is not null && r.GetValue(Init) is { } init)
            throw new UsageException($"--init {OptionNames.Inits.First(p => p.Value == init).Key} with --init-codebook: expected one of them (the codebook file is the initialisation)");
        if (initCodebook is not null && resume is not null)
            throw new UsageException("--init-codebook with --resume: expected one of them (a resumed run continues from its checkpoint's codebook)");
        if (animate && resume is not null)
            throw new UsageException("--animate with --resume: not supported: the animation would miss the epochs before the checkpoint; train again without --resume");
        return new TrainSettings(
            r.GetValue(Data)!,
            options,
            r.GetValue(Device) ?? "cpu",
            r.GetValue(CpuKernel) ?? KernelIsa.Auto,
            r.GetValue(Out) ?? resume ?? Path.Combine("runs", "latest"),
            r.GetValue(Limit),
            r.GetValue(TestLimit),
            r.GetValue(NoReport),
            r.GetValue(CheckpointEvery),
            resume,
            [.. r.Tokens.Select(t => t.Value)],
            SharedOptions.ReadImages(r, ImageSize, Colour),
            animate ? new AnimationRequest(animateEvery, animateView) : null,
            initCodebook,
            r.GetValue(MpiTimeout));
    }

    /// <summary>How <c>--animate-view</c> spells <paramref name="view"/>.</summary>
    public static string Spell(AnimationView view) => AnimationViews.First(p => p.Value == view).Key;
}
