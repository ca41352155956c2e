namespace Som.Benchmarks;

/// <summary>
/// The FLOP/byte model of every stage, the one place it is written down (benchmarks/RESULTS.md repeats the
/// table). N samples, M = W·H units, D features; samples and codebook in float (4 bytes), the batch sums in
/// double (8 bytes), BMUs as int (4 bytes). FLOPs are the useful ones of the arithmetic the contract
/// asks for (docs/contract.md §5 for the BMU, §6 for the batch map, §7 for the online rule, §13 for k-means); comparisons, exponentials and
/// index arithmetic are not counted. Bytes are compulsory traffic: each input read once, each output written once.
/// <list type="table">
/// <item><term>distance + BMU</term><description>2·N·M·D FLOPs (a multiply and an add per pair and feature);
/// 4·N·D + 4·M·D + 4·N bytes (samples, codebook, BMUs).</description></item>
/// <item><term>accumulate</term><description>N·D + N FLOPs (one add per feature, one per count);
/// 4·N·D + 4·N + 8·M·D + 8·M bytes (samples and BMUs in, sums and counts out).</description></item>
/// <item><term>smooth, separable</term><description>2·M·(W + H)·(D + 1) + M·D FLOPs (an FMA per unit, 1-D
/// neighbour and feature-or-count in each pass, then a division per weight); 8·M·D + 8·M + 4·M·D bytes (sums
/// and counts in, weights out).</description></item>
/// <item><term>smooth, dense</term><description>2·M²·(D + 1) + M·D FLOPs (an FMA per unit pair and
/// feature-or-count, all units hit, h ≠ 0 everywhere, then the division); bytes as separable.</description></item>
/// <item><term>batch epoch</term><description>distance + BMU + accumulate + separable smoothing.</description></item>
/// <item><term>online step ×N</term><description>per step 2·M·D (BMU) + 3·M·D (x − w and an FMA per weight) +
/// 2·M·D (‖w‖² refreshed) = 7·M·D FLOPs; 4·D + 4·M·D (search) + 8·M·D (update read and write) bytes;
/// every panel is touched (a Gaussian without compact support).</description></item>
/// <item><term>k-means step</term><description>distance + BMU and accumulate with M = k, plus the self-only
/// smoothing 2·k·(D + 1) + k·D FLOPs and 12·k·D + 8·k bytes.</description></item>
/// <item><term>… with transfer (GPU)</term><description>the stage's FLOPs; its bytes plus the host-to-device copy of
/// the samples and their norm terms, 4·N·D + 4·N.</description></item>
/// <item><term>silhouette block</term><description>2·N²·D FLOPs of dot products + 5·N² (‖x_i‖² + ‖x_j‖² − 2·dot,
/// the square root, the add into the cluster sum); 4·N·D + 8·N bytes (points in, silhouettes out).</description></item>
/// </list>
/// </summary>
public static class StageCostModel
{
    /// <summary>The model cost of one operation of <paramref name="stage"/> at <paramref name="shape"/>.</summary>
    public static StageCost Cost(Stage stage, StageShape shape)
    {
        double n = shape.Samples, m = shape.Units, d = shape.Features, w = shape.Width, h = shape.Height;
        return stage switch
        {
            Stage.DistanceBmu => new(2 * n * m * d, 4 * n * d + 4 * m * d + 4 * n),
            Stage.Accumulate => new(n * d + n, 4 * n * d + 4 * n + 8 * m * d + 8 * m),
            Stage.SmoothSeparable => new(2 * m * (w + h) * (d + 1) + m * d, 12 * m * d + 8 * m),
            Stage.SmoothDense => new(2 * m * m * (d + 1) + m * d, 12 * m * d + 8 * m),
            Stage.BatchEpoch => Cost(Stage.DistanceBmu, shape) + Cost(Stage.Accumulate, shape) + Cost(Stage.SmoothSeparable, shape),
            Stage.OnlineStep => new(n * 7 * m * d, n * (4 * d + 12 * m * d)),
            Stage.KMeansStep => Cost(Stage.DistanceBmu, shape) + Cost(Stage.Accumulate, shape)
                + new StageCost(2 * m * (d + 1) + m * d, 12 * m * d + 8 * m),
            Stage.SilhouetteBlock => new(2 * n * n * d + 5 * n * n, 4 * n * d + 8 * n),
            Stage.DistanceBmuTransfer => Cost(Stage.DistanceBmu, shape) + Upload(shape),
            Stage.BatchEpochTransfer => Cost(Stage.BatchEpoch, shape) + Upload(shape),
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a stage"),
        };
    }

    /// <summary>The host-to-device copy of the samples and their norm terms: no FLOPs, 4·N·D + 4·N bytes.</summary>
    public static StageCost Upload(StageShape shape) => new(0, 4.0 * shape.Samples * shape.Features + 4.0 * shape.Samples);

    /// <summary>Whether the stage copies the samples to the device on every call (GPU only).</summary>
    public static bool IsTransfer(Stage stage) => stage is Stage.DistanceBmuTransfer or Stage.BatchEpochTransfer;

    /// <summary>
    /// The peak a stage is measured against, from the FP32 FMA peak <paramref name="fp32Peak"/> of a kernel of
    /// <paramref name="bits"/>-bit vectors (32 = scalar): the stages that compute in double fit half as many lanes
    /// in a vector, so their vector peak is half; a scalar double FMA runs as fast as a scalar float one.
    /// </summary>
    public static double Peak(Stage stage, double fp32Peak, int bits) => IsDouble(stage) && bits > 32 ? fp32Peak / 2 : fp32Peak;

    /// <summary>Whether the stage computes in double (the batch sums and smoothing).</summary>
    public static bool IsDouble(Stage stage) => stage is Stage.Accumulate or Stage.SmoothSeparable or Stage.SmoothDense;
}
