using System.Diagnostics;

namespace Som.Runner.Tuning;

/// <summary>One trial of <c>som tune</c>: initialise and train a map on the engine, then score it on the validation split.</summary>
internal static class TrialRunner
{
    /// <summary>
    /// Initialises the engine's codebook from <paramref name="train"/> (the engine's options), trains all epochs on it,
    /// labels each unit by majority vote of <paramref name="train"/>'s labels (docs/contract.md §10), and scores the map
    /// on <paramref name="validation"/>: labelled-unit accuracy, QE and TE. Returns the scores and the seconds of the
    /// training epochs.
    /// </summary>
    public static (TrialScores Scores, double TrainSeconds) Run(ISomEngine engine, Dataset train, Dataset validation)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        SomTrainer.Initialize(engine, train.Samples);
        var clock = Stopwatch.StartNew();
        SomTrainer.Train(engine, train.Samples);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var first = new int[validation.Count];
        var quality = engine.Measure(validation.Samples, engine.Options.ResolvedAdjacency, first);
        double? accuracy = null;
        if (train.Labels is { } labels && validation.Labels is { } truth)
        {
            var bmus = new int[train.Count];
            engine.FindBmus(train.Samples, bmus, []);
            var unitLabels = SomMetrics.UnitLabels(engine.Grid, bmus, labels);
            accuracy = SomMetrics.LabelledUnitAccuracy(unitLabels, first, truth);
        }
        return (new TrialScores(accuracy, quality.QuantizationError, quality.TopographicError), trainSeconds);
    }
}
