using SkiaSharp;
using Som.Benchmarks;

namespace Som.Tests.Benchmarks;

/// <summary>
/// The scaling study's power-law fit against exact power laws and against the textbook normal-equation formula on
/// noisy points; its errors; and the log-log chart's ticks and PNG.
/// </summary>
public class PowerLawFitTests
{
    private static readonly double[] Samples = [7_000, 12_000, 22_000, 39_000, 70_000];
    private static readonly double[] Units = [100, 256, 576, 1024, 2304, 4096, 9216, 16384];

    [Theory]
    [InlineData(1.0, 3.7e-9)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 42.0)]
    [InlineData(-1.0, 0.25)]
    [InlineData(3.0, 1e-12)]
    public void Recovers_the_exponent_and_coefficient_of_an_exact_power_law(double k, double c)
    {
        foreach (var x in new[] { Samples, Units, [1.0, 2.0] })
        {
            var y = x.Select(v => c * Math.Pow(v, k)).ToArray();
            var fit = PowerLawFit.Fit(x, y);
            Assert.Equal(k, fit.Exponent, 1e-12);
            Assert.Equal(1, fit.Coefficient / c, 1e-9);
            Assert.Equal(1, fit.RSquared, 1e-12);
            Assert.Equal(1, fit.At(x[^1]) / y[^1], 1e-9);
        }
    }

    [Fact]
    public void Matches_the_normal_equations_on_noisy_points()
    {
        double[] x = Units;
        var y = x.Select((v, i) => 2e-6 * Math.Pow(v, 1.3) * (1 + 0.2 * Math.Sin(3 * i + 1))).ToArray();
        var fit = PowerLawFit.Fit(x, y);

        // Slope and intercept from the sums: k = (n Σuv − Σu Σv) / (n Σu² − (Σu)²), ln c = (Σv − k Σu) / n.
        int n = x.Length;
        double su = 0, sv = 0, suu = 0, suv = 0;
        for (int i = 0; i < n; i++)
        {
            double u = Math.Log(x[i]), v = Math.Log(y[i]);
            su += u;
            sv += v;
            suu += u * u;
            suv += u * v;
        }
        double k = (n * suv - su * sv) / (n * suu - su * su);
        double lnC = (sv - k * su) / n;
        double ssRes = 0, ssTot = 0, mean = sv / n;
        for (int i = 0; i < n; i++)
        {
            double v = Math.Log(y[i]), e = v - (lnC + k * Math.Log(x[i]));
            ssRes += e * e;
            ssTot += (v - mean) * (v - mean);
        }
        Assert.Equal(k, fit.Exponent, 1e-10);
        Assert.Equal(lnC, Math.Log(fit.Coefficient), 1e-9);
        Assert.Equal(1 - ssRes / ssTot, fit.RSquared, 1e-10);
        Assert.InRange(fit.RSquared, 0.5, 0.9999);
        Assert.InRange(fit.Exponent, 1.2, 1.4);
    }

    [Fact]
    public void Refuses_what_cannot_be_fitted_naming_the_value()
    {
        Assert.Contains("2 x values and 3 y values", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 2], [1, 2, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("1 points", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("0 points", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([], [])).Message, StringComparison.Ordinal);
        Assert.Contains("x[1] = 0", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 0], [1, 2])).Message, StringComparison.Ordinal);
        Assert.Contains("y[0] = -2", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 3], [-2, 2])).Message, StringComparison.Ordinal);
        Assert.Contains("y[1] = NaN", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 3], [2, double.NaN])).Message, StringComparison.Ordinal);
        Assert.Contains("every x is 5", Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([5, 5, 5], [1, 2, 3])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ticks_are_one_two_five_per_decade_powers_over_wide_ranges_and_finer_when_few()
    {
        Assert.Equal(new double[] { 1, 2, 5, 10, 20, 50, 100 }, LogLogChart.Ticks(0.8, 120).Select(v => Math.Round(v, 9)));
        Assert.Equal(new double[] { 1, 10, 100, 1000, 10000 }, LogLogChart.Ticks(1, 10_000).Select(v => Math.Round(v, 9)));
        Assert.Equal(new double[] { 0.3, 0.4 }, LogLogChart.Ticks(0.25, 0.45).Select(v => Math.Round(v, 9)));
        Assert.Equal("12,000", LogLogChart.Format(12_000));
        Assert.Equal("0.005", LogLogChart.Format(0.005));
    }

    [Fact]
    public void Chart_is_a_png_with_each_curve_drawn_in_its_colour_and_returns_the_fits()
    {
        if (LogLogChart.Unavailable() is { } why) Assert.Fail(why + " (data-scripts/setup.sh installs it)");
        string folder = Path.Combine(Path.GetTempPath(), "som-loglog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "c.png");
            var fits = LogLogChart.Write(path, "title", "subtitle", "N", "seconds",
            [
                new ChartSeries("linear", Samples, [.. Samples.Select(v => 1e-5 * v)]),
                new ChartSeries("square", Samples, [.. Samples.Select(v => 1e-9 * v * v)]),
            ]);
            Assert.Equal(1, fits[0].Exponent, 1e-9);
            Assert.Equal(2, fits[1].Exponent, 1e-9);
            using var bitmap = SKBitmap.Decode(path);
            Assert.Equal((960, 600), (bitmap.Width, bitmap.Height));
            // The first two palette colours (the curves and their legend swatches) appear; text is drawn (dark pixels
            // in the legend panel right of the plot).
            var colours = new HashSet<SKColor>();
            int dark = 0;
            for (int y = 0; y < bitmap.Height; y++)
                for (int x = 0; x < bitmap.Width; x++)
                {
                    var p = bitmap.GetPixel(x, y);
                    colours.Add(p);
                    if (x > 620 && p.Red < 80 && p.Green < 80 && p.Blue < 80) dark++;
                }
            Assert.Contains(new SKColor(31, 119, 180), colours);
            Assert.Contains(new SKColor(214, 39, 40), colours);
            Assert.True(dark > 200, $"{dark} dark pixels in the legend: no text drawn?");
            Assert.Throws<ArgumentException>(() => LogLogChart.Write(path, "t", "s", "x", "y", [new ChartSeries("bad", [1, 2], [1, 0])]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
