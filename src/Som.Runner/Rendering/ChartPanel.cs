using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// What every line chart shares: a framed plot area with a value axis of <see cref="AxisTicks"/> ticks, and a
/// series of points joined by a line and marked with discs. curves.png stacks two such panels; the k-means sweep's
/// elbow.png and silhouette.png are one each.
/// </summary>
internal static class ChartPanel
{
    /// <summary>Colour of the grid lines behind a series.</summary>
    public static readonly SKColor GridColor = new(225, 225, 225);

    /// <summary>The pixel row of <paramref name="value"/>: <paramref name="lo"/> on the plot's bottom row, <paramref name="hi"/> on its top row.</summary>
    public static float Row(SKRectI plot, double lo, double hi, double value) =>
        plot.Bottom - 1 - (float)((value - lo) / (hi - lo) * (plot.Height - 1));

    /// <summary>
    /// Draws the plot's frame and its value axis: at each tick of <paramref name="ticks"/> a grid line inside the plot,
    /// a mark left of the frame and the value (divided by <paramref name="unit"/>) right-aligned left of the mark.
    /// Returns each tick's value and the pixel row its line was drawn on.
    /// </summary>
    public static List<(double Value, float Y)> ValueAxis(Figure figure, SKRectI plot, (double Lo, double Hi, double Step) ticks, float textSize, double unit = 1)
    {
        ArgumentNullException.ThrowIfNull(figure);
        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        using var grid = new SKPaint { Color = GridColor, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        var drawn = new List<(double, float)>();
        foreach (double v in AxisTicks.Values(ticks.Lo, ticks.Hi, ticks.Step))
        {
            float y = (float)Math.Round(Row(plot, ticks.Lo, ticks.Hi, v)) + 0.5f;
            figure.Canvas.DrawLine(plot.Left + 1, y, plot.Right - 1, y, grid);
            figure.Canvas.DrawLine(plot.Left - 5, y, plot.Left, y, ink);
            figure.Text(AxisTicks.Format(v / unit, ticks.Step / unit), plot.Left - 8, y + 4, textSize, align: SKTextAlign.Right);
            drawn.Add((v, y));
        }
        figure.Canvas.DrawRect(new SKRect(plot.Left + 0.5f, plot.Top + 0.5f, plot.Right - 0.5f, plot.Bottom - 0.5f), ink);
        return drawn;
    }

    /// <summary>
    /// Draws a series: a line (2 px) from each mark to the next (a null mark has no disc and breaks the line), then a
    /// disc of <paramref name="radius"/> at each mark (none when the radius is 0).
    /// </summary>
    public static void Series(Figure figure, IReadOnlyList<SKPoint?> marks, SKColor color, float radius)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(marks);
        using var line = new SKPaint { Color = color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (int i = 1; i < marks.Count; i++)
            if (marks[i - 1] is { } a && marks[i] is { } b) figure.Canvas.DrawLine(a, b, line);
        if (radius <= 0) return;
        using var disc = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        foreach (var m in marks)
            if (m is { } p) figure.Canvas.DrawCircle(p, radius, disc);
    }
}
