namespace Som;

/// <summary>
/// The distances as both engines compute them, expanded around a dot product so that the norms are computed once:
/// Euclidean d = max(0, (‖x‖² + ‖w‖²) − 2·x·w) and cosine d = 1 + (x·w)·(−1/‖w‖)·(1/‖x‖), with 1/‖·‖ taken as 0 for
/// a zero vector (so its cosine distance is 1). The one implementation of the formulas and of the norm terms: the
/// CPU engine's scalar path (its vector path does the same operations lane by lane) and the GPU kernels call them,
/// so the scalar functions are kernel-compatible.
/// </summary>
public static class ExpandedDistance
{
    /// <summary>Euclidean d = max(0, (‖x‖² + ‖w‖²) − 2·x·w); the clamp absorbs rounding below 0.</summary>
    public static float Euclidean(float dot, float sampleSquaredNorm, float unitSquaredNorm) =>
        MathF.Max((sampleSquaredNorm + unitSquaredNorm) - dot * 2f, 0f);

    /// <summary>
    /// Cosine d = 1 + (x·w)·(−1/‖w‖)·(1/‖x‖) from <see cref="SampleTerm"/> and <see cref="UnitCosineScale"/> (not
    /// clamped: a distance that rounds a hair below 0 keeps its order).
    /// </summary>
    public static float Cosine(float dot, float sampleTerm, float unitScale) => 1f + dot * unitScale * sampleTerm;

    /// <summary>
    /// The sample's term from its squared norm ‖x‖²: ‖x‖² itself (Euclidean) or 1/‖x‖ (cosine; 0 for a zero sample).
    /// </summary>
    public static float SampleTerm(DistanceMetric metric, float squaredNorm) =>
        metric == DistanceMetric.Euclidean ? squaredNorm : squaredNorm > 0 ? 1f / MathF.Sqrt(squaredNorm) : 0f;

    /// <summary>The unit's cosine scale −1/‖w‖ from its squared norm ‖w‖² (0 for a zero unit).</summary>
    public static float UnitCosineScale(float squaredNorm) => squaredNorm == 0f ? 0f : -1f / MathF.Sqrt(squaredNorm);

    /// <summary><see cref="SampleTerm"/> of every sample of <paramref name="data"/>, from <see cref="SampleMatrix.SquaredNorms"/> (a new array the caller owns).</summary>
    public static float[] SampleTerms(SampleMatrix data, DistanceMetric metric)
    {
        ArgumentNullException.ThrowIfNull(data);
        // A copy even for the Euclidean ‖x‖²: handing out the matrix's cached array would let a caller change it.
        ReadOnlySpan<float> xx = data.SquaredNorms.Span;
        if (metric == DistanceMetric.Euclidean) return xx.ToArray();
        var terms = new float[xx.Length];
        for (int i = 0; i < xx.Length; i++) terms[i] = SampleTerm(metric, xx[i]);
        return terms;
    }
}
