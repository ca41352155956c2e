namespace Som;

/// <summary>Argument checks shared by every engine, so each gives the same one-line errors.</summary>
internal static class EngineGuards
{
    /// <summary>Checks that <paramref name="data"/> has the engine's feature count.</summary>
    public static void Features(SampleMatrix data, int features)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != features)
            throw new SomDataException($"data has {data.Features} features per sample: expected {features}, as the map was built for");
    }

    /// <summary>Checks a codebook's length and that every weight is finite.</summary>
    public static void Weights(ReadOnlySpan<float> weights, int units, int features)
    {
        if (weights.Length != (long)units * features)
            throw new SomDataException($"codebook has {weights.Length} weights: expected {units} units × {features} features = {(long)units * features}");
        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
                throw new SomDataException($"codebook unit {i / features}, feature {i % features} is {weights[i]}: expected a finite number");
        }
    }

    /// <summary>Checks the σ of a batch epoch.</summary>
    public static void Sigma(double sigma)
    {
        if (!(sigma > 0 && double.IsFinite(sigma)))
            throw new SomOptionException("sigma", sigma, "a finite number > 0");
    }

    /// <summary>Checks an online visiting order and its steps.</summary>
    public static void Order(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        if (totalSteps < 1 || firstStep < 0 || firstStep + order.Length > totalSteps)
            throw new ArgumentOutOfRangeException(nameof(firstStep), $"steps {firstStep}…{firstStep + order.Length} do not fit in {totalSteps}");
        foreach (int i in order)
        {
            if ((uint)i >= (uint)data.Count)
                throw new ArgumentOutOfRangeException(nameof(order), $"sample index {i} is outside 0…{data.Count - 1}");
        }
    }

    /// <summary>Checks the output spans of a BMU search.</summary>
    public static void Bmus(SampleMatrix data, Span<int> first, Span<int> second)
    {
        if (first.Length != data.Count)
            throw new ArgumentException($"first has {first.Length} entries: expected {data.Count}", nameof(first));
        if (!second.IsEmpty && second.Length != data.Count)
            throw new ArgumentException($"second has {second.Length} entries: expected 0 or {data.Count}", nameof(second));
    }

    /// <summary>Checks that <paramref name="rule"/> is a rule of the map's lattice, with the options' own error.</summary>
    public static void Adjacency(SomOptions options, Adjacency rule) => (options with { Adjacency = rule }).Validate();
}
