using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// A curve over integer x (k of a sweep): labelled axes with ticks, a title and subtitle, each point marked with a
/// filled disc and joined to the next by a line. The y axis runs over "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ) that cover
/// the values; large or small values are written in units of 10ⁿ, named in the axis label.
/// </summary>
internal static class CurveChart
{
    /// <summary>Plot area size.</summary>
    public const int PlotWidth = 560, PlotHeight = 320;

    /// <summary>The colour of the curve and its marks.</summary>
    public static readonly SKColor Series = Palette.Class(0);

    /// <summary>Radius of a point's mark.</summary>
    public const float MarkRadius = 4.5f;

    private const int LeftGutter = 78, BottomGutter = 48;

    /// <summary>The plot area inside the axes, in every chart.</summary>
    public static SKRectI Plot => new(Figure.ContentLeft + LeftGutter, Figure.ContentTop + 8,
        Figure.ContentLeft + LeftGutter + PlotWidth, Figure.ContentTop + 8 + PlotHeight);

    /// <summary>The column of the mark of x in a chart whose x runs over <paramref name="xMin"/> … <paramref name="xMax"/>.</summary>
    public static float MarkX(int x, int xMin, int xMax) =>
        xMax == xMin ? Plot.MidX : Plot.Left + 14 + (float)(x - xMin) / (xMax - xMin) * (Plot.Width - 28);

    /// <summary>
    /// Draws the points (x, y) (a null y is left out, and breaks the line) and writes the PNG to
    /// <paramref name="path"/>. At least one y must be a finite number.
    /// </summary>
    public static ChartPicture Draw(RenderFonts fonts, string title, string subtitle, string xLabel, string yLabel,
        IReadOnlyList<(int X, double? Y)> points, string path)
    {
        ArgumentNullException.ThrowIfNull(points);
        var values = points.Where(p => p.Y is { } v && double.IsFinite(v)).Select(p => p.Y!.Value).ToArray();
        if (values.Length == 0) throw new ArgumentException("no point has a finite value", nameof(points));
        var (lo, hi, step) = Ticks(values.Min(), values.Max());
        int scale = Exponent(Math.Max(Math.Abs(lo), Math.Abs(hi)));
        if (scale is > -3 and < 4) scale = 0;
        string unit = scale == 0 ? "" : $" (× 10^{scale.ToString(CultureInfo.InvariantCulture)})";
        int decimals = Decimals(step / Math.Pow(10, scale));

        int xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        using var f = new Figure(fonts, title, subtitle, LeftGutter + PlotWidth + 12, 8 + PlotHeight + BottomGutter);
        var plot = Plot;
        float Px(int x) => MarkX(x, xMin, xMax);
        float Py(double y) => plot.Bottom - (float)((y - lo) / (hi - lo)) * plot.Height;

        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        var yTicks = new List<(double, float)>();
        int tickCount = (int)Math.Round((hi - lo) / step);
        for (int t = 0; t <= tickCount; t++)
        {
            double v = lo + t * step;
            float y = (float)Math.Round(Py(v)) + 0.5f;
            if (t > 0 && t < tickCount) f.Canvas.DrawLine(plot.Left + 1, y, plot.Right, y, grid);
            f.Canvas.DrawLine(plot.Left - 5, y, plot.Left, y, ink);
            f.Text((v / Math.Pow(10, scale)).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                plot.Left - 8, y + 4, 11, align: SKTextAlign.Right);
            yTicks.Add((v, y));
        }
        int xStep = XStep(xMax - xMin + 1);
        for (int x = xMin; x <= xMax; x++)
        {
            if ((x - xMin) % xStep != 0 && x != xMax) continue;
            float px = (float)Math.Round(Px(x)) + 0.5f;
            f.Canvas.DrawLine(px, plot.Bottom, px, plot.Bottom + 5, ink);
            f.Text(x.ToString(CultureInfo.InvariantCulture), px, plot.Bottom + 18, 11, align: SKTextAlign.Center);
        }
        f.Canvas.DrawRect(new SKRect(plot.Left + 0.5f, plot.Top + 0.5f, plot.Right - 0.5f, plot.Bottom - 0.5f), ink);
        f.Text(xLabel, plot.MidX, plot.Bottom + 40, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Save();
        f.Canvas.RotateDegrees(-90, Figure.ContentLeft + 14, plot.MidY);
        f.Text(yLabel + unit, Figure.ContentLeft + 14, plot.MidY, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Restore();

        var marks = new SKPoint?[points.Count];
        for (int i = 0; i < points.Count; i++)
            if (points[i].Y is { } v && double.IsFinite(v)) marks[i] = new SKPoint(Px(points[i].X), Py(v));
        using var line = new SKPaint { Color = Series, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var disc = new SKPaint { Color = Series, IsAntialias = true, Style = SKPaintStyle.Fill };
        for (int i = 1; i < marks.Length; i++)
            if (marks[i - 1] is { } a && marks[i] is { } b) f.Canvas.DrawLine(a, b, line);
        foreach (var m in marks)
            if (m is { } p) f.Canvas.DrawCircle(p, MarkRadius, disc);
        f.Save(path);
        return new ChartPicture(path, plot, marks, yTicks);
    }

    /// <summary>
    /// Ticks covering [<paramref name="min"/>, <paramref name="max"/>]: the smallest step of 1, 2, 2.5 or 5 × 10ⁿ that
    /// is at least a sixth of the range, from the multiple of it at or below the minimum to the one at or above the maximum. Equal ends are widened
    /// by 10 % of their size (by 1 at zero).
    /// </summary>
    internal static (double Lo, double Hi, double Step) Ticks(double min, double max)
    {
        if (!(max > min))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / 6;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = power * 10;
        foreach (double m in (double[])[1, 2, 2.5, 5, 10])
        {
            if (m * power >= raw)
            {
                step = m * power;
                break;
            }
        }
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        if (hi <= lo) hi = lo + step;
        return (lo, hi, step);
    }

    private static int Exponent(double v) => v == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(v)));

    /// <summary>The fewest decimals (up to 9) that write <paramref name="step"/> and so every multiple of it exactly.</summary>
    private static int Decimals(double step)
    {
        for (int d = 0; d < 9; d++)
            if (Math.Abs(Math.Round(step, d) - step) <= 1e-9 * step) return d;
        return 9;
    }

    private static int XStep(int count)
    {
        foreach (int s in (int[])[1, 2, 5, 10, 20, 50, 100, 200, 500])
            if (count / s <= 25) return s;
        return 1000;
    }
}
