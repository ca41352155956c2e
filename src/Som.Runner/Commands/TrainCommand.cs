using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Runner.Cli;
using Som.Runner.Rendering;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary><c>som train</c>: load, initialise, train with progress, evaluate, write the model and metrics.json.</summary>
internal static class TrainCommand
{
    /// <summary>The <c>train</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train a self-organizing map, evaluate it and write DIR/model.som, DIR/metrics.json and the pictures (DIR/*.png)");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(r => Run(options.Read(r), context));
        return command;
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(TrainSettings settings, CommandContext context)
    {
        var progress = context.Progress;
        // Before loading or training: a run that cannot write its results must not start.
        OutputPlace.EnsureFolder("--out", settings.OutDir);
        using var fonts = settings.NoReport ? null : RenderFonts.Load();
        progress.Flush();
        context.Warn(settings.Options.Warnings().Select(OptionFlags.Describe));

        var clock = Stopwatch.StartNew();
        var split = DataSource.Resolve(settings.Data);
        var train = settings.Limit is { } n ? split.Train.Take(n) : split.Train;
        var test = split.Test is { } t && settings.TestLimit is { } tn ? t.Take(tn) : split.Test;
        progress.Line($"data: {train.Name}, {train.Count} training samples × {train.Features} features"
            + (test is null ? "" : $", {test.Count} test samples") + $" (loaded in {clock.Elapsed.TotalSeconds:F2} s)");

        var options = settings.Options;
        using var engine = EngineFactory.Create(settings.Device, options, train.Features, settings.CpuKernel);
        progress.Line($"device: {engine.DeviceName}");
        progress.Line($"map: {options.Width}x{options.Height} {Describe(options)}, {options.Epochs} epochs, seed {options.Seed}");

        clock.Restart();
        SomTrainer.Initialize(engine, train.Samples);
        double initSeconds = clock.Elapsed.TotalSeconds;
        double initialQe = engine.Measure(train.Samples, options.ResolvedAdjacency, new int[train.Count]).QuantizationError;
        progress.Line($"init: {options.Init.ToString().ToLowerInvariant()} in {initSeconds:F2} s, QE {initialQe:F4}");

        var report = SomTrainer.Train(engine, train.Samples, progress.Epoch);
        if (report.MaxUnitsKept > options.Units / 10)
            progress.Line($"warning: up to {report.MaxUnitsKept} of {options.Units} units had a non-positive denominator in an epoch and kept their weights");

        clock.Restart();
        var evaluation = MapEvaluation.Evaluate(engine, train, test);
        double evalSeconds = clock.Elapsed.TotalSeconds;

        var weights = new float[options.Units * engine.Features];
        engine.GetWeights(weights);
        var model = new SomModel(options, engine.Features, weights, train.Image, options.Epochs);
        Directory.CreateDirectory(settings.OutDir);
        string modelPath = Path.Combine(settings.OutDir, "model.som");
        ModelFile.Save(model, modelPath);
        var metrics = MetricsReport.Build(settings, engine, train, test, initialQe, initSeconds, report, evaluation, evalSeconds);
        string metricsPath = Path.Combine(settings.OutDir, "metrics.json");
        var json = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        AtomicFile.WriteAllText(metricsPath, metrics.ToJsonString(json) + "\n");

        progress.Line(MetricsReport.Summary(evaluation, report));
        progress.Line($"wrote {modelPath} and {metricsPath}");
        if (fonts is not null)
        {
            clock.Restart();
            var bmu = new int[train.Count];
            engine.Measure(train.Samples, options.ResolvedAdjacency, bmu);
            var pictures = MapReport.Write(fonts, model, train, bmu, settings.OutDir, HitScale.Linear);
            progress.Line($"wrote {string.Join(", ", pictures.Select(p => Path.GetFileName(p.Path)))} in {clock.Elapsed.TotalSeconds:F2} s (--no-report skips them)");
        }
        return 0;
    }

    private static string Describe(SomOptions o) =>
        $"{(o.Topology == Topology.Hexagonal ? "hex" : "rect")}{(o.Toroidal ? " torus" : "")}, {o.Mode.ToString().ToLowerInvariant()}, "
        + $"{o.Neighborhood.ToString().ToLowerInvariant()}, {o.Metric.ToString().ToLowerInvariant()}";
}
