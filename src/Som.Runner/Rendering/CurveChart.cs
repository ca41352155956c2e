using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// A curve over integer x (k of a sweep): labelled axes with ticks, a title and subtitle, each point marked with a
/// filled disc and joined to the next by a line (a <see cref="ChartPanel"/>). The y axis runs over the
/// <see cref="AxisTicks"/> ticks that cover the values; large or small values are written in units of 10ⁿ, named in the axis label.
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
        var (lo, hi, step) = AxisTicks.Cover(values.Min(), values.Max());
        int scale = Exponent(Math.Max(Math.Abs(lo), Math.Abs(hi)));
        if (scale is > -3 and < 4) scale = 0;
        string unit = scale == 0 ? "" : $" (× 10^{scale.ToString(CultureInfo.InvariantCulture)})";

        int xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        using var f = new Figure(fonts, title, subtitle, LeftGutter + PlotWidth + 12, 8 + PlotHeight + BottomGutter);
        var plot = Plot;
        float Px(int x) => MarkX(x, xMin, xMax);
        float Py(double y) => ChartPanel.Row(plot, lo, hi, y);

        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        var yTicks = ChartPanel.ValueAxis(f, plot, (lo, hi, step), 11, Math.Pow(10, scale));
        int xStep = XStep(xMax - xMin + 1);
        for (int x = xMin; x <= xMax; x++)
        {
            if ((x - xMin) % xStep != 0 && x != xMax) continue;
            float px = (float)Math.Round(Px(x)) + 0.5f;
            f.Canvas.DrawLine(px, plot.Bottom, px, plot.Bottom + 5, ink);
            f.Text(x.ToString(CultureInfo.InvariantCulture), px, plot.Bottom + 18, 11, align: SKTextAlign.Center);
        }
        f.Text(xLabel, plot.MidX, plot.Bottom + 40, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Save();
        f.Canvas.RotateDegrees(-90, Figure.ContentLeft + 14, plot.MidY);
        f.Text(yLabel + unit, Figure.ContentLeft + 14, plot.MidY, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Restore();

        var marks = new SKPoint?[points.Count];
        for (int i = 0; i < points.Count; i++)
            if (points[i].Y is { } v && double.IsFinite(v)) marks[i] = new SKPoint(Px(points[i].X), Py(v));
        ChartPanel.Series(f, marks, Series, MarkRadius);
        f.Save(path);
        return new ChartPicture(path, plot, marks, yTicks);
    }

    private static int Exponent(double v) => v == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(v)));

    private static int XStep(int count)
    {
        foreach (int s in (int[])[1, 2, 5, 10, 20, 50, 100, 200, 500])
            if (count / s <= 25) return s;
        return 1000;
    }
}
