using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The sweep curves: each point's mark sits at a height ordered and spaced as the values, on the drawn ticks.</summary>
public sealed class CurveChartTests
{
    /// <summary>The mean row of the series-coloured pixels in column <paramref name="x"/> of the plot, or null when there are none.</summary>
    internal static double? MarkRow(PictureReader png, int x)
    {
        var plot = CurveChart.Plot;
        double sum = 0;
        int n = 0;
        for (int y = plot.Top + 1; y < plot.Bottom - 1; y++)
        {
            var c = png.At(x, y);
            var s = CurveChart.Series;
            if (Math.Pow(c.Red - s.Red, 2) + Math.Pow(c.Green - s.Green, 2) + Math.Pow(c.Blue - s.Blue, 2) <= 40)
            {
                sum += y;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    [Fact]
    public void Marks_are_at_heights_ordered_and_spaced_as_the_values_with_ties_level()
    {
        // Non-monotonic, a tie (x = 3, 4), a negative value and zero.
        double[] values = [5, 3, 3, 7.5, -1, 0, 2.25];
        var points = values.Select((v, i) => (i + 2, (double?)v)).ToArray();
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var chart = CurveChart.Draw(fonts, "Title", "subtitle", "k", "value", points, dir["c.png"]);
        using var png = new PictureReader(chart.Path);
        var rows = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int x = (int)Math.Round(CurveChart.MarkX(i + 2, 2, 8));
            Assert.Equal(x, (int)Math.Round(chart.Points[i]!.Value.X));
            rows[i] = MarkRow(png, x) ?? throw new InvalidOperationException($"no mark in column {x} for x = {i + 2}");
        }
        for (int i = 0; i < values.Length; i++)
        {
            for (int j = 0; j < values.Length; j++)
            {
                if (values[i] > values[j]) Assert.True(rows[i] < rows[j] - 5, $"value {values[i]} (row {rows[i]}) is not above {values[j]} (row {rows[j]})");
                if (values[i] == values[j]) Assert.True(Math.Abs(rows[i] - rows[j]) <= 1, $"tied values at rows {rows[i]} and {rows[j]}");
            }
        }
        // Linear: pixels per unit of value are the same for every pair, and agree with the ticks drawn.
        var ticks = chart.YTicks;
        Assert.True(ticks[0].Value <= values.Min() && ticks[^1].Value >= values.Max(), "the ticks do not cover the values");
        double perUnit = (ticks[0].Y - ticks[^1].Y) / (ticks[^1].Value - ticks[0].Value);
        for (int i = 0; i < values.Length; i++)
        {
            double expected = ticks[0].Y - (values[i] - ticks[0].Value) * perUnit;
            Assert.True(Math.Abs(rows[i] - expected) <= 1.5, $"value {values[i]}: mark at row {rows[i]}, the ticks put it at {expected}");
        }
        // Each tick is drawn as ink left of the axis, with its label further left; the axis labels and title have ink.
        foreach (var (_, y) in ticks)
            Assert.True(Palette.Luma(png.At(CurveChart.Plot.Left - 3, (int)y)) < 100, $"no tick mark at row {y}");
        var plot = CurveChart.Plot;
        Assert.True(png.Ink(png.TitleBand) > 50, "no title");
        Assert.True(png.Ink(new SKRectI(plot.Left - 60, plot.Top, plot.Left - 8, plot.Bottom)) > 100, "no y tick labels");
        Assert.True(png.Ink(new SKRectI(Figure.ContentLeft, plot.Top, Figure.ContentLeft + 22, plot.Bottom)) > 50, "no y axis label");
        Assert.True(png.Ink(new SKRectI(plot.Left, plot.Bottom + 8, plot.Right, plot.Bottom + 22)) > 40, "no x tick labels");
        Assert.True(png.Ink(new SKRectI(plot.MidX - 40, plot.Bottom + 26, plot.MidX + 40, plot.Bottom + 46)) > 30, "no x axis label");
    }

    [Fact]
    public void A_point_without_a_value_has_no_mark_and_breaks_the_line()
    {
        (int, double?)[] points = [(1, null), (2, 0.4), (3, null), (4, 0.1), (5, 0.3)];
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var chart = CurveChart.Draw(fonts, "Silhouette", "k = 1 and 3 have none", "k", "mean silhouette", points, dir["s.png"]);
        using var png = new PictureReader(chart.Path);
        Assert.Null(chart.Points[0]);
        Assert.Null(chart.Points[2]);
        Assert.Null(MarkRow(png, (int)Math.Round(CurveChart.MarkX(1, 1, 5))));
        Assert.Null(MarkRow(png, (int)Math.Round(CurveChart.MarkX(3, 1, 5))));
        double r2 = MarkRow(png, (int)Math.Round(CurveChart.MarkX(2, 1, 5)))!.Value, r4 = MarkRow(png, (int)Math.Round(CurveChart.MarkX(4, 1, 5)))!.Value;
        double r5 = MarkRow(png, (int)Math.Round(CurveChart.MarkX(5, 1, 5)))!.Value;
        Assert.True(r2 < r5 && r5 < r4, $"rows {r2}, {r4}, {r5} are not ordered as 0.4 > 0.3 > 0.1");
    }

    [Fact]
    public void One_point_and_equal_values_still_draw_a_mark_inside_the_plot()
    {
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var chart = CurveChart.Draw(fonts, "One", "one point", "k", "inertia", [(7, 1234.5)], dir["one.png"]);
        using var png = new PictureReader(chart.Path);
        var row = MarkRow(png, CurveChart.Plot.MidX);
        Assert.NotNull(row);
        Assert.InRange(row!.Value, CurveChart.Plot.Top + 5, CurveChart.Plot.Bottom - 5);
        Assert.Throws<ArgumentException>(() => CurveChart.Draw(fonts, "None", "", "k", "v", [(1, null), (2, double.NaN)], dir["none.png"]));
    }
}
