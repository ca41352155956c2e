using System.Globalization;

namespace Som.Runner.Rendering;

/// <summary>
/// The round ("nice") ticks of every value axis the pictures draw. The rule: over a span [min, max] the step is the
/// smallest m × 10ⁿ, m ∈ {1, 2, 2.5, 5}, that is at least a sixth of the span, so an axis carries at most about six
/// intervals. An axis fitted to its values (<see cref="Cover"/>) runs from the multiple of the step at or below the
/// minimum to the one at or above the maximum; an axis whose range is set elsewhere (<see cref="Within"/>) gets the
/// multiples of the step inside it. Equal ends are widened by 10 % of their size (by 1 at zero); non-finite ends
/// stand for [0, 1]. A tick is written with the fewest decimals that write the step exactly (<see cref="Format"/>).
/// </summary>
internal static class AxisTicks
{
    /// <summary>The span is cut into at most about this many steps.</summary>
    public const int Intervals = 6;

    /// <summary>The step for a span of <paramref name="span"/> (&gt; 0): the smallest m × 10ⁿ, m ∈ {1, 2, 2.5, 5}, ≥ span / 6.</summary>
    public static double Step(double span)
    {
        double raw = span / Intervals;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in (double[])[1, 2, 2.5, 5])
        {
            // The tolerance keeps a span of exactly m × 10ⁿ × 6 on step m × 10ⁿ despite the rounding of Log10 and Pow.
            if (m * power >= raw * (1 - 1e-12)) return m * power;
        }
        return 10 * power;
    }

    /// <summary>The ticks of an axis fitted to values in [<paramref name="min"/>, <paramref name="max"/>]: its ends and step.</summary>
    public static (double Lo, double Hi, double Step) Cover(double min, double max)
    {
        (min, max) = Widen(min, max);
        double step = Step(max - min);
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        if (hi <= lo) hi = lo + step;
        return (lo, hi, step);
    }

    /// <summary>The ticks lo, lo + step, …, hi of a fitted axis (a value within a millionth of a step of 0 is 0).</summary>
    public static double[] Values(double lo, double hi, double step)
    {
        int count = (int)Math.Round((hi - lo) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++) ticks[i] = Snap(lo + i * step, step);
        return ticks;
    }

    /// <summary>The multiples of the step for [<paramref name="lo"/>, <paramref name="hi"/>] that lie inside it, and the step.</summary>
    public static (double Step, double[] Ticks) Within(double lo, double hi)
    {
        var (a, b) = Widen(lo, hi);
        double step = Step(b - a);
        var ticks = new List<double>();
        for (long i = (long)Math.Ceiling(a / step - 1e-9); i * step <= b + step * 1e-9; i++) ticks.Add(Snap(i * step, step));
        return (step, ticks.ToArray());
    }

    /// <summary>The fewest decimals (up to 9) that write <paramref name="step"/>, and so every multiple of it, exactly.</summary>
    public static int Decimals(double step)
    {
        for (int d = 0; d < 9; d++)
            if (Math.Abs(Math.Round(step, d) - step) <= 1e-9 * step) return d;
        return 9;
    }

    /// <summary>A tick's text: <see cref="Decimals"/> of the step, invariant culture, never "-0".</summary>
    public static string Format(double value, double step)
    {
        int decimals = Decimals(step);
        // Adding +0 turns a rounded −0 into 0.
        double rounded = Math.Round(value, decimals) + 0.0;
        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static (double Min, double Max) Widen(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return (0, 1);
        if (max < min) (min, max) = (max, min);
        if (max - min <= 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        return (min, max);
    }

    private static double Snap(double t, double step) => Math.Abs(t) < step * 1e-6 ? 0 : t;
}
