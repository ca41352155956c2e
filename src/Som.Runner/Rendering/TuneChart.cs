using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// <c>som tune</c>'s objective.png: one disc per row of the trial table (x = the row, in the table's order; y = the
/// objective), coloured by rung (<see cref="Palette.Class"/> of the rung number), the best trial ringed in ink, and a
/// legend of the rungs' colours beside the plot.
/// </summary>
internal static class TuneChart
{
    /// <summary>Plot area size.</summary>
    public const int PlotWidth = 640, PlotHeight = 320;

    /// <summary>Radius of a row's disc.</summary>
    public const float MarkRadius = 4f;

    /// <summary>Radius of the ring around the best trial's disc.</summary>
    public const float BestRadius = 8f;

    private const int LeftGutter = 78, BottomGutter = 48, LegendWidth = 150;

    /// <summary>The plot area inside the axes.</summary>
    public static SKRectI Plot => new(Figure.ContentLeft + LeftGutter, Figure.ContentTop + 8,
        Figure.ContentLeft + LeftGutter + PlotWidth, Figure.ContentTop + 8 + PlotHeight);

    /// <summary>The colour of rung <paramref name="rung"/>'s discs and legend swatch.</summary>
    public static SKColor RungColor(int rung) => Palette.Class(rung);

    /// <summary>The column of row <paramref name="row"/>'s disc of <paramref name="rows"/>.</summary>
    public static float MarkX(int row, int rows) =>
        rows <= 1 ? Plot.MidX : Plot.Left + 14 + (float)row / (rows - 1) * (Plot.Width - 28);

    /// <summary>
    /// Draws the rows' objective values (a NaN value gets no disc) and writes the PNG to <paramref name="path"/>;
    /// <paramref name="best"/> is the row whose disc is ringed. At least one value must be finite.
    /// </summary>
    public static TuneChartPicture Draw(RenderFonts fonts, string title, string subtitle, string yLabel,
        IReadOnlyList<(int Rung, double Value)> rows, int best, string path)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = rows.Where(p => double.IsFinite(p.Value)).Select(p => p.Value).ToArray();
        if (values.Length == 0) throw new ArgumentException("no row has a finite value", nameof(rows));
        var (lo, hi, step) = AxisTicks.Cover(values.Min(), values.Max());
        int rungs = rows.Max(r => r.Rung) + 1;
        using var f = new Figure(fonts, title, subtitle, LeftGutter + PlotWidth + 12, 8 + PlotHeight + BottomGutter,
            LegendWidth, 30 + 20 * (rungs + 1));
        var plot = Plot;
        var yTicks = ChartPanel.ValueAxis(f, plot, (lo, hi, step), 11);
        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        int xStep = Math.Max(1, (int)Math.Ceiling(rows.Count / 20.0));
        for (int i = 0; i < rows.Count; i++)
        {
            if (i % xStep != 0 && i != rows.Count - 1) continue;
            float px = (float)Math.Round(MarkX(i, rows.Count)) + 0.5f;
            f.Canvas.DrawLine(px, plot.Bottom, px, plot.Bottom + 5, ink);
            f.Text((i + 1).ToString(CultureInfo.InvariantCulture), px, plot.Bottom + 18, 11, align: SKTextAlign.Center);
        }
        f.Text("row of the trial table (rung by rung)", plot.MidX, plot.Bottom + 40, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Save();
        f.Canvas.RotateDegrees(-90, Figure.ContentLeft + 14, plot.MidY);
        f.Text(yLabel, Figure.ContentLeft + 14, plot.MidY, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Restore();

        var marks = new SKPoint?[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (!double.IsFinite(rows[i].Value)) continue;
            var p = new SKPoint(MarkX(i, rows.Count), ChartPanel.Row(plot, lo, hi, rows[i].Value));
            marks[i] = p;
            using var disc = new SKPaint { Color = RungColor(rows[i].Rung), IsAntialias = true, Style = SKPaintStyle.Fill };
            f.Canvas.DrawCircle(p, MarkRadius, disc);
        }
        if (best >= 0 && best < rows.Count && marks[best] is { } b)
        {
            using var ring = new SKPaint { Color = Palette.Ink, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            f.Canvas.DrawCircle(b, BestRadius, ring);
        }

        var swatches = new SKRectI[rungs];
        int top = Figure.ContentTop + 8;
        f.Text("rung", f.SideLeft, top + 12, 11, bold: true);
        for (int r = 0; r < rungs; r++)
        {
            int n = rows.Count(row => row.Rung == r);
            swatches[r] = f.Swatch(f.SideLeft, top + 22 + 20 * r, RungColor(r), $"{r} ({n} trial{(n == 1 ? "" : "s")})");
        }
        int ringTop = top + 22 + 20 * rungs;
        using (var legendRing = new SKPaint { Color = Palette.Ink, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke })
            f.Canvas.DrawCircle(f.SideLeft + 7, ringTop + 7, 6, legendRing);
        f.Text("best", f.SideLeft + 20, ringTop + 11, 11);
        f.Save(path);
        return new TuneChartPicture(path, plot, marks, yTicks, swatches);
    }
}
