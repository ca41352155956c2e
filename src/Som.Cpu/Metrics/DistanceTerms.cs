namespace Som;

/// <summary>
/// The norm terms of the expanded distances, the one implementation both engines use: Euclidean
/// d = max(0, ‖x‖² + ‖w‖² − 2·x·w) needs ‖x‖² and ‖w‖²; cosine d = 1 + (x·w)·(−1/‖w‖)·(1/‖x‖) needs 1/‖x‖ and
/// −1/‖w‖, each 0 for a zero vector (so its distance is 1). The scalar functions are kernel-compatible.
/// </summary>
public static class DistanceTerms
{
    /// <summary>
    /// The sample's term from its squared norm ‖x‖²: ‖x‖² itself (Euclidean) or 1/‖x‖ (cosine; 0 for a zero sample).
    /// </summary>
    public static float SampleTerm(DistanceMetric metric, float squaredNorm) =>
        metric == DistanceMetric.Euclidean ? squaredNorm : squaredNorm > 0 ? 1f / MathF.Sqrt(squaredNorm) : 0f;

    /// <summary>The unit's cosine scale −1/‖w‖ from its squared norm ‖w‖² (0 for a zero unit).</summary>
    public static float UnitCosineScale(float squaredNorm) => squaredNorm == 0f ? 0f : -1f / MathF.Sqrt(squaredNorm);

    /// <summary><see cref="SampleTerm"/> of every sample of <paramref name="data"/>, from <see cref="SampleMatrix.SquaredNorms"/>.</summary>
    public static float[] SampleTerms(SampleMatrix data, DistanceMetric metric)
    {
        ArgumentNullException.ThrowIfNull(data);
        float[] xx = data.SquaredNorms;
        if (metric == DistanceMetric.Euclidean) return xx;
        var terms = new float[xx.Length];
        for (int i = 0; i < xx.Length; i++) terms[i] = SampleTerm(metric, xx[i]);
        return terms;
    }
}
