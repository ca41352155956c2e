using System.Globalization;

namespace Som.Runner.Rendering;

/// <summary>Round tick values for a value axis: steps of 1, 2 or 5 × 10^k covering [min, max].</summary>
internal static class AxisTicks
{
    /// <summary>
    /// The axis range (a multiple of the step below min and above max) and its ticks, about <paramref name="target"/>
    /// of them. A range without extent (min = max) is widened around the value.
    /// </summary>
    public static (double Low, double High, double[] Ticks) For(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (max < min) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = Math.Abs(max) > 0 ? Math.Abs(max) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = magnitude * (raw / magnitude <= 1 ? 1 : raw / magnitude <= 2 ? 2 : raw / magnitude <= 5 ? 5 : 10);
        double low = Math.Floor(min / step) * step, high = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((high - low) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++) ticks[i] = low + i * step;
        return (low, high, ticks);
    }

    /// <summary>A tick's text with as many decimals as the step needs.</summary>
    public static string Format(double value, double step)
    {
        int decimals = step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return Math.Round(value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
