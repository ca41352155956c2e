using System.Globalization;
using Som.Cpu;
using Som.Runner.Cli;

namespace Som.Runner.Tuning;

/// <summary>
/// Where <c>som tune</c> draws one number from: one value (<c>8</c>), a list to pick from uniformly (<c>4,8,16</c>), or
/// an interval <c>FROM..TO</c>, drawn log-uniformly for a radius (so 2..16 tries as many radii below 4 as above 8) and
/// uniformly over the integers for a count.
/// </summary>
/// <param name="Lo">The least value.</param>
/// <param name="Hi">The greatest value.</param>
/// <param name="Values">The values of a list (or of one value), or null for the interval <paramref name="Lo"/>..<paramref name="Hi"/>.</param>
internal sealed record TuneRange(double Lo, double Hi, IReadOnlyList<double>? Values)
{
    /// <summary>One value.</summary>
    public static TuneRange Fixed(double value) => new(value, value, [value]);

    /// <summary>
    /// Parses <paramref name="text"/> for <paramref name="flag"/>: every value must be finite and ≥ <paramref name="min"/>
    /// (or &gt; it when <paramref name="strict"/>), an integer when <paramref name="integer"/>, and FROM ≤ TO.
    /// </summary>
    /// <exception cref="UsageException">The text is none of the three forms, or a value is out of bounds, or the interval is empty.</exception>
    public static TuneRange Parse(string flag, string text, bool integer, double min, bool strict)
    {
        string bound = $"{(strict ? ">" : "≥")} {min.ToString(CultureInfo.InvariantCulture)}";
        string kind = integer ? $"integers {bound}" : $"numbers {bound}";
        string expected = $"expected a value, a list A,B,C or a range FROM..TO of {kind} (e.g. {(integer ? "10, 5,10,20 or 5..20" : "8, 4,8,16 or 2..16")})";
        text = text.Trim();
        double One(string part)
        {
            var style = integer ? NumberStyles.Integer : NumberStyles.Float;
            if (!double.TryParse(part.Trim(), style, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new UsageException($"{flag}: '{text}' is not allowed: {expected}");
            if (v < min || (strict && v == min))
                throw new UsageException($"{flag}: {part.Trim()} in '{text}' is not allowed: expected {kind}");
            return v;
        }
        if (text.Contains("..", StringComparison.Ordinal))
        {
            string[] ends = text.Split("..");
            if (ends.Length != 2) throw new UsageException($"{flag}: '{text}' is not allowed: {expected}");
            double lo = One(ends[0]), hi = One(ends[1]);
            if (lo > hi)
                throw new UsageException($"{flag}: '{text}' is an empty range: expected FROM..TO with FROM ≤ TO");
            return new TuneRange(lo, hi, lo == hi ? [lo] : null);
        }
        if (text.Length == 0) throw new UsageException($"{flag}: '' is not allowed: {expected}");
        double[] values = [.. text.Split(',').Select(One)];
        return new TuneRange(values.Min(), values.Max(), values);
    }

    /// <summary>True when every draw gives the same value.</summary>
    public bool IsFixed => Lo == Hi;

    /// <summary>
    /// One draw from <paramref name="random"/> (always exactly one number taken from it, so a fixed range leaves the
    /// other parameters' draws as they were): a list's entry, an integer of the interval, or a log-uniform radius of
    /// the interval rounded to 3 significant digits (so that the printed value is the value trained with).
    /// </summary>
    public double Draw(SomRandom random, bool integer)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        if (Values is { } list) return list[Math.Min(list.Count - 1, (int)(u * list.Count))];
        if (integer) return Math.Min(Hi, Lo + Math.Floor(u * (Hi - Lo + 1)));
        double v = Lo > 0 ? Math.Exp(Math.Log(Lo) + u * (Math.Log(Hi) - Math.Log(Lo))) : Lo + u * (Hi - Lo);
        return Math.Clamp(Round3(v), Lo, Hi);
    }

    /// <summary><paramref name="v"/> rounded to 3 significant digits.</summary>
    public static double Round3(double v)
    {
        if (v == 0 || !double.IsFinite(v)) return v;
        int digits = 2 - (int)Math.Floor(Math.Log10(Math.Abs(v)));
        if (digits >= 0) return (double)Math.Round((decimal)v, Math.Min(digits, 28));
        double step = Math.Pow(10, -digits);   // an integer, exactly
        return Math.Round(v / step) * step;
    }

    /// <summary>How the range is written: the value, the list, or FROM..TO.</summary>
    public override string ToString() =>
        Values is { } list ? string.Join(',', list.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
            : string.Create(CultureInfo.InvariantCulture, $"{Lo:R}..{Hi:R}");
}
