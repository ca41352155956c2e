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
/// <c>som evaluate MODEL --data SPEC</c>: QE, TE, hits, purity, labelled-unit accuracy with per-class accuracy and
/// the confusion matrix, and the clustering indices at level 1 and, for each clustering of the units stored in the
/// model (<c>som cluster</c>), levels 2 and 3, printed as a table and written to
/// evaluation.json (atomically).
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The <c>evaluate</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var model = new Argument<string>("model") { Description = "the model file (model.som from som train)" };
        var data = SharedOptions.Data("the data to evaluate: the test split when it has one (fashion-mnist: the 10,000 test images), "
            + "else its only set; same forms as som train --data");
        var labelsFrom = OptionFactory.Text("--labels-from", "spec",
            "label the units by majority vote on this data's training split (default: --data's training split when it has a test split, else the evaluated data itself)");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var limit = SharedOptions.Limit("evaluate the first N samples only");
        var sample = OptionFactory.Int("--silhouette-sample", "n",
            "compute the silhouette on a random subsample of N points (seeded by --seed) instead of exactly on all", min: 1);
        var seed = SharedOptions.Seed();
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads();
        var output = SharedOptions.Out("file", "where to write the JSON (default evaluation.json beside the model)");
        var command = new Command("evaluate", "Measure a trained map on data: QE, TE, hits, purity, accuracy, confusion matrix, clustering indices");
        command.Arguments.Add(model);
        foreach (var option in new Option[] { data, imageSize, colour, labelsFrom, limit, sample, seed, device, threads, output }) command.Options.Add(option);
        command.SetAction(r => Run(context, r.GetValue(model)!, r.GetValue(data)!, r.GetValue(labelsFrom), r.GetValue(limit),
            r.GetValue(sample), r.GetValue(seed) ?? 1, r.GetValue(device) ?? "cpu", r.GetValue(threads) ?? 0, r.GetValue(output),
            SharedOptions.ReadImages(r, imageSize, colour)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CommandContext context, string modelPath, string dataSpec, string? labelsSpec, int? limit,
        int? silhouetteSample, ulong seed, string device, int threads, string? outPath, ImageLoadOptions? images = null)
    {
        var p = context.Progress;
        string jsonPath = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", "evaluation.json");
        OutputPlace.EnsureFile("--out", jsonPath);
        if (threads < 0) throw new UsageException($"--threads: {threads} is out of range: expected 0 (all cores) or more");

        var clock = Stopwatch.StartNew();
        using var inputs = MapInputs.Load(modelPath, dataSpec, labelsSpec, limit, device, images, context.Warn);
        var engine = inputs.Engine;
        var data = inputs.Data;
        var o = inputs.Model.Options;
        var c = CultureInfo.InvariantCulture;
        p.Line($"model: {modelPath}, {o.Width}x{o.Height} {(o.Topology == Topology.Hexagonal ? "hex" : "rect")}{(o.Toroidal ? " torus" : "")}, {inputs.Model.Features} features");
        p.Line($"data: {data.Name}, {data.Count} samples; device: {engine.DeviceName}");

        var rule = o.ResolvedAdjacency;
        var bmu = new int[data.Count];
        var quality = engine.Measure(data.Samples, rule, bmu);
        int[] hits = quality.Hits;
        int hitUnits = hits.Count(h => h > 0);
        int[] unitLabels = inputs.UnitLabels() ?? [];
        double measureSeconds = clock.Elapsed.TotalSeconds;

        var table = new List<(string, string)>
        {
            ("quantization error", quality.QuantizationError.ToString("F4", c)),
            ("topographic error", string.Create(c, $"{quality.TopographicError:F4} ({OptionNames.Describe(rule)})")),
            ("hits", string.Create(c, $"{hitUnits} of {o.Units} units hit, {o.Units - hitUnits} empty, max {hits.Max()}, mean {(double)data.Count / Math.Max(1, hitUnits):F1} per hit unit")),
        };
        var json = new JsonObject
        {
            ["model"] = modelPath,
            ["data"] = new JsonObject { ["spec"] = dataSpec, ["name"] = data.Name, ["samples"] = data.Count, ["features"] = data.Features },
            ["device"] = engine.DeviceName,
            ["quantization_error"] = quality.QuantizationError,
            ["topographic_error"] = quality.TopographicError,
            ["topographic_adjacency"] = OptionNames.Describe(rule),
            ["hits"] = new JsonObject
            {
                ["units"] = o.Units,
                ["units_with_hits"] = hitUnits,
                ["empty_units"] = o.Units - hitUnits,
                ["max"] = hits.Max(),
                ["mean_per_hit_unit"] = (double)data.Count / Math.Max(1, hitUnits),
                ["per_unit"] = new JsonArray([.. hits.Select(h => (JsonNode)h)]),
            },
            ["labels_from"] = inputs.LabelsFrom,
        };

        string[]? confusionLines = null;
        if (data.Labels is { } labels)
        {
            double purity = SomMetrics.Purity(bmu, labels, o.Units);
            table.Add(("purity", purity.ToString("P2", c)));
            json["purity"] = purity;
        }
        if (data.Labels is { } truth && unitLabels.Length > 0)
        {
            int classes = Math.Max(Math.Max(truth.Max(), unitLabels.Max()) + 1, inputs.ClassNames?.Count ?? 0);
            string Name(int k) => inputs.ClassNames is { } names && k < names.Count ? names[k] : k.ToString(c);
            double accuracy = SomMetrics.LabelledUnitAccuracy(unitLabels, bmu, truth);
            int[,] confusion = SomMetrics.Confusion(unitLabels, bmu, truth, classes);
            table.Add(("labelled-unit accuracy", string.Create(c, $"{accuracy:P2} (units labelled on {inputs.LabelsFrom})")));
            var perClass = new JsonArray();
            var rows = new JsonArray();
            var classNames = new JsonArray();
            for (int t = 0; t < classes; t++)
            {
                int total = 0;
                for (int q = 0; q < classes; q++) total += confusion[t, q];
                double? classAccuracy = total > 0 ? (double)confusion[t, t] / total : null;
                perClass.Add(new JsonObject { ["class"] = t, ["name"] = Name(t), ["samples"] = total, ["accuracy"] = classAccuracy });
                rows.Add(new JsonArray([.. Enumerable.Range(0, classes).Select(q => (JsonNode)confusion[t, q])]));
                classNames.Add(Name(t));
                table.Add(($"  accuracy of {Name(t)}", classAccuracy is { } a ? string.Create(c, $"{a:P2} of {total}") : "no samples"));
            }
            json["accuracy"] = accuracy;
            json["per_class_accuracy"] = perClass;
            json["confusion_matrix"] = new JsonObject { ["rows"] = "true class", ["columns"] = "label of the BMU", ["classes"] = classNames, ["counts"] = rows };
            confusionLines = ConfusionTable(confusion, classes, Name);
        }

        clock.Restart();
        var weights = new float[o.Units * inputs.Model.Features];
        engine.GetWeights(weights);
        var levels = ClusteringIndices.AtLevels(data.Samples, bmu, weights, null, silhouetteSample, seed, KernelIsa.Auto, threads)
            .Select(l => (Level: l, Clustering: (UnitClustering?)null)).ToList();
        foreach (var unitClustering in inputs.Model.Clusterings)
        {
            foreach (var level in ClusteringIndices.ByUnitCluster(data.Samples, bmu, weights, unitClustering.Clusters, silhouetteSample, seed, KernelIsa.Auto, threads))
                levels.Add((level, unitClustering));
        }
        double clusteringSeconds = clock.Elapsed.TotalSeconds;
        var clustering = new JsonArray();
        foreach (var (level, of) in levels)
        {
            string sil = level.Silhouette is { } s
                ? s.ToString("F4", c) + (level.SilhouetteSample is { } m ? $" (on a seeded subsample of {m})" : " (exact)")
                : "undefined";
            string title = of is null ? $"level {level.Number}: {level.Name}" : $"level {level.Number} ({of.Name}): {level.Name}";
            table.Add((title, level.Undefined is { } why && level.DaviesBouldin is null
                ? $"undefined: {why}"
                : string.Create(c, $"{level.Clusters} clusters; silhouette {sil}, Davies–Bouldin {level.DaviesBouldin:F4}, Calinski–Harabasz {level.CalinskiHarabasz:F1}")));
            clustering.Add(new JsonObject
            {
                ["level"] = level.Number,
                ["name"] = level.Name,
                ["unit_clustering"] = of?.Name,
                ["method"] = of?.Method,
                ["k"] = of?.K,
                ["points"] = level.Points,
                ["clusters"] = level.Clusters,
                ["silhouette"] = level.Silhouette,
                ["silhouette_sample"] = level.SilhouetteSample,
                ["silhouette_seed"] = level.SilhouetteSample is null ? null : seed,
                ["davies_bouldin"] = level.DaviesBouldin,
                ["calinski_harabasz"] = level.CalinskiHarabasz,
                ["undefined"] = level.Undefined,
            });
        }
        const string Missing = "not available: levels 2 (samples by cluster of BMU) and 3 (prototypes by unit cluster) need a clustering of the units, which this model does not have";
        if (inputs.Model.Clusterings.Count == 0) table.Add(("levels 2 and 3", Missing + " (som cluster adds one)"));
        json["clustering"] = clustering;
        json["clustering_note"] = (inputs.Model.Clusterings.Count == 0
            ? Missing
            : "levels 2 and 3 for each clustering of the units stored in the model (unit_clustering names it)") + "; empty units are not clusters";
        json["seconds"] = new JsonObject { ["load_and_measure"] = Math.Round(measureSeconds, 6), ["clustering_indices"] = Math.Round(clusteringSeconds, 6) };

        int width = table.Max(r => r.Item1.Length);
        foreach (var (name, value) in table) p.Line($"{name.PadRight(width)}  {value}");
        if (confusionLines is not null)
        {
            p.Line("confusion matrix (rows: true class, columns: label of the BMU):");
            foreach (string line in confusionLines) p.Line(line);
        }
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        AtomicFile.WriteAllText(jsonPath, json.ToJsonString(options) + "\n");
        p.Line($"wrote {jsonPath}");
        return 0;
    }

    private static string[] ConfusionTable(int[,] n, int classes, Func<int, string> name)
    {
        int cell = Math.Max(6, n.Cast<int>().Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        int label = Enumerable.Range(0, classes).Max(k => name(k).Length);
        var lines = new List<string> { new string(' ', label) + string.Concat(Enumerable.Range(0, classes).Select(k => k.ToString(CultureInfo.InvariantCulture).PadLeft(cell))) };
        for (int t = 0; t < classes; t++)
            lines.Add($"{name(t).PadRight(label)}{string.Concat(Enumerable.Range(0, classes).Select(q => n[t, q].ToString(CultureInfo.InvariantCulture).PadLeft(cell)))}  ({t})");
        return [.. lines];
    }
}
