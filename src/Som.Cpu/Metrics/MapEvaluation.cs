namespace Som;

/// <summary>Every quality measure of a trained map on a training split and, optionally, a test split.</summary>
public sealed record MapEvaluation
{
    /// <summary>QE on the training split.</summary>
    public required double QuantizationError { get; init; }
    /// <summary>TE on the training split.</summary>
    public required double TopographicError { get; init; }
    /// <summary>Adjacency rule of the TE and U-matrix ("8-neighbourhood" …).</summary>
    public required Adjacency Adjacency { get; init; }
    /// <summary>Hits per unit on the training split.</summary>
    public required int[] Hits { get; init; }
    /// <summary>U-matrix.</summary>
    public required double[] UMatrix { get; init; }
    /// <summary>Class purity on the training split (null without labels).</summary>
    public double? Purity { get; init; }
    /// <summary>Unit labels by majority vote on the training split (null without labels).</summary>
    public int[]? UnitLabels { get; init; }
    /// <summary>Labelled-unit accuracy on the training split itself (null without labels).</summary>
    public double? TrainAccuracy { get; init; }
    /// <summary>Labelled-unit accuracy on the test split (null without one).</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>QE on the test split (null without one).</summary>
    public double? TestQuantizationError { get; init; }

    /// <summary>BMU of each training sample.</summary>
    internal int[] TrainBmus { get; init; } = [];

    /// <summary>Evaluates the engine's current codebook: QE, TE and hits on the engine (<see cref="ISomEngine.Measure"/>), the rest from its BMUs.</summary>
    public static MapEvaluation Evaluate(ISomEngine engine, Dataset train, Dataset? test)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(train);
        var weights = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(weights);
        var rule = engine.Options.ResolvedAdjacency;
        var first = new int[train.Count];
        var quality = engine.Measure(train.Samples, rule, first);
        int[]? unitLabels = train.Labels is { } labels ? SomMetrics.UnitLabels(engine.Grid, first, labels) : null;

        double? testAccuracy = null, testQe = null;
        if (test is not null)
        {
            var testBmu = new int[test.Count];
            testQe = engine.Measure(test.Samples, rule, testBmu).QuantizationError;
            if (unitLabels is not null && test.Labels is not null)
                testAccuracy = SomMetrics.LabelledUnitAccuracy(unitLabels, testBmu, test.Labels);
        }
        return new MapEvaluation
        {
            QuantizationError = quality.QuantizationError,
            TopographicError = quality.TopographicError,
            Adjacency = rule,
            Hits = quality.Hits,
            UMatrix = SomMetrics.UMatrix(engine.Grid, weights, engine.Features, rule),
            Purity = train.Labels is { } l ? SomMetrics.Purity(first, l, engine.Options.Units) : null,
            UnitLabels = unitLabels,
            TrainAccuracy = unitLabels is not null ? SomMetrics.LabelledUnitAccuracy(unitLabels, first, train.Labels) : null,
            TestAccuracy = testAccuracy,
            TestQuantizationError = testQe,
            TrainBmus = first,
        };
    }
}
