using Som.Cpu;
using Som.Runner.Cli;

namespace Som.Runner.Commands;

/// <summary>Everything <c>som train</c> was asked to do, parsed and checked.</summary>
internal sealed record TrainSettings(
    string Data,
    SomOptions Options,
    string Device,
    KernelIsa CpuKernel,
    string OutDir,
    int? Limit,
    int? TestLimit)
{
    /// <summary>Options that take no value.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "toroidal", "help" };

    /// <summary>The devices <c>--device</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Devices = ["cpu", "auto", "ilgpu-cpu", "opencl", "cuda"];

    /// <summary>Parses the arguments after <c>train</c>.</summary>
    public static TrainSettings Parse(ArgumentReader args)
    {
        string data = args.String("data") ?? throw new UsageException("--data is required (fashion-mnist, fashion-mnist:all, or a path to IDX/CSV files)");
        var (width, height) = ParseMap(args.String("map"));
        var d = new SomOptions();
        var options = new SomOptions
        {
            Width = width,
            Height = height,
            Topology = args.Choice("topology", OptionNames.Topologies) ?? d.Topology,
            Toroidal = args.Flag("toroidal"),
            GridMetric = args.Choice("grid-metric", OptionNames.GridMetrics) ?? d.GridMetric,
            Neighborhood = args.Choice("neighborhood", OptionNames.Neighborhoods) ?? d.Neighborhood,
            CompactSupport = args.Double("compact-support") ?? d.CompactSupport,
            Mode = args.Choice("mode", OptionNames.Modes) ?? d.Mode,
            Epochs = args.Int("epochs") ?? d.Epochs,
            SigmaStart = args.Double("sigma-start"),
            SigmaEnd = args.Double("sigma-end") ?? d.SigmaEnd,
            SigmaSchedule = args.Choice("sigma-schedule", OptionNames.Schedules) ?? d.SigmaSchedule,
            RateStart = args.Double("rate-start"),
            RateEnd = args.Double("rate-end"),
            RateSchedule = args.Choice("rate-schedule", OptionNames.Schedules) ?? d.RateSchedule,
            Metric = args.Choice("metric", OptionNames.Metrics) ?? d.Metric,
            Init = args.Choice("init", OptionNames.Inits) ?? d.Init,
            Seed = args.UInt64("seed") ?? d.Seed,
            Threads = args.Int("threads") ?? d.Threads,
            Adjacency = args.Choice("adjacency", OptionNames.Adjacencies) ?? d.Adjacency,
        };
        options.Validate();
        string device = (args.String("device") ?? "cpu").ToLowerInvariant();
        if (!Devices.Contains(device))
            throw new UsageException($"--device: '{device}' is not one of {string.Join(", ", Devices)}");
        var kernel = args.Choice("cpu-kernel", OptionNames.CpuKernels) ?? KernelIsa.Auto;
        string outDir = args.String("out") ?? Path.Combine("runs", "latest");
        int? limit = args.Int("limit", 1);
        int? testLimit = args.Int("test-limit", 1);
        return new TrainSettings(data, options, device, kernel, outDir, limit, testLimit);
    }

    /// <summary>Parses <c>WxH</c> (e.g. 32x32, 100x1).</summary>
    public static (int Width, int Height) ParseMap(string? map) => ParseMap(map, "map");

    /// <summary>Parses <c>WxH</c>; errors name <c>--<paramref name="option"/></c>.</summary>
    public static (int Width, int Height) ParseMap(string? map, string option)
    {
        if (map is null) return (SomOptions.Defaults.Width, SomOptions.Defaults.Height);
        string[] parts = map.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w >= 1 && h >= 1)
            return (w, h);
        throw new UsageException($"--{option}: '{map}' is not WIDTHxHEIGHT with both at least 1 (e.g. 32x32, or 100x1 for a 1-D map)");
    }

    /// <summary>The help text of <c>som train</c>.</summary>
    public const string Help = """
        som train --data SPEC [options]

        Trains a self-organizing map, evaluates it and writes DIR/model.som and DIR/metrics.json.

        Data
          --data SPEC            fashion-mnist (train on 60,000, evaluate on the 10,000 test images),
                                 fashion-mnist:all (train on all 70,000), mnist, mnist:all,
                                 a folder of IDX files, an IDX images file, a CSV file (label first,
                                 header row), or TRAIN.csv,TEST.csv
          --limit N              train on the first N samples only
          --test-limit N         evaluate on the first N test samples only
        Map
          --map WxH              map size (default 32x32; 100x1 is a 1-D map)
          --topology rect|hex    lattice (default rect)
          --toroidal             wrap both axes (a hexagonal torus needs an even height)
          --grid-metric M        euclidean (default), manhattan, chebyshev (rect only)
        Training
          --mode batch|online    Kohonen's batch map (default, the fast path) or the online rule
          --epochs N             passes over the data (default 10)
          --neighborhood N       gaussian (default), bubble, mexican-hat, triangle
          --compact-support C    h = 0 beyond C*sigma (default 0 = none)
          --sigma-start S        start radius (default max(W,H)/4, at least 1)
          --sigma-end S          end radius (default 0.5)
          --sigma-schedule K     exponential (default), linear, inverse
          --rate-start A         online learning rate at the start (default 0.5; online only:
                                 the batch map has no learning rate, it cancels in the division)
          --rate-end A           online learning rate at the end (default 0.01)
          --rate-schedule K      exponential (default), linear, inverse
          --metric M             BMU distance: euclidean (default) or cosine
          --init I               pca (default), random, samples
          --seed N               seed of every random choice (default 1)
        Evaluation
          --adjacency R          topographic-error neighbours: default (8 rect, 6 hex), 8, 4, 6
        Engine
          --device D             cpu (default); cuda, opencl or ilgpu-cpu (the GPU engine on that ILGPU
                                 accelerator; ilgpu-cpu is for checking, thousands of times slower);
                                 auto (CUDA, else OpenCL, else the CPU engine)
          --threads N            CPU threads (default 0 = all cores); results do not depend on it
          --cpu-kernel K         auto (default), vector512, vector256, scalar
        Output
          --out DIR              output folder (default runs/latest)
        """;
}
