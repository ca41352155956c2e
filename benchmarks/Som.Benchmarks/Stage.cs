namespace Som.Benchmarks;

/// <summary>The stages the per-stage benchmarks time; <see cref="StageCostModel"/> gives each one's FLOPs and bytes.</summary>
public enum Stage
{
    /// <summary>The fused distance + first-BMU search of N samples against M units (on a GPU: the samples resident on the device, the BMUs copied back).</summary>
    DistanceBmu,
    /// <summary>The per-unit sums S_k and counts C_k of N samples, in double.</summary>
    Accumulate,
    /// <summary>The two 1-D Gaussian passes of the batch smoothing on a rectangular map, then the division.</summary>
    SmoothSeparable,
    /// <summary>The dense batch smoothing (every unit against every hit unit) on a hexagonal map, then the division.</summary>
    SmoothDense,
    /// <summary>One whole batch epoch: distance + BMU, accumulate, separable smoothing, division (on a GPU: the samples resident).</summary>
    BatchEpoch,
    /// <summary>N steps of Kohonen's online rule (BMU search and update of every unit), on one thread.</summary>
    OnlineStep,
    /// <summary>One Lloyd step of k-means with k = M centres (a batch epoch of the k × 1 bubble map).</summary>
    KMeansStep,
    /// <summary>The exact silhouette of an N-point block: all N² pair distances, summed per cluster.</summary>
    SilhouetteBlock,
    /// <summary><see cref="DistanceBmu"/> on a GPU with the samples and their norm terms copied to the device on every call (GPU only).</summary>
    DistanceBmuTransfer,
    /// <summary><see cref="BatchEpoch"/> on a GPU with the samples and their norm terms copied to the device on every call (GPU only).</summary>
    BatchEpochTransfer,
}
