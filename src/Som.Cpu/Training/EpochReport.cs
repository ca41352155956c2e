namespace Som;

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">0-based epoch index.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Sigma">σ of the epoch (its first step, online).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="UnitsKept">Batch units whose denominator was ≤ 0 (weights kept).</param>
public readonly record struct EpochReport(int Epoch, int Epochs, double Sigma, double Seconds, int UnitsKept)
{
    /// <summary>
    /// Batch epochs: the mean quantization error of the codebook entering the epoch (<see cref="BatchEpochResult.QuantizationError"/>,
    /// docs/contract.md §10). Null for online epochs (the codebook changes after every sample, so no single codebook
    /// meets every sample) and under the cosine metric.
    /// </summary>
    public double? QuantizationError { get; init; }
}
