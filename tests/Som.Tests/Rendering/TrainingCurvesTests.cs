using SkiaSharp;
using Som.Runner.Reporting;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>
/// curves.png shows what it says: each epoch's QE and σ marker sits, in the decoded file, at a height ordered as the
/// values and linear in them, the final QE is the marked diamond, and the title, panel labels and TE note have ink.
/// </summary>
public sealed class TrainingCurvesTests
{
    public static TheoryData<int> EpochCounts() => new() { 1, 2, 7, 33 };

    [Theory]
    [MemberData(nameof(EpochCounts))]
    public void Marker_heights_follow_the_values(int n)
    {
        // A QE that falls with one bump and a tie, and an exponential σ.
        var rows = Enumerable.Range(0, n).Select(e => new EpochRecord(e, 8 * Math.Pow(0.5 / 8, n == 1 ? 0 : e / (n - 1.0)),
            e == 3 ? 4.2 + 0.3 : e == 4 ? 4.5 : 6 - 2.0 * e / Math.Max(1, n), 0.1)).ToList();
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = TrainingCurves.Draw(fonts, rows, 3.7, 0.0625, "8-neighbourhood", dir["curves.png"]);
        Assert.Equal(n, picture.QePoints.Count);
        Assert.Equal(n, picture.SigmaPoints.Count);
        using var png = new PictureReader(picture.Path);
        Assert.True(png.Ink(png.TitleBand) > 150, "no title");
        Assert.True(png.Ink(new SKRectI(picture.QePanel.Left, picture.QePanel.Top - 20, picture.QePanel.Left + 200, picture.QePanel.Top)) > 100, "no QE panel label");
        Assert.True(png.Ink(new SKRectI(picture.QePanel.Right - 200, picture.QePanel.Top + 4, picture.QePanel.Right - 4, picture.QePanel.Top + 20)) > 100, "no TE note");

        var qe = rows.Select(r => r.QuantizationError!.Value).ToList();
        var sigma = rows.Select(r => r.Sigma).ToList();
        CheckCurve(png, picture.QePoints, qe, TrainingCurves.QeColor, picture.QePanel, "QE");
        CheckCurve(png, picture.SigmaPoints, sigma, TrainingCurves.SigmaColor, picture.SigmaPanel, "σ");

        // The final QE: a red diamond right of the last epoch, below every epoch's QE since it is smaller.
        var final = picture.FinalQe!.Value;
        Assert.Equal(TrainingCurves.FinalColor, png.At(final.X, final.Y));
        Assert.True(final.X > picture.QePoints[^1].X);
        Assert.True(picture.QePoints.All(p => p.Y < final.Y), "the final QE (the smallest) is not the lowest mark");
        Assert.Equal(final.Y, MarkerRow(png, final.X, picture.QePanel, TrainingCurves.FinalColor), 1.0);
    }

    [Fact]
    public void Online_runs_show_the_final_qe_and_sigma_only()
    {
        var rows = Enumerable.Range(0, 3).Select(e => new EpochRecord(e, 3 - e, null, 0.5)).ToList();
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = TrainingCurves.Draw(fonts, rows, 2.5, 0.1, "4-neighbourhood", dir["c.png"]);
        Assert.Empty(picture.QePoints);
        Assert.Equal(3, picture.SigmaPoints.Count);
        using var png = new PictureReader(picture.Path);
        Assert.Equal(TrainingCurves.FinalColor, png.At(picture.FinalQe!.Value.X, picture.FinalQe.Value.Y));
        // No QE marker anywhere in the QE panel.
        for (int y = picture.QePanel.Top; y < picture.QePanel.Bottom; y++)
            for (int x = picture.QePanel.Left; x < picture.QePanel.Right; x++)
                Assert.NotEqual(TrainingCurves.QeColor, png.At(x, y));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    /// <summary>
    /// Each marker is in the file where the picture says, inside its panel, left to right by epoch; its row (found by
    /// scanning the column for the curve's colour) is ordered as the values, equal values share a row, and the rows
    /// are a linear function of the values (within a pixel).
    /// </summary>
    private static void CheckCurve(PictureReader png, IReadOnlyList<SKPointI> points, IReadOnlyList<double> values, SKColor color, SKRectI panel, string name)
    {
        var rows = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            Assert.True(panel.Contains(p.X, p.Y), $"{name} {i}: ({p.X}, {p.Y}) outside its panel {panel}");
            Assert.Equal(color, png.At(p.X, p.Y));
            if (i > 0) Assert.True(p.X > points[i - 1].X, $"{name} {i}: not right of epoch {i - 1}");
            rows[i] = MarkerRow(png, p.X, panel, color);
            Assert.True(Math.Abs(rows[i] - p.Y) <= 1, $"{name} {i}: marker found at row {rows[i]}, said {p.Y}");
        }
        int lo = 0, hi = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] < values[lo]) lo = i;
            if (values[i] > values[hi]) hi = i;
        }
        for (int i = 0; i < values.Count; i++)
        {
            for (int j = 0; j < values.Count; j++)
            {
                if (values[i] > values[j]) Assert.True(points[i].Y < points[j].Y, $"{name}: {values[i]} at row {points[i].Y} is not above {values[j]} at row {points[j].Y}");
                if (values[i] == values[j]) Assert.Equal(points[i].Y, points[j].Y);
            }
            if (values[hi] > values[lo])
            {
                double expected = rows[lo] + (rows[hi] - rows[lo]) * (values[i] - values[lo]) / (values[hi] - values[lo]);
                Assert.True(Math.Abs(rows[i] - expected) <= 1.5, $"{name} {i}: row {rows[i]}, linear in the value gives {expected:F1}");
            }
        }
    }

    /// <summary>The middle row of the run of <paramref name="color"/> pixels in column x of the panel nearest its marker.</summary>
    private static double MarkerRow(PictureReader png, int x, SKRectI panel, SKColor color)
    {
        var hits = Enumerable.Range(panel.Top - 8, panel.Height + 16).Where(y => y >= 0 && y < png.Height && png.At(x, y) == color).ToList();
        Assert.NotEmpty(hits);
        // The marker is the longest run of the colour in the column (a line only crosses it for a pixel or two).
        var runs = new List<(int Start, int Length)>();
        foreach (int y in hits)
        {
            if (runs.Count > 0 && runs[^1].Start + runs[^1].Length == y) runs[^1] = (runs[^1].Start, runs[^1].Length + 1);
            else runs.Add((y, 1));
        }
        var best = runs.MaxBy(r => r.Length);
        return best.Start + (best.Length - 1) / 2.0;
    }
}
