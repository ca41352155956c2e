using System.Globalization;
using SkiaSharp;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// A PNG of curves on log-log axes: a grid line and a value at each 1, 2 and 5 × 10^k inside the range (only the
/// powers of ten when the range spans more than three decades), the points of each curve joined, its least-squares
/// power law (<see cref="PowerLawFit"/>) dashed, and a legend giving each curve's fitted exponent.
/// Text is drawn in DejaVu Sans loaded from a file (SkiaSharp's Linux assets have no fontconfig), from
/// <c>$SOMGPU_FONT_DIR</c> or Debian's fonts-dejavu-core folder, as the runner's pictures are.
/// </summary>
public static class LogLogChart
{
    private const int Width = 960, Height = 600, Left = 84, Top = 64, PlotWidth = 520, PlotHeight = 460;

    private static readonly SKColor[] Colours =
    [
        new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(255, 127, 14),
        new(148, 103, 189), new(140, 86, 75), new(227, 119, 194), new(23, 190, 207),
    ];

    /// <summary>The font folder: <c>$SOMGPU_FONT_DIR</c> when set, else Debian's fonts-dejavu-core folder.</summary>
    public static string FontFolder =>
        Environment.GetEnvironmentVariable("SOMGPU_FONT_DIR") is { Length: > 0 } f ? f : "/usr/share/fonts/truetype/dejavu";

    /// <summary>Why no chart can be drawn here (the font is missing), or null.</summary>
    public static string? Unavailable()
    {
        foreach (string name in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf" })
        {
            string path = Path.Combine(FontFolder, name);
            if (!File.Exists(path)) return $"font {path} not found: the charts need DejaVu Sans (apt-get install fonts-dejavu-core, or set SOMGPU_FONT_DIR)";
        }
        return null;
    }

    /// <summary>
    /// Draws <paramref name="series"/> and writes the PNG to <paramref name="path"/> atomically.
    /// </summary>
    /// <returns>The fitted power law of each series, in order.</returns>
    /// <exception cref="ArgumentException">No series, or a series with fewer than 2 points or a value not above 0.</exception>
    /// <exception cref="InvalidOperationException">The font is missing (<see cref="Unavailable"/>).</exception>
    public static IReadOnlyList<PowerLaw> Write(string path, string title, string subtitle, string xLabel, string yLabel,
        IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("no series: expected at least one curve", nameof(series));
        if (Unavailable() is { } why) throw new InvalidOperationException(why);
        var fits = series.Select(s => PowerLawFit.Fit(s.X, s.Y)).ToList();
        var (x0, x1) = Range(series.SelectMany(s => s.X));
        var (y0, y1) = Range(series.SelectMany(s => s.Y));

        using var regular = SKTypeface.FromFile(Path.Combine(FontFolder, "DejaVuSans.ttf"));
        using var bold = SKTypeface.FromFile(Path.Combine(FontFolder, "DejaVuSans-Bold.ttf"));
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var plot = new SKRect(Left, Top, Left + PlotWidth, Top + PlotHeight);
        float Px(double x) => plot.Left + (float)((Math.Log10(x) - Math.Log10(x0)) / (Math.Log10(x1) - Math.Log10(x0)) * plot.Width);
        float Py(double y) => plot.Bottom - (float)((Math.Log10(y) - Math.Log10(y0)) / (Math.Log10(y1) - Math.Log10(y0)) * plot.Height);

        using var ink = new SKPaint { Color = new SKColor(40, 40, 40), StrokeWidth = 1, Style = SKPaintStyle.Stroke, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        using var text = new SKPaint { Color = new SKColor(30, 30, 30), IsAntialias = true };
        using var small = new SKFont(regular, 12);
        using var label = new SKFont(regular, 14);
        using var heading = new SKFont(bold, 18);

        canvas.DrawText(title, 16, 28, heading, text);
        canvas.DrawText(subtitle, 16, 48, small, text);
        foreach (double v in Ticks(x0, x1))
        {
            float x = Px(v);
            canvas.DrawLine(x, plot.Top, x, plot.Bottom, grid);
            canvas.DrawLine(x, plot.Bottom, x, plot.Bottom + 5, ink);
            canvas.DrawText(Format(v), x, plot.Bottom + 19, SKTextAlign.Center, small, text);
        }
        foreach (double v in Ticks(y0, y1))
        {
            float y = Py(v);
            canvas.DrawLine(plot.Left, y, plot.Right, y, grid);
            canvas.DrawLine(plot.Left - 5, y, plot.Left, y, ink);
            canvas.DrawText(Format(v), plot.Left - 8, y + 4, SKTextAlign.Right, small, text);
        }
        canvas.DrawRect(plot, ink);
        canvas.DrawText(xLabel, plot.MidX, plot.Bottom + 42, SKTextAlign.Center, label, text);
        canvas.Save();
        canvas.RotateDegrees(-90, 18, plot.MidY);
        canvas.DrawText(yLabel, 18, plot.MidY + 4, SKTextAlign.Center, label, text);
        canvas.Restore();

        canvas.Save();
        canvas.ClipRect(plot);
        for (int s = 0; s < series.Count; s++)
        {
            var c = Colours[s % Colours.Length];
            using var line = new SKPaint { Color = c, StrokeWidth = 2, Style = SKPaintStyle.Stroke, IsAntialias = true };
            using var dash = new SKPaint { Color = c.WithAlpha(150), StrokeWidth = 1.2f, Style = SKPaintStyle.Stroke, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
            using var dot = new SKPaint { Color = c, Style = SKPaintStyle.Fill, IsAntialias = true };
            var pts = series[s].X.Zip(series[s].Y, (x, y) => new SKPoint(Px(x), Py(y))).ToArray();
            for (int i = 1; i < pts.Length; i++) canvas.DrawLine(pts[i - 1], pts[i], line);
            foreach (var p in pts) canvas.DrawCircle(p, 3.5f, dot);
            double fx0 = series[s].X.Min(), fx1 = series[s].X.Max();
            canvas.DrawLine(Px(fx0), Py(fits[s].At(fx0)), Px(fx1), Py(fits[s].At(fx1)), dash);
        }
        canvas.Restore();

        float ly = plot.Top + 4;
        canvas.DrawText("curve: fitted t ∝ x^k (R²)", plot.Right + 20, ly + 10, small, text);
        ly += 26;
        for (int s = 0; s < series.Count; s++)
        {
            var c = Colours[s % Colours.Length];
            using var line = new SKPaint { Color = c, StrokeWidth = 3, Style = SKPaintStyle.Stroke };
            canvas.DrawLine(plot.Right + 20, ly - 4, plot.Right + 44, ly - 4, line);
            canvas.DrawText(series[s].Name, plot.Right + 52, ly, small, text);
            canvas.DrawText($"k = {fits[s].Exponent.ToString("F2", CultureInfo.InvariantCulture)} (R² {fits[s].RSquared.ToString("F3", CultureInfo.InvariantCulture)})",
                plot.Right + 52, ly + 16, small, text);
            ly += 40;
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => png.SaveTo(stream));
        return fits;
    }

    /// <summary>The axis range: the data's range widened by 8 % of its decades at each end (a quarter decade when all values are equal).</summary>
    public static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count == 0 || list.Any(v => !(double.IsFinite(v) && v > 0)))
            throw new ArgumentException("expected at least one value, every one finite and above 0, on a log axis", nameof(values));
        double lo = Math.Log10(list.Min()), hi = Math.Log10(list.Max());
        double pad = hi > lo ? 0.08 * (hi - lo) : 0.25;
        return (Math.Pow(10, lo - pad), Math.Pow(10, hi + pad));
    }

    /// <summary>
    /// The labelled values inside [<paramref name="lo"/>, <paramref name="hi"/>]: 1, 2, 5 × 10^k, only 10^k over more
    /// than three decades, every 1 … 9 × 10^k when that leaves fewer than two.
    /// </summary>
    public static IReadOnlyList<double> Ticks(double lo, double hi)
    {
        var ticks = Ticks(lo, hi, Math.Log10(hi / lo) > 3 ? [1] : [1, 2, 5]);
        return ticks.Count >= 2 ? ticks : Ticks(lo, hi, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    private static List<double> Ticks(double lo, double hi, double[] steps)
    {
        var ticks = new List<double>();
        for (int k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
        {
            foreach (double m in steps)
            {
                double v = m * Math.Pow(10, k);
                if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) ticks.Add(v);
            }
        }
        return ticks;
    }

    /// <summary>A tick value: thousands separated from 1,000 up, at most four decimals down to 10⁻⁴, an exponent below.</summary>
    public static string Format(double v) =>
        v >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v >= 1e-4 ? v.ToString("0.####", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);
}
