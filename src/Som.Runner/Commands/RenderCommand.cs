using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary><c>som render MODEL --data SPEC --out DIR</c>: the pictures of a trained map, as PNGs, and report.html.</summary>
internal static class RenderCommand
{
    /// <summary>The choices of <c>--hit-scale</c>.</summary>
    public static readonly IReadOnlyDictionary<string, HitScale> HitScales = new Dictionary<string, HitScale>
    {
        ["linear"] = HitScale.Linear, ["log"] = HitScale.Log,
    };

    /// <summary>The <c>render</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var model = new Argument<string>("model") { Description = "a model file written by som train (model.som)" };
        var data = SharedOptions.Data("the data whose hits, classes and exemplars are drawn (the training part of the spec; "
            + "the forms som train takes): fashion-mnist, fashion-mnist:test, a CSV file, …");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var limit = SharedOptions.Limit("use the first N samples only");
        var hitScale = OptionFactory.Choice("--hit-scale", "linear|log", "colour of the hit map: linear (default) or log", HitScales);
        var device = SharedOptions.Device("where the BMU pass runs: cpu (default), cuda, opencl, ilgpu-cpu, auto");
        var threads = SharedOptions.Threads();
        var output = SharedOptions.Out("dir", "folder for the PNGs and report.html (default: the model's folder)");
        var command = new Command("render", "Draw a trained map's pictures as PNGs (prototypes or component planes, U-matrix, hits, classes, exemplars, PCA and t-SNE views, curves) and report.html")
        {
            model, data, imageSize, colour, limit, hitScale, device, threads, output,
        };
        command.SetAction(r =>
        {
            string path = r.GetValue(model)!;
            return Run(path, r.GetValue(data)!, r.GetValue(limit), r.GetValue(hitScale) ?? HitScale.Linear, r.GetValue(device) ?? "cpu",
                r.GetValue(threads) ?? 0, r.GetValue(output) ?? (Path.GetDirectoryName(Path.GetFullPath(path)) ?? "."), context,
                SharedOptions.ReadImages(r, imageSize, colour));
        });
        return command;
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string modelPath, string dataSpec, int? limit, HitScale hitScale, string device, int threads, string outDir, CommandContext context,
        ImageLoadOptions? images = null)
    {
        var progress = context.Progress;
        OutputPlace.EnsureFolder("--out", outDir);
        // Everything that can fail on input is checked before the first file is written.
        using var fonts = RenderFonts.Load();
        var loaded = ModelFile.Load(modelPath);
        var options = loaded.Options;
        if (threads != 0) options = options with { Threads = threads };
        var model = new SomModel(options, loaded.Features, loaded.Weights, loaded.Image, loaded.EpochsTrained);
        var split = DataResolver.Resolve(dataSpec, MapInputs.ImagesAsTrained(loaded, dataSpec, images), context.Warn);
        var train = limit is { } n ? split.Train.Take(n) : split.Train;
        if (train.Features != model.Features)
            throw new UsageException($"--data {dataSpec}: {train.Features} features per sample: expected {model.Features} as in the model {modelPath}");
        if (model.Image is { } image && train.Image is { } dataImage && image != dataImage)
            throw new UsageException($"--data {dataSpec}: images are {dataImage}: expected {image} as in the model {modelPath}");

        // The training run's metrics.json beside the model, when there is one, gives the per-epoch curve.
        var training = TrainingMetrics(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", "metrics.json"));

        var clock = Stopwatch.StartNew();
        int[] bmu;
        JsonObject metrics;
        using (var engine = EngineFactory.Create(device, model.Options, model.Features, KernelIsa.Auto))
        {
            engine.SetWeights(model.Weights);
            var evaluation = MapEvaluation.Evaluate(engine, train, null);
            bmu = evaluation.TrainBmus;
            metrics = MetricsReport.ForRender(dataSpec, train, engine, evaluation, training);
        }
        double bmuSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var pictures = MapReport.Write(fonts, model, train, bmu, outDir, hitScale, progress.Line).Select(p => p.Path).ToList();
        double drawSeconds = clock.Elapsed.TotalSeconds;
        if (EpochRecord.FromJson(metrics["epochs"]) is { Count: > 0 } epochs)
        {
            pictures.Add(TrainingCurves.Draw(fonts, epochs, (double?)training?["quantization_error"], (double?)training?["topographic_error"],
                (string?)training?["topographic_adjacency"] ?? "", Path.Combine(outDir, "curves.png")).Path);
        }
        pictures.Add(HtmlReport.Write(outDir, metrics, $"SOM report: {options.Width}x{options.Height} map on {train.Name}",
            $"som render of {Path.GetFileName(modelPath)}, {train.Count} samples of {dataSpec}: the measures are of the map on these samples"
            + (training is null ? "" : "; the per-epoch curve is the training run's (its metrics.json)")));
        progress.Line($"render: {train.Count} samples, {options.Width}x{options.Height} map: BMU pass {bmuSeconds:F2} s, drawing {drawSeconds:F2} s, "
            + $"curves and report {clock.Elapsed.TotalSeconds - drawSeconds:F2} s");
        foreach (string picture in pictures) progress.Line($"wrote {picture}");
        return 0;
    }

    /// <summary>The training run's metrics document at <paramref name="path"/>, or null when it is missing or not JSON.</summary>
    private static JsonObject? TrainingMetrics(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
