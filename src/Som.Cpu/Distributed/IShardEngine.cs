namespace Som;

/// <summary>
/// An engine that runs a batch epoch in the two halves of a data-parallel run (docs/contract.md §16): on its shard
/// of the samples, the BMUs and the partial sums; then, from the sums over every shard, the smoothing and the
/// division, which every rank computes alike. <see cref="ISomEngine.TrainBatchEpoch"/> stays the one-process epoch.
/// </summary>
public interface IShardEngine : ISomEngine
{
    /// <summary>
    /// The first half: the BMU of every sample of <paramref name="shard"/> on the current codebook (docs/contract.md §5),
    /// each sample added into <paramref name="partial"/> (which the caller cleared), and, when
    /// <paramref name="distances"/> is not empty, each sample's expanded float distance d_i to its BMU (the per-epoch QE's
    /// terms, docs/contract.md §10).
    /// </summary>
    /// <param name="shard">This rank's samples.</param>
    /// <param name="partial">Sums of this map's size; the shard is added to what it holds.</param>
    /// <param name="distances">Empty, or one entry per sample of the shard.</param>
    void AccumulateShard(SampleMatrix shard, ShardSums partial, Span<float> distances);

    /// <summary>
    /// The second half: num_j = Σ_k h(δ(j,k),σ)·S_k and den_j = Σ_k h(δ(j,k),σ)·C_k from the global sums
    /// <paramref name="sums"/> (M × D) and <paramref name="counts"/> (M), then w_j = num_j / den_j where den_j &gt; 0,
    /// exactly as <see cref="ISomEngine.TrainBatchEpoch"/> does from its own sums (docs/contract.md §6).
    /// </summary>
    /// <returns>Units kept because their denominator was ≤ 0.</returns>
    int SmoothAndDivide(ReadOnlySpan<double> sums, ReadOnlySpan<double> counts, double sigma);
}
