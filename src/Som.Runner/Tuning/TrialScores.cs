namespace Som.Runner.Tuning;

/// <summary>What a trial's map scores on the validation split (docs/contract.md §10).</summary>
/// <param name="Accuracy">Labelled-unit accuracy (units labelled by majority vote on the trial's training samples), or null without labels.</param>
/// <param name="QuantizationError">Mean distance from a validation sample to its BMU's prototype.</param>
/// <param name="TopographicError">Share of validation samples whose first and second BMU are not adjacent.</param>
internal sealed record TrialScores(double? Accuracy, double QuantizationError, double TopographicError);
