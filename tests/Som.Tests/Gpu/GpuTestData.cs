namespace Som.Tests.Gpu;

/// <summary>Seeded data and codebooks for the GPU tests, and the contract's distances in double.</summary>
internal static class GpuTestData
{
    /// <summary>
    /// N × D values, uniform in [0, 1) for the Euclidean metric and in [−1, 1) for the cosine (so angles vary); for the
    /// cosine, sample 0 is the zero vector when there are at least two samples (its distance to every unit is 1).
    /// </summary>
    public static SampleMatrix Samples(int count, int features, DistanceMetric metric, ulong seed)
    {
        var rng = new SomRandom(seed);
        var values = new float[count * features];
        for (int i = 0; i < values.Length; i++)
            values[i] = metric == DistanceMetric.Cosine ? (float)(2 * rng.NextDouble() - 1) : (float)rng.NextDouble();
        if (metric == DistanceMetric.Cosine && count >= 2) Array.Clear(values, 0, features);
        return new SampleMatrix(values, count, features);
    }

    /// <summary>An M × D codebook in the same ranges; for the cosine, unit 0 is zero when there are at least two units.</summary>
    public static float[] Codebook(int units, int features, DistanceMetric metric, ulong seed)
    {
        var rng = new SomRandom(seed ^ 0xC0DEB00C);
        var w = new float[units * features];
        for (int i = 0; i < w.Length; i++)
            w[i] = metric == DistanceMetric.Cosine ? (float)(2 * rng.NextDouble() - 1) : (float)rng.NextDouble();
        if (metric == DistanceMetric.Cosine && units >= 2) Array.Clear(w, 0, features);
        return w;
    }

    /// <summary>d(x_i, w_j) of the contract in double: squared Euclidean, or 1 − cos (1 when a norm is 0).</summary>
    public static double Distance(SampleMatrix data, int i, float[] weights, int j, DistanceMetric metric)
    {
        int d = data.Features;
        var x = data.Row(i);
        double xx = 0, ww = 0, xw = 0;
        for (int f = 0; f < d; f++)
        {
            double a = x[f], b = weights[j * d + f];
            xx += a * a;
            ww += b * b;
            xw += a * b;
        }
        if (metric == DistanceMetric.Euclidean) return Math.Max(0, xx - 2 * xw + ww);
        return xx == 0 || ww == 0 ? 1 : 1 - xw / Math.Sqrt(xx * ww);
    }
}
