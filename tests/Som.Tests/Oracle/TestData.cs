namespace Som.Tests.Oracle;

/// <summary>Seeded synthetic data for the tests: the same seed gives the same values everywhere.</summary>
internal static class TestData
{
    /// <summary>
    /// n samples × d features around a few random centres (so a map has structure to fit), values roughly in
    /// [−0.9, 1.9].
    /// </summary>
    public static SampleMatrix Clusters(int n, int d, ulong seed, int clusters = 4)
    {
        var rng = new Random((int)(seed % int.MaxValue));
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = rng.NextDouble() * 2 - 0.5;
        var values = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(clusters);
            for (int f = 0; f < d; f++) values[i * d + f] = (float)(centres[c * d + f] + (rng.NextDouble() - 0.5) * 0.8);
        }
        return new SampleMatrix(values, n, d);
    }

    /// <summary>A codebook of m prototypes, each a copy of a sample chosen at random (with repeats when m &gt; n).</summary>
    public static float[] SampleCodebook(SampleMatrix data, int m, ulong seed)
    {
        var rng = new Random((int)(seed % int.MaxValue) ^ 0x5EED);
        var w = new float[m * data.Features];
        for (int j = 0; j < m; j++) data.Row(rng.Next(data.Count)).CopyTo(w.AsSpan(j * data.Features));
        return w;
    }

    /// <summary>A codebook of m prototypes uniform in [lo, hi).</summary>
    public static float[] UniformCodebook(int m, int d, ulong seed, double lo = -1, double hi = 2)
    {
        var rng = new Random((int)(seed % int.MaxValue) ^ 0x0C0DE);
        var w = new float[m * d];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(lo + rng.NextDouble() * (hi - lo));
        return w;
    }

    /// <summary>A random permutation of 0 … n−1.</summary>
    public static int[] Permutation(int n, ulong seed)
    {
        var rng = new Random((int)(seed % int.MaxValue) ^ 0x0BDE7);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        return order;
    }

    /// <summary>Bits of a float array, for bit-exact comparisons with a useful failure message.</summary>
    public static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
