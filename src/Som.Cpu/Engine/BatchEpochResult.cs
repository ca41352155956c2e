namespace Som;

/// <summary>Outcome of one batch epoch.</summary>
/// <param name="UnitsKept">Units whose neighbourhood-weighted hit count was ≤ 0, so their weights were kept.</param>
public readonly record struct BatchEpochResult(int UnitsKept);
