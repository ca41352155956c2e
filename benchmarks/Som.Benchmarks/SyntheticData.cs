namespace Som.Benchmarks;

/// <summary>Seeded uniform values in [0, 1): the distance stage's speed does not depend on the values.</summary>
public static class SyntheticData
{
    /// <summary>Features per sample, as Fashion-MNIST (28 × 28).</summary>
    public const int Features = 784;

    /// <summary>Samples, as all of Fashion-MNIST (60,000 training + 10,000 test).</summary>
    public const int Samples = 70_000;

    /// <summary><paramref name="count"/> × <paramref name="features"/> values from <paramref name="seed"/>.</summary>
    public static float[] Uniform(int count, int features, int seed)
    {
        var rng = new Random(seed);
        var values = new float[(long)count * features];
        for (long i = 0; i < values.Length; i++) values[i] = rng.NextSingle();
        return values;
    }

    /// <summary>N × D samples from <paramref name="seed"/>.</summary>
    public static SampleMatrix Matrix(int count, int features, int seed) =>
        new(Uniform(count, features, seed), count, features);
}
