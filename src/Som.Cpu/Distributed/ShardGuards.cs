namespace Som;

/// <summary>The argument checks of <see cref="IShardEngine"/>'s two halves, the same one-line errors on every engine.</summary>
internal static class ShardGuards
{
    /// <summary>Sums of the engine's map size.</summary>
    public static void Partial(ShardSums partial, int units, int features)
    {
        if (partial.Units != units || partial.Features != features)
            throw new ArgumentException($"partial sums are for {partial.Units} units × {partial.Features} features: expected {units} × {features}", nameof(partial));
    }

    /// <summary>Empty, or one distance per sample.</summary>
    public static void Distances(Span<float> distances, int count)
    {
        if (!distances.IsEmpty && distances.Length != count)
            throw new ArgumentException($"distances has {distances.Length} entries: expected 0 or {count}", nameof(distances));
    }

    /// <summary>Global sums of M × D and counts of M.</summary>
    public static void Totals(ReadOnlySpan<double> sums, ReadOnlySpan<double> counts, int units, int features)
    {
        long expected = (long)units * features;
        if (sums.Length != expected) throw new ArgumentException($"sums has {sums.Length} entries: expected {expected}", nameof(sums));
        if (counts.Length != units) throw new ArgumentException($"counts has {counts.Length} entries: expected {units}", nameof(counts));
    }
}
