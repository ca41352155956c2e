namespace Som.Runner.Rendering;

/// <summary>
/// How a value becomes a grey level (or an RGB channel) in an image tile:
/// pixel = round(255·clamp((v − <see cref="Low"/>) / (<see cref="High"/> − <see cref="Low"/>), 0, 1)), halves away
/// from zero, and 0 when High = Low. Data in [0, 1] use Low = 0, High = 1 (pixel = round(255·clamp(v, 0, 1)), so a
/// Fashion-MNIST pixel i/255 comes back as i); other data use the minimum and maximum of the values drawn.
/// </summary>
/// <param name="Low">The value drawn black.</param>
/// <param name="High">The value drawn white.</param>
/// <param name="Rule">The rule in words, for the picture's subtitle.</param>
internal sealed record GreyScale(double Low, double High, string Rule)
{
    /// <summary>The fixed rule for data in [0, 1].</summary>
    public static readonly GreyScale Unit = new(0, 1, "level = round(255·clamp(w, 0, 1)) per channel, data in [0, 1]");

    /// <summary>
    /// <see cref="Unit"/> when every data value lies in [0, 1]; otherwise min–max of <paramref name="drawn"/>, the
    /// values the picture shows (the codebook, or the samples shown), named <paramref name="what"/> in the rule.
    /// </summary>
    public static GreyScale For(ReadOnlySpan<float> data, ReadOnlySpan<float> drawn, string what) => For(InUnitRange(data), drawn, what);

    /// <summary><see cref="For(ReadOnlySpan{float}, ReadOnlySpan{float}, string)"/> with the data's <see cref="InUnitRange"/> already known.</summary>
    public static GreyScale For(bool dataInUnitRange, ReadOnlySpan<float> drawn, string what)
    {
        if (dataInUnitRange) return Unit;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (float v in drawn)
        {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return ForRange(false, drawn.IsEmpty, lo, hi, what);
    }

    /// <summary>
    /// The scale of <see cref="For(ReadOnlySpan{float}, ReadOnlySpan{float}, string)"/> from facts about the values drawn:
    /// whether the data lie in [0, 1], whether no value is drawn, and the drawn values' min and max (NaN left out).
    /// </summary>
    public static GreyScale ForRange(bool dataInUnitRange, bool noneDrawn, double lo, double hi, string what)
    {
        if (dataInUnitRange) return Unit;
        if (noneDrawn) (lo, hi) = (0, 1);
        return new GreyScale(lo, hi, FormattableString.Invariant($"level = round(255·(w − min)/(max − min)) per channel, {what} min {lo:G4}, max {hi:G4}"));
    }

    /// <summary>The 0–255 level of <paramref name="v"/>.</summary>
    public byte Level(double v)
    {
        if (!(High > Low)) return 0;
        double t = (v - Low) / (High - Low);
        if (!(t > 0)) t = 0;
        if (t > 1) t = 1;
        return (byte)Math.Round(255 * t, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether every value lies in [0, 1] (NaN does not).</summary>
    public static bool InUnitRange(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!(v >= 0 && v <= 1)) return false;
        }
        return true;
    }
}
