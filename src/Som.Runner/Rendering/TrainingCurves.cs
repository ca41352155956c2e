using System.Globalization;
using SkiaSharp;
using Som.Runner.Reporting;

namespace Som.Runner.Rendering;

/// <summary>
/// curves.png: the QE of the codebook entering each batch epoch (docs/contract.md §10) with the final QE after the
/// last epoch as a marked point, and σ per epoch below it, on a shared epoch axis; the final TE (with its adjacency
/// rule) is written in the QE panel. Each panel is a <see cref="ChartPanel"/>. Online runs have no per-epoch QE: their panel says so and shows the final QE.
/// </summary>
internal static class TrainingCurves
{
    /// <summary>Width of a plot area.</summary>
    public const int PlotWidth = 560;
    /// <summary>Height of a plot area.</summary>
    public const int PlotHeight = 170;

    /// <summary>Colour of the QE curve.</summary>
    public static readonly SKColor QeColor = new(31, 119, 180);
    /// <summary>Colour of the final QE's marker.</summary>
    public static readonly SKColor FinalColor = new(214, 39, 40);
    /// <summary>Colour of the σ curve.</summary>
    public static readonly SKColor SigmaColor = new(44, 160, 44);

    private const int AxisGutter = 72, PanelTitle = 22, XAxis = 40, Gap = 12;

    /// <summary>Draws the curves of <paramref name="epochs"/> into <paramref name="path"/> (written atomically).</summary>
    /// <param name="fonts">The typefaces.</param>
    /// <param name="epochs">Every epoch of the run, in order.</param>
    /// <param name="finalQe">QE of the final codebook, or null.</param>
    /// <param name="finalTe">TE of the final codebook, or null.</param>
    /// <param name="adjacency">The TE's adjacency rule, in words.</param>
    /// <param name="path">The PNG file.</param>
    public static CurvesPicture Draw(RenderFonts fonts, IReadOnlyList<EpochRecord> epochs, double? finalQe, double? finalTe, string adjacency, string path)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        int n = epochs.Count;
        string te = finalTe is { } t ? string.Create(CultureInfo.InvariantCulture, $"final TE {t:F4}, adjacency: {adjacency}") : "TE not measured";
        string fq = finalQe is { } q ? string.Create(CultureInfo.InvariantCulture, $"final QE {q:F4}") : "no final QE";
        using var figure = new Figure(fonts, "Training curves",
            $"{n} epoch{(n == 1 ? "" : "s")}: QE of the codebook entering each epoch and σ; {fq}, {te}",
            AxisGutter + PlotWidth + 24, 2 * (PanelTitle + PlotHeight + XAxis) + Gap);
        int left = Figure.ContentLeft + AxisGutter;
        var qePanel = new SKRectI(left, Figure.ContentTop + PanelTitle, left + PlotWidth, Figure.ContentTop + PanelTitle + PlotHeight);
        int sigmaTop = qePanel.Bottom + XAxis + Gap + PanelTitle;
        var sigmaPanel = new SKRectI(left, sigmaTop, left + PlotWidth, sigmaTop + PlotHeight);

        // Epoch e sits at slot e of n + 1; the last slot holds the final QE (the codebook after the last epoch).
        float X(double e) => qePanel.Left + (float)((e + 0.5) / (n + 1) * PlotWidth);
        var qe = epochs.Where(e => e.QuantizationError is { } v && double.IsFinite(v)).Select(e => (e.Epoch, Value: e.QuantizationError!.Value)).ToList();
        var qeValues = qe.Select(p => p.Value).Concat(finalQe is { } f && double.IsFinite(f) ? [f] : []).ToList();
        var sigma = epochs.Where(e => double.IsFinite(e.Sigma)).Select(e => (e.Epoch, Value: e.Sigma)).ToList();

        figure.Text("quantization error (mean distance to the BMU)", qePanel.Left, qePanel.Top - 7, 12, bold: true);
        figure.Text("σ (neighbourhood radius, grid units)", sigmaPanel.Left, sigmaPanel.Top - 7, 12, bold: true);
        var qeScale = Axes(figure, qePanel, qeValues, n, X, "QE");
        var sigmaScale = Axes(figure, sigmaPanel, sigma.Select(p => p.Value).ToList(), n, X, "σ");

        bool markers = (float)PlotWidth / (n + 1) >= 6;
        var qePoints = Curve(figure, qe, X, qeScale, QeColor, markers);
        var sigmaPoints = Curve(figure, sigma, X, sigmaScale, SigmaColor, markers);
        SKPointI? finalPoint = null;
        if (finalQe is { } fin && double.IsFinite(fin))
        {
            var p = new SKPointI((int)X(n), (int)qeScale(fin));
            using var paint = new SKPaint { Color = FinalColor, IsAntialias = true, Style = SKPaintStyle.Fill };
            using var diamond = new SKPath();
            float cx = p.X + 0.5f, cy = p.Y + 0.5f, r = 6;
            diamond.MoveTo(cx, cy - r);
            diamond.LineTo(cx + r, cy);
            diamond.LineTo(cx, cy + r);
            diamond.LineTo(cx - r, cy);
            diamond.Close();
            figure.Canvas.DrawPath(diamond, paint);
            finalPoint = p;
            if (qePoints.Count > 0 && qe[^1].Epoch == n - 1)
            {
                // The last epoch's codebook entering it, then the final one: a dashed step between them.
                using var dash = SKPathEffect.CreateDash([4, 4], 0);
                using var link = new SKPaint { Color = FinalColor, StrokeWidth = 1.5f, IsAntialias = true, Style = SKPaintStyle.Stroke, PathEffect = dash };
                // From the edge of the last marker to the diamond's, so neither mark is painted over.
                float ax = qePoints[^1].X + 0.5f, ay = qePoints[^1].Y + 0.5f;
                float dx = cx - ax, dy = cy - ay, length = MathF.Sqrt(dx * dx + dy * dy);
                if (length > 2 * r) figure.Canvas.DrawLine(ax + dx / length * 5, ay + dy / length * 5, cx - dx / length * r, cy - dy / length * r, link);
            }
            float labelY = p.Y + 22 < qePanel.Bottom - 4 ? p.Y + 22 : p.Y - 12;
            figure.Text(string.Create(CultureInfo.InvariantCulture, $"{finalQe:F4}"), p.X, labelY, 11, align: SKTextAlign.Center);
        }
        figure.Text(te, qePanel.Right - 6, qePanel.Top + 16, 11, align: SKTextAlign.Right);
        if (qe.Count == 0)
            figure.Text("no per-epoch QE (online training, or the cosine metric)", qePanel.Left + 8, qePanel.Top + 16, 11);
        figure.Save(path);
        return new CurvesPicture(path, qePoints, sigmaPoints, finalPoint, qePanel, sigmaPanel);
    }

    /// <summary>Frame, grid lines, value ticks and the epoch axis of one panel; returns the value → pixel row map.</summary>
    private static Func<double, float> Axes(Figure figure, SKRectI panel, IReadOnlyList<double> values, int epochs, Func<double, float> x, string name)
    {
        var (low, high, step) = values.Count > 0 ? AxisTicks.Cover(values.Min(), values.Max()) : AxisTicks.Cover(0, 1);
        ChartPanel.ValueAxis(figure, panel, (low, high, step), 10);
        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        int every = EpochStep(epochs);
        for (int e = 0; e < epochs; e += every)
        {
            float px = x(e);
            figure.Canvas.DrawLine(px, panel.Bottom, px, panel.Bottom + 4, ink);
            figure.Text(e.ToString(CultureInfo.InvariantCulture), px, panel.Bottom + 16, 10, align: SKTextAlign.Center);
        }
        figure.Canvas.DrawLine(x(epochs), panel.Bottom, x(epochs), panel.Bottom + 4, ink);
        figure.Text("final", x(epochs), panel.Bottom + 16, 10, align: SKTextAlign.Center);
        figure.Text("epoch", panel.Left + panel.Width / 2f, panel.Bottom + 32, 11, align: SKTextAlign.Center);
        figure.Text(name, panel.Left - 52, panel.Top + panel.Height / 2f, 12, bold: true, align: SKTextAlign.Center);
        return v => ChartPanel.Row(panel, low, high, v);
    }

    private static List<SKPointI> Curve(Figure figure, IReadOnlyList<(int Epoch, double Value)> values, Func<double, float> x, Func<double, float> y,
        SKColor color, bool markers)
    {
        var points = values.Select(p => new SKPointI((int)x(p.Epoch), (int)y(p.Value))).ToList();
        ChartPanel.Series(figure, points.Select(p => (SKPoint?)new SKPoint(p.X + 0.5f, p.Y + 0.5f)).ToList(), color, markers || points.Count == 1 ? 4 : 0);
        return points;
    }

    private static int EpochStep(int epochs)
    {
        foreach (int step in (int[])[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000])
        {
            if ((float)PlotWidth / (epochs + 1) * step >= 28) return step;
        }
        return 10000;
    }
}
