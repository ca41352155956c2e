using System.Globalization;
using SkiaSharp;
using Som.Runner.Rendering;
using Som.Tests.Rendering;
using Som.Tests.Runner;

namespace Som.Tests.Tuning;

/// <summary>
/// objective.png read back pixel by pixel against trials.csv: one disc per row at the height of its objective, in
/// its rung's colour, the legend swatches in the same colours, and the ring only around the best trial.
/// </summary>
public sealed class TuneChartTests
{
    private static bool Near(SKColor a, SKColor b, int tolerance = 40) =>
        Math.Pow(a.Red - b.Red, 2) + Math.Pow(a.Green - b.Green, 2) + Math.Pow(a.Blue - b.Blue, 2) <= tolerance;

    /// <summary>
    /// The mean row of the pixels of colour <paramref name="color"/> in column <paramref name="x"/> of the plot and a disc's
    /// radius beyond (a value on the lowest or highest tick has its disc centred on the frame), or null.
    /// </summary>
    private static double? Centre(PictureReader png, int x, SKColor color)
    {
        var plot = TuneChart.Plot;
        double sum = 0;
        int n = 0;
        for (int y = plot.Top - 8; y < plot.Bottom + 8; y++)
        {
            if (!Near(png.At(x, y), color)) continue;
            sum += y;
            n++;
        }
        return n == 0 ? null : sum / n;
    }

    [Fact]
    public void Discs_follow_the_table_in_height_and_rung_colour_and_the_legend_and_ring_match()
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", TuneCommandTests.Clusters(500, 12));
        var (exit, output, error) = RunnerHarness.Run("tune", "--data", data, "--map", "4x4,5x3", "--sigma-start", "0.5..4", "--epochs", "2..5",
            "--trials", "9", "--seed", "2", "--objective", "mix:acc-te", "--out", dir.Path);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        var rows = File.ReadAllLines(dir["trials.csv"]).Skip(1).Select(l => l.Split(',')).ToArray();
        var c = CultureInfo.InvariantCulture;
        double[] values = [.. rows.Select(f => double.Parse(f[12], c))];
        int[] rungs = [.. rows.Select(f => int.Parse(f[1], c))];
        Assert.Equal(13, rows.Length);
        Assert.True(values.Distinct().Count() >= 4, "the objective hardly varies: the height test would prove little");

        using var png = new PictureReader(dir["objective.png"]);
        var plot = TuneChart.Plot;
        // The value axis as drawn: grey grid lines at the ticks. Read their rows from the pixels left to right inside the plot.
        var (lo, hi, _) = AxisTicks.Cover(values.Min(), values.Max());
        var centres = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int x = (int)Math.Round(TuneChart.MarkX(i, rows.Length));
            centres[i] = Centre(png, x, TuneChart.RungColor(rungs[i]))
                ?? throw new InvalidOperationException($"row {i + 1} (rung {rungs[i]}): no disc of its rung's colour in column {x}");
            foreach (int other in rungs.Distinct().Where(r => r != rungs[i]))
                Assert.Null(Centre(png, x, TuneChart.RungColor(other)));
            double expected = ChartPanel.Row(plot, lo, hi, values[i]);
            Assert.True(Math.Abs(centres[i] - expected) <= 1.5, $"row {i + 1}: {values[i]} drawn at {centres[i]}, the axis puts it at {expected}");
        }
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++)
                if (values[i] > values[j] + 1e-9 * Math.Abs(hi - lo) * 100) Assert.True(centres[i] < centres[j], $"{values[i]} is not drawn above {values[j]}");

        // The legend: right of the plot, one 14 × 14 square per rung in that rung's colour, top to bottom.
        var swatchTops = new List<int>();
        foreach (int rung in new[] { 0, 1, 2 })
        {
            var color = TuneChart.RungColor(rung);
            int found = -1;
            for (int y = Figure.ContentTop; y < png.Height - 14 && found < 0; y++)
                for (int x = plot.Right + 20; x < png.Width - 14 && found < 0; x++)
                    if (Enumerable.Range(0, 14).All(dy => Enumerable.Range(0, 14).All(dx => Near(png.At(x + dx, y + dy), color, 4)))) found = y;
            Assert.True(found >= 0, $"no legend swatch of rung {rung}'s colour {color}");
            swatchTops.Add(found);
        }
        Assert.Equal(swatchTops.Order(), swatchTops);

        // The ring: ink pixels on the circle of radius BestRadius around the best trial's disc (the single trial of the
        // last rung), and none around the others.
        int best = Array.IndexOf(rungs, 2);
        Assert.Contains($"best: trial {rows[best][0]},", output);
        int Ring(int i)
        {
            float cx = TuneChart.MarkX(i, rows.Length);
            int n = 0;
            for (int a = 0; a < 32; a++)
            {
                double t = a * Math.PI / 16;
                var p = png.At((int)Math.Round(cx + TuneChart.BestRadius * Math.Cos(t)), (int)Math.Round(centres[i] + TuneChart.BestRadius * Math.Sin(t)));
                if (Palette.Luma(p) < 110) n++;
            }
            return n;
        }
        Assert.True(Ring(best) >= 24, $"ring around the best: {Ring(best)} of 32 points dark");
        for (int i = 0; i < rows.Length; i++)
            if (i != best) Assert.True(Ring(i) <= 8, $"row {i + 1} looks ringed ({Ring(i)} of 32 points dark)");
    }
}
