using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som kmeans</c>: k-means on the same engines as the map (docs/contract.md §13), for one k or a sweep
/// FROM..TO. Prints k, inertia, mean silhouette (docs/contract.md §10; exact, or on a seeded subsample), iterations
/// and seconds per k and writes DIR/kmeans.json; for one k also the centres as DIR/centres.som, a model file of a
/// k × 1 map (each unit's prototype is a centre); for a sweep the elbow curve (DIR/elbow.png, inertia vs k) and the
/// silhouette curve (DIR/silhouette.png).
/// </summary>
internal static class KMeansCommand
{
    /// <summary>The <c>kmeans</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var data = SharedOptions.Data("as for train; k-means runs on the training split (fashion-mnist:all = all 70,000 images)");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var k = new Option<(int From, int To)?>("--k")
        {
            HelpName = "k|from..to",
            Description = "clusters: one k (e.g. 10) or a sweep (e.g. 2..20)",
            Required = true,
            CustomParser = r =>
            {
                string v = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                if (ParseK(v) is { } range) return range;
                r.AddError($"--k: '{v}' is not K or FROM..TO with 1 ≤ FROM ≤ TO (e.g. 10 or 2..20)");
                return null;
            },
        };
        var restarts = OptionFactory.Int("--n-init", "n", "k-means++ restarts per k; the lowest inertia is kept (default 1)", 1);
        var maxIter = OptionFactory.Int("--max-iter", "n", $"assignment steps per restart (default {KMeans.DefaultMaxIterations})", 1);
        var silhouetteSample = OptionFactory.Int("--silhouette-sample", "n",
            "compute each k's silhouette on a seeded random subsample of N samples (the same for every k, from --seed) instead of exactly on all", min: 1);
        var seed = SharedOptions.Seed();
        var limit = SharedOptions.Limit("use the first N samples only");
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads();
        var cpuKernel = SharedOptions.CpuKernel();
        var outDir = SharedOptions.Out("dir", "output folder (default runs/kmeans)");
        var command = new Command("kmeans",
            "k-means on the SOM engines (a k×1 map whose neighbourhood is the unit itself): write DIR/kmeans.json, and DIR/centres.som for one k or DIR/elbow.png and DIR/silhouette.png for a sweep")
        {
            data, imageSize, colour, k, restarts, maxIter, silhouetteSample, seed, limit, device, threads, cpuKernel, outDir,
        };
        command.SetAction(r =>
        {
            var (from, to) = r.GetValue(k)!.Value;
            return Run(new KMeansSettings(
                r.GetValue(data)!, from, to,
                r.GetValue(restarts) ?? 1,
                r.GetValue(maxIter) ?? KMeans.DefaultMaxIterations,
                r.GetValue(seed) ?? 1,
                r.GetValue(device) ?? "cpu",
                r.GetValue(cpuKernel) ?? KernelIsa.Auto,
                r.GetValue(threads) ?? 0,
                r.GetValue(outDir) ?? Path.Combine("runs", "kmeans"),
                r.GetValue(limit),
                SharedOptions.ReadImages(r, imageSize, colour),
                r.GetValue(silhouetteSample)), context);
        });
        return command;
    }

    /// <summary>K or FROM..TO with 1 ≤ FROM ≤ TO, or null.</summary>
    internal static (int From, int To)? ParseK(string text)
    {
        string[] parts = text.Split("..");
        if (parts.Length > 2) return null;
        var c = CultureInfo.InvariantCulture;
        if (!int.TryParse(parts[0], NumberStyles.None, c, out int from)) return null;
        int to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, c, out to)) return null;
        return from >= 1 && from <= to ? (from, to) : null;
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(KMeansSettings s, CommandContext context)
    {
        var progress = context.Progress;
        // Before loading or fitting: a run that cannot write its results must not start.
        OutputPlace.EnsureFolder("--out", s.OutDir);
        if (s.Threads < 0) throw new UsageException($"--threads: {s.Threads} is not allowed: expected an integer ≥ 0");
        bool sweep = s.KFrom < s.KTo;
        // The sweep's pictures need the font: a missing one is an error before any work.
        using var fonts = sweep ? RenderFonts.Load() : null;

        var clock = Stopwatch.StartNew();
        var train = DataResolver.Resolve(s.Data, s.Images, context.Warn).Train;
        if (s.Limit is { } n) train = train.Take(n);
        var x = train.Samples;
        progress.Line($"data: {train.Name}, {x.Count} samples × {x.Features} features (loaded in {clock.Elapsed.TotalSeconds:F2} s)");
        if (s.KTo > x.Count)
            throw new UsageException($"--k: {s.KTo} is more than the {x.Count} samples: expected at most {x.Count}");

        var c = CultureInfo.InvariantCulture;
        // One subsample for every k, so that the curve compares the clusterings on the same points.
        int[]? pick = s.SilhouetteSample is { } size && size < x.Count ? ClusteringIndices.Subsample(x.Count, size, s.Seed) : null;
        var silhouetteData = pick is null ? x : ClusteringIndices.Rows(x, pick);
        string silhouetteRule = pick is null
            ? $"exact, on all {x.Count} samples"
            : $"on a seeded subsample of {pick.Length} of the {x.Count} samples (seed {s.Seed})";
        string? deviceName = null;
        ISomEngine Create(SomOptions options, int features)
        {
            var engine = EngineFactory.Create(s.Device, options with { Threads = s.Threads }, features, s.CpuKernel);
            if (deviceName is null)
            {
                deviceName = engine.DeviceName;
                progress.Line($"device: {deviceName}; k-means++ seed {s.Seed}, {s.Restarts} restart{(s.Restarts == 1 ? "" : "s")}, at most {s.MaxIterations} iterations");
                progress.Line($"silhouette: {silhouetteRule}, on the CPU engine's distance kernels");
                progress.Line($"{"k",4}  {"inertia",18}  {"silhouette",10}  {"iterations",10}  {"seconds",8}  {"silhouette s",12}");
            }
            return engine;
        }

        var rows = new JsonArray();
        var curve = new List<(int K, double Inertia, double? Silhouette)>();
        KMeansResult? single = null;
        for (int k = s.KFrom; k <= s.KTo; k++)
        {
            clock.Restart();
            var result = KMeans.Fit(x, k, s.Restarts, s.MaxIterations, s.Seed, Create, s.Threads);
            double seconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            double? silhouette = MeanSilhouette(silhouetteData, pick is null ? result.Labels : [.. pick.Select(i => result.Labels[i])], s);
            double silhouetteSeconds = clock.Elapsed.TotalSeconds;
            string note = result.Converged ? "" : "  (not converged)";
            string shown = silhouette is { } sv ? sv.ToString("F4", c) : "n/a";
            progress.Line(string.Create(c, $"{k,4}  {result.Inertia,18:F4}  {shown,10}  {result.Iterations,10}  {seconds,8:F2}  {silhouetteSeconds,12:F2}{note}"));
            curve.Add((k, result.Inertia, silhouette));
            rows.Add(new JsonObject
            {
                ["k"] = k, ["inertia"] = result.Inertia, ["silhouette"] = silhouette, ["iterations"] = result.Iterations, ["converged"] = result.Converged,
                ["seconds"] = seconds, ["silhouette_seconds"] = silhouetteSeconds, ["init_seconds"] = result.InitSeconds, ["best_restart"] = result.BestRestart,
                ["restart_inertias"] = new JsonArray([.. result.RestartInertias.Select(v => JsonValue.Create(v))]),
                ["sizes"] = new JsonArray([.. result.Sizes().Select(v => JsonValue.Create(v))]),
            });
            if (s.KFrom == s.KTo) single = result;
        }

        Directory.CreateDirectory(s.OutDir);
        string? centresPath = null;
        if (single is not null)
        {
            centresPath = Path.Combine(s.OutDir, "centres.som");
            var options = KMeans.EngineOptions(single.K) with { Seed = s.Seed };
            ModelFile.Save(new SomModel(options, x.Features, single.Centres, train.Image, single.Iterations), centresPath);
        }
        var pictures = new JsonArray();
        if (fonts is not null)
        {
            foreach (string picture in Curves(fonts, curve, train.Name, x, s, silhouetteRule))
            {
                pictures.Add(Path.GetFileName(picture));
                progress.Line($"wrote {picture}");
            }
        }
        var doc = new JsonObject
        {
            ["data"] = train.Name, ["samples"] = x.Count, ["features"] = x.Features, ["device"] = deviceName,
            ["seed"] = s.Seed, ["n_init"] = s.Restarts, ["max_iter"] = s.MaxIterations,
            ["silhouette_sample"] = pick?.Length, ["silhouette_seed"] = pick is null ? null : s.Seed,
            ["centres"] = centresPath is null ? null : Path.GetFileName(centresPath),
            ["pictures"] = pictures,
            ["results"] = rows,
        };
        string jsonPath = Path.Combine(s.OutDir, "kmeans.json");
        AtomicFile.WriteAllText(jsonPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        progress.Line(centresPath is null ? $"wrote {jsonPath}" : $"wrote {centresPath} and {jsonPath}");
        return 0;
    }

    /// <summary>
    /// The mean silhouette of the clustering <paramref name="labels"/> of <paramref name="data"/>, or null when it has
    /// fewer than 2 or more than N − 1 non-empty clusters (the silhouette is not defined there).
    /// </summary>
    private static double? MeanSilhouette(SampleMatrix data, int[] labels, KMeansSettings s)
    {
        int clusters = ClusterAssignment.Of(labels, data.Count).Count;
        return clusters >= 2 && clusters <= data.Count - 1 ? Silhouette.Score(data, labels, s.CpuKernel, s.Threads) : null;
    }

    /// <summary>The sweep's elbow curve (inertia vs k) and silhouette curve (mean silhouette vs k, when any k has one).</summary>
    private static IEnumerable<string> Curves(RenderFonts fonts, List<(int K, double Inertia, double? Silhouette)> curve, string name,
        SampleMatrix x, KMeansSettings s, string silhouetteRule)
    {
        string starts = s.Restarts == 1 ? "one k-means++ start" : $"the best of {s.Restarts} k-means++ starts";
        string elbow = Path.Combine(s.OutDir, "elbow.png");
        CurveChart.Draw(fonts, $"k-means elbow: inertia vs k ({name})",
            $"{x.Count} samples × {x.Features} features; {starts} per k (seed {s.Seed}); inertia = Σ ‖x − nearest centre‖²",
            "k (clusters)", "inertia", [.. curve.Select(p => (p.K, (double?)p.Inertia))], elbow);
        yield return elbow;
        if (curve.All(p => p.Silhouette is null)) yield break;
        var best = curve.Where(p => p.Silhouette is not null).MaxBy(p => p.Silhouette!.Value);
        string path = Path.Combine(s.OutDir, "silhouette.png");
        CurveChart.Draw(fonts, $"k-means silhouette vs k ({name})",
            string.Create(CultureInfo.InvariantCulture, $"mean silhouette {silhouetteRule}; highest at k = {best.K} ({best.Silhouette:F4})"),
            "k (clusters)", "mean silhouette", [.. curve.Select(p => (p.K, p.Silhouette))], path);
        yield return path;
    }
}
