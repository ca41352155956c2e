namespace Som;

/// <summary>The data a run uses: the samples it trains on and, when the source has one, a held-out test set.</summary>
/// <param name="Train">The training samples.</param>
/// <param name="Test">The test samples, or null.</param>
public sealed record DataSplit(Dataset Train, Dataset? Test);
