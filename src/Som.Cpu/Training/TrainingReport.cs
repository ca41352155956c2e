namespace Som;

/// <summary>A finished run.</summary>
/// <param name="SecondsPerEpoch">Wall time of each epoch.</param>
/// <param name="MaxUnitsKept">Most units kept in one batch epoch because their denominator was ≤ 0.</param>
public sealed record TrainingReport(IReadOnlyList<double> SecondsPerEpoch, int MaxUnitsKept);
