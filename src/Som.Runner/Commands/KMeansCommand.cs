using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som kmeans</c>: k-means on the same engines as the map (docs/contract.md §13), for one k or a sweep
/// FROM..TO. Prints k, inertia, iterations and seconds per k and writes DIR/kmeans.json; for one k also the centres
/// as DIR/centres.som, a model file of a k × 1 map (each unit's prototype is a centre).
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
        var seed = SharedOptions.Seed();
        var limit = SharedOptions.Limit("use the first N samples only");
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads();
        var cpuKernel = OptionFactory.Choice("--cpu-kernel", "auto|vector512|vector256|scalar",
            "auto (default), vector512, vector256, scalar", OptionNames.CpuKernels);
        var outDir = SharedOptions.Out("dir", "output folder (default runs/kmeans)");
        var command = new Command("kmeans",
            "k-means on the SOM engines (a k×1 map whose neighbourhood is the unit itself): write DIR/kmeans.json, and DIR/centres.som for one k")
        {
            data, imageSize, colour, k, restarts, maxIter, seed, limit, device, threads, cpuKernel, outDir,
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
                SharedOptions.ReadImages(r, imageSize, colour)), context);
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

        var clock = Stopwatch.StartNew();
        var train = DataResolver.Resolve(s.Data, s.Images, context.Warn).Train;
        if (s.Limit is { } n) train = train.Take(n);
        var x = train.Samples;
        progress.Line($"data: {train.Name}, {x.Count} samples × {x.Features} features (loaded in {clock.Elapsed.TotalSeconds:F2} s)");
        if (s.KTo > x.Count)
            throw new UsageException($"--k: {s.KTo} is more than the {x.Count} samples: expected at most {x.Count}");

        var c = CultureInfo.InvariantCulture;
        string? deviceName = null;
        ISomEngine Create(SomOptions options, int features)
        {
            var engine = EngineFactory.Create(s.Device, options with { Threads = s.Threads }, features, s.CpuKernel);
            if (deviceName is null)
            {
                deviceName = engine.DeviceName;
                progress.Line($"device: {deviceName}; k-means++ seed {s.Seed}, {s.Restarts} restart{(s.Restarts == 1 ? "" : "s")}, at most {s.MaxIterations} iterations");
                progress.Line($"{"k",4}  {"inertia",18}  {"iterations",10}  {"seconds",8}");
            }
            return engine;
        }

        var rows = new JsonArray();
        KMeansResult? single = null;
        for (int k = s.KFrom; k <= s.KTo; k++)
        {
            clock.Restart();
            var result = KMeans.Fit(x, k, s.Restarts, s.MaxIterations, s.Seed, Create, s.Threads);
            double seconds = clock.Elapsed.TotalSeconds;
            string note = result.Converged ? "" : "  (not converged)";
            progress.Line(string.Create(c, $"{k,4}  {result.Inertia,18:F4}  {result.Iterations,10}  {seconds,8:F2}{note}"));
            rows.Add(new JsonObject
            {
                ["k"] = k, ["inertia"] = result.Inertia, ["iterations"] = result.Iterations, ["converged"] = result.Converged,
                ["seconds"] = seconds, ["init_seconds"] = result.InitSeconds, ["best_restart"] = result.BestRestart,
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
        var doc = new JsonObject
        {
            ["data"] = train.Name, ["samples"] = x.Count, ["features"] = x.Features, ["device"] = deviceName,
            ["seed"] = s.Seed, ["n_init"] = s.Restarts, ["max_iter"] = s.MaxIterations,
            ["centres"] = centresPath is null ? null : Path.GetFileName(centresPath),
            ["results"] = rows,
        };
        string jsonPath = Path.Combine(s.OutDir, "kmeans.json");
        AtomicFile.WriteAllText(jsonPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        progress.Line(centresPath is null ? $"wrote {jsonPath}" : $"wrote {centresPath} and {jsonPath}");
        return 0;
    }
}
