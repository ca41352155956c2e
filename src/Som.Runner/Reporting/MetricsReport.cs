using System.Globalization;
using System.Text.Json.Nodes;
using Som.Runner.Cli;
using Som.Runner.Commands;

namespace Som.Runner.Reporting;

/// <summary>metrics.json: what a run measured, with the options and device that produced it.</summary>
internal static class MetricsReport
{
    /// <summary>The JSON document of a finished run.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="engine">The engine that trained (its device name is recorded).</param>
    /// <param name="train">Training split.</param>
    /// <param name="test">Test split, or null.</param>
    /// <param name="initialQe">QE of the initial codebook.</param>
    /// <param name="initSeconds">Initialisation time.</param>
    /// <param name="report">The trainer's report.</param>
    /// <param name="epochs">Every epoch: σ, the per-epoch QE, seconds.</param>
    /// <param name="evaluation">The final evaluation.</param>
    /// <param name="testBmus">BMUs of the test split on the final codebook (null without one).</param>
    /// <param name="evalSeconds">Evaluation time.</param>
    public static JsonObject Build(TrainSettings settings, ISomEngine engine, Dataset train, Dataset? test,
        double initialQe, double initSeconds, TrainingReport report, IReadOnlyList<EpochRecord> epochs, MapEvaluation evaluation,
        int[]? testBmus, double evalSeconds) =>
        Build(settings, engine, (train.Name, train.Count, train.Features), test is null ? null : (test.Name, test.Count), initialQe, initSeconds, report,
            epochs, evaluation, PerClass(evaluation, train, test, testBmus), evalSeconds);

    /// <summary>
    /// <see cref="Build(TrainSettings, ISomEngine, Dataset, Dataset?, double, double, TrainingReport, IReadOnlyList{EpochRecord}, MapEvaluation, int[], double)"/>
    /// from what it takes of the data: the splits' names and counts, and the per-class table (<see cref="PerClass(int[], int[,], int[,], string[])"/>).
    /// </summary>
    public static JsonObject Build(TrainSettings settings, ISomEngine engine, (string Name, long Count, int Features) train, (string Name, long Count)? test,
        double initialQe, double initSeconds, TrainingReport report, IReadOnlyList<EpochRecord> epochs, MapEvaluation evaluation,
        JsonArray? perClass, double evalSeconds)
    {
        var seconds = new JsonArray();
        foreach (double s in report.SecondsPerEpoch) seconds.Add(Math.Round(s, 6));
        return new JsonObject
        {
            ["quantization_error"] = evaluation.QuantizationError,
            ["initial_quantization_error"] = initialQe,
            ["topographic_error"] = evaluation.TopographicError,
            ["topographic_adjacency"] = OptionNames.Describe(evaluation.Adjacency),
            ["purity"] = evaluation.Purity,
            ["train_accuracy"] = evaluation.TrainAccuracy,
            ["test_accuracy"] = evaluation.TestAccuracy,
            ["test_quantization_error"] = evaluation.TestQuantizationError,
            ["per_class_accuracy"] = perClass,
            ["epochs"] = new JsonArray([.. epochs.Select(e => (JsonNode)e.ToJson())]),
            ["seconds_per_epoch"] = seconds,
            ["seconds_total_training"] = Math.Round(report.SecondsPerEpoch.Sum(), 6),
            ["seconds_init"] = Math.Round(initSeconds, 6),
            ["init_codebook"] = settings.InitCodebook,
            ["seconds_evaluation"] = Math.Round(evalSeconds, 6),
            ["max_units_kept"] = report.MaxUnitsKept,
            ["device"] = engine.DeviceName,
            ["data"] = new JsonObject
            {
                ["spec"] = settings.Data,
                ["train"] = train.Name,
                ["train_samples"] = train.Count,
                ["features"] = train.Features,
                ["test"] = test?.Name,
                ["test_samples"] = test?.Count,
            },
            ["units_with_hits"] = evaluation.Hits.Count(h => h > 0),
            ["options"] = ModelFile.OptionsToJson(settings.Options),
            ["model_file"] = "model.som",
        };
    }

    /// <summary>
    /// Labelled-unit accuracy per class (docs/contract.md §10): {class, name, train_samples, train_accuracy,
    /// test_samples, test_accuracy} per class, with the units labelled on the training split; null without labels.
    /// </summary>
    public static JsonArray? PerClass(MapEvaluation evaluation, Dataset train, Dataset? test, int[]? testBmus)
    {
        if (evaluation.UnitLabels is not { } unitLabels || train.Labels is not { } labels) return null;
        int classes = Math.Max(train.ClassCount, Math.Max(unitLabels.Max(), test?.Labels is { Length: > 0 } t ? t.Max() : 0) + 1);
        var onTrain = SomMetrics.Confusion(unitLabels, evaluation.TrainBmus, labels, classes);
        var onTest = test?.Labels is { } testLabels && testBmus is not null ? SomMetrics.Confusion(unitLabels, testBmus, testLabels, classes) : null;
        return Rows(onTrain, onTest, classes, train.ClassNames);
    }

    /// <summary>
    /// <see cref="PerClass(MapEvaluation, Dataset, Dataset?, int[])"/> from the class counts n[j, c] of the training split
    /// and of the test split (units × (largest label + 1) of each; the test's null without test labels) and the
    /// training split's class count and names: the confusion matrices follow from the counts and the unit labels alone
    /// (n[t, p] = Σ_j [label_j = p]·n[j, t]), so counts summed over ranks give the one-process table.
    /// </summary>
    public static JsonArray? PerClass(int[]? unitLabels, int[,]? trainClassHits, int trainClassCount, int[,]? testClassHits, string[]? names)
    {
        if (unitLabels is null || trainClassHits is null) return null;
        int testMax = testClassHits is { } h && h.GetLength(1) > 0 ? h.GetLength(1) - 1 : 0;
        int classes = Math.Max(trainClassCount, Math.Max(unitLabels.Max(), testMax) + 1);
        return Rows(Confusion(unitLabels, trainClassHits, classes), testClassHits is null ? null : Confusion(unitLabels, testClassHits, classes), classes, names);
    }

    /// <summary>n[t, p] = Σ_j [unitLabels[j] = p]·hits[j, t] for t, p in 0 … classes − 1, as <see cref="SomMetrics.Confusion"/> counts it sample by sample.</summary>
    private static int[,] Confusion(int[] unitLabels, int[,] hits, int classes)
    {
        var n = new int[classes, classes];
        for (int j = 0; j < unitLabels.Length; j++)
        {
            int predicted = unitLabels[j];
            if ((uint)predicted >= (uint)classes) continue;
            for (int t = 0; t < Math.Min(classes, hits.GetLength(1)); t++) n[t, predicted] += hits[j, t];
        }
        return n;
    }

    private static JsonArray Rows(int[,] onTrain, int[,]? onTest, int classes, string[]? names)
    {
        var rows = new JsonArray();
        for (int c = 0; c < classes; c++)
        {
            var (trainTotal, trainAccuracy) = Row(onTrain, c, classes);
            var row = new JsonObject
            {
                ["class"] = c,
                ["name"] = names is not null && c < names.Length ? names[c] : c.ToString(CultureInfo.InvariantCulture),
                ["train_samples"] = trainTotal,
                ["train_accuracy"] = trainAccuracy,
            };
            if (onTest is not null)
            {
                var (testTotal, testAccuracy) = Row(onTest, c, classes);
                row["test_samples"] = testTotal;
                row["test_accuracy"] = testAccuracy;
            }
            rows.Add(row);
        }
        return rows;
    }

    private static (int Total, double? Accuracy) Row(int[,] confusion, int c, int classes)
    {
        int total = 0;
        for (int p = 0; p < classes; p++) total += confusion[c, p];
        return (total, total > 0 ? (double)confusion[c, c] / total : null);
    }

    /// <summary>
    /// The metrics document of <c>som render</c>'s report: the measures of the map on the data it drew (its
    /// evaluation, units labelled on that data), the device, the options, and the training run's epochs when its
    /// metrics.json was found.
    /// </summary>
    public static JsonObject ForRender(string dataSpec, Dataset data, ISomEngine engine, MapEvaluation evaluation, JsonObject? training)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(evaluation);
        return new JsonObject
        {
            ["quantization_error"] = evaluation.QuantizationError,
            ["topographic_error"] = evaluation.TopographicError,
            ["topographic_adjacency"] = OptionNames.Describe(evaluation.Adjacency),
            ["purity"] = evaluation.Purity,
            ["train_accuracy"] = evaluation.TrainAccuracy,
            ["per_class_accuracy"] = PerClass(evaluation, data, null, null),
            ["epochs"] = training?["epochs"]?.DeepClone(),
            ["training_quantization_error"] = training?["quantization_error"]?.DeepClone(),
            ["training_topographic_error"] = training?["topographic_error"]?.DeepClone(),
            ["device"] = engine.DeviceName,
            ["data"] = new JsonObject { ["spec"] = dataSpec, ["train"] = data.Name, ["train_samples"] = data.Count, ["features"] = data.Features },
            ["units_with_hits"] = evaluation.Hits.Count(h => h > 0),
            ["options"] = ModelFile.OptionsToJson(engine.Options),
        };
    }

    /// <summary>The one-line summary printed at the end of a run.</summary>
    public static string Summary(MapEvaluation e, TrainingReport report)
    {
        var c = CultureInfo.InvariantCulture;
        string s = string.Create(c, $"QE {e.QuantizationError:F4}  TE {e.TopographicError:F4}");
        if (e.Purity is { } p) s += string.Create(c, $"  purity {p:P2}");
        if (e.TestAccuracy is { } a) s += string.Create(c, $"  test accuracy {a:P2}");
        double median = report.SecondsPerEpoch.Order().ElementAt(report.SecondsPerEpoch.Count / 2);
        return s + string.Create(c, $"  ({median:F3} s/epoch median)");
    }
}
