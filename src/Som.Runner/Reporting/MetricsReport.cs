using System.Globalization;
using System.Text.Json.Nodes;
using Som.Runner.Cli;
using Som.Runner.Commands;

namespace Som.Runner.Reporting;

/// <summary>metrics.json: what a run measured, with the options and device that produced it.</summary>
internal static class MetricsReport
{
    /// <summary>The JSON document of a finished run.</summary>
    public static JsonObject Build(TrainSettings settings, ISomEngine engine, Dataset train, Dataset? test,
        double initialQe, double initSeconds, TrainingReport report, MapEvaluation evaluation, double evalSeconds)
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
            ["seconds_per_epoch"] = seconds,
            ["seconds_total_training"] = Math.Round(report.SecondsPerEpoch.Sum(), 6),
            ["seconds_init"] = Math.Round(initSeconds, 6),
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
