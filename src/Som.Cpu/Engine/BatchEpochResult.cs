namespace Som;

/// <summary>Outcome of one batch epoch.</summary>
/// <param name="UnitsKept">Units whose neighbourhood-weighted hit count was ≤ 0, so their weights were kept.</param>
public readonly record struct BatchEpochResult(int UnitsKept)
{
    /// <summary>
    /// Mean quantization error of the codebook entering the epoch, from the BMU distances the epoch's search already
    /// computed: (1/N)·Σ_i √d_i with d_i the sample's expanded float distance to its BMU (docs/contract.md §10, the
    /// per-epoch QE), added in double in sample order. Null under the cosine metric (its BMU distance is not
    /// Euclidean) and from an engine that does not measure it.
    /// </summary>
    public double? QuantizationError { get; init; }
}
