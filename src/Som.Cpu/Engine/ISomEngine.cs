namespace Som;

/// <summary>
/// What every engine (CPU, and each GPU backend) does, on the contract of docs/contract.md. An engine holds one
/// codebook of M = W·H units × D features and the options it was created with; the trainer drives it.
/// </summary>
public interface ISomEngine : IDisposable
{
    /// <summary>Human-readable name of the device that computes (e.g. "CPU (AVX-512, 2 threads)").</summary>
    string DeviceName { get; }

    /// <summary>The options the engine was created with (validated).</summary>
    SomOptions Options { get; }

    /// <summary>The map's grid.</summary>
    MapGrid Grid { get; }

    /// <summary>Number of features D of each prototype.</summary>
    int Features { get; }

    /// <summary>Replaces the codebook with <paramref name="weights"/> (M × D, row-major).</summary>
    void SetWeights(ReadOnlySpan<float> weights);

    /// <summary>Copies the codebook (M × D, row-major) into <paramref name="weights"/>.</summary>
    void GetWeights(Span<float> weights);

    /// <summary>
    /// One epoch of Kohonen's batch map with radius σ: BMUs b(i) under the options' metric,
    /// S_k = Σ_{b(i)=k} x_i, C_k = |{i : b(i)=k}|, then w_j = Σ_k h(δ(j,k),σ)·S_k / Σ_k h(δ(j,k),σ)·C_k,
    /// with w_j unchanged where the denominator is ≤ 0.
    /// </summary>
    /// <returns>What happened in the epoch (units kept because of a non-positive denominator).</returns>
    BatchEpochResult TrainBatchEpoch(SampleMatrix data, double sigma);

    /// <summary>
    /// One online epoch: for each sample x = data[order[s]] in turn, at global step t = firstStep + s of
    /// totalSteps, w_j ← w_j + α(t)·h(δ(b,j), σ(t))·(x − w_j) for all j, with σ and α from the schedules.
    /// </summary>
    void TrainOnlineEpoch(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps);

    /// <summary>
    /// Best-matching unit of every sample under the options' metric; ties go to the lowest unit index.
    /// When <paramref name="second"/> is not empty it receives the second-best unit (a different index;
    /// −1 on a one-unit map).
    /// </summary>
    void FindBmus(SampleMatrix data, Span<int> first, Span<int> second);

    /// <summary>
    /// Quantization error, topographic error under <paramref name="rule"/> and hits of <paramref name="data"/> on the
    /// current codebook, computed where the engine computes (on its device), with each sample's BMU written to
    /// <paramref name="first"/>. Per-sample values are added on the host in sample order, so the result is
    /// deterministic.
    /// </summary>
    MapQuality Measure(SampleMatrix data, Adjacency rule, Span<int> first);
}
