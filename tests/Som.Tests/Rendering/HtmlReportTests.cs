using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Som.Runner.Reporting;

namespace Som.Tests.Rendering;

/// <summary>
/// report.html without a browser: the pictures present in the folder, and only those, in the fixed order with their
/// bytes inline; no script, no outside reference; every marked number equal to the document's; written atomically.
/// </summary>
public sealed partial class HtmlReportTests
{
    [Fact]
    public void Pictures_present_appear_in_the_fixed_order_with_their_bytes_inline()
    {
        using var dir = new TempDirectory();
        // Written out of order, with views other commands add (pca, tsne, training) and a file the report ignores.
        string[] present = ["training.png", "hits.png", "pca.png", "prototypes.png", "curves.png", "tsne.png"];
        var bytes = new Dictionary<string, byte[]>();
        int k = 0;
        foreach (string name in present) bytes[name] = File.ReadAllBytes(dir.Write(name, TinyPng(3 + k++, 2)));
        dir.Write("other.png", TinyPng(5, 5));
        var metrics = new JsonObject { ["quantization_error"] = 1.5, ["epochs"] = new JsonArray(new JsonObject { ["epoch"] = 0, ["sigma"] = 2.0, ["quantization_error"] = 1.75, ["seconds"] = 0.25 }) };
        string path = HtmlReport.Write(dir.Path, metrics, "title <&>", "origin");
        string html = File.ReadAllText(path);

        var order = PictureAttribute().Matches(html).Select(m => m.Groups[1].Value).ToList();
        // curves.png leads the training section, right after the metrics; the others follow in the fixed order.
        var expected = HtmlReport.Pictures.Select(p => p.File).Where(present.Contains).Where(f => f != "curves.png").Prepend("curves.png").ToList();
        Assert.Equal(expected, order);
        Assert.DoesNotContain("other.png", html, StringComparison.Ordinal);
        Assert.DoesNotContain("umatrix.png", html, StringComparison.Ordinal);
        foreach (Match m in ImageSource().Matches(html))
        {
            string file = m.Groups[1].Value;
            Assert.Equal(bytes[file], Convert.FromBase64String(m.Groups[2].Value));
        }
        Assert.Equal(present.Length, ImageSource().Matches(html).Count);
        Assert.Contains("title &lt;&amp;&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("file:", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Equal(["curves.png", "hits.png", "other.png", "pca.png", "prototypes.png", "report.html", "training.png", "tsne.png"], dir.Listing());
    }

    [Fact]
    public void Marked_numbers_are_the_documents_and_missing_ones_say_null()
    {
        using var dir = new TempDirectory();
        var metrics = new JsonObject
        {
            ["quantization_error"] = 0.1 + 0.2, // 0.30000000000000004: the page must keep every digit
            ["topographic_error"] = 1.0 / 3,
            ["purity"] = null,
            ["train_accuracy"] = 0.5,
            ["epochs"] = new JsonArray(
                new JsonObject { ["epoch"] = 0, ["sigma"] = 4.0, ["quantization_error"] = 2.5, ["seconds"] = 1.0 },
                new JsonObject { ["epoch"] = 1, ["sigma"] = 1.0 / 7, ["quantization_error"] = null, ["seconds"] = 2.0 }),
        };
        string html = HtmlReport.Build(dir.Path, metrics, "t", "o");
        var values = MetricAttribute().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal((0.1 + 0.2).ToString("R", CultureInfo.InvariantCulture), values["quantization_error"]);
        Assert.Equal((1.0 / 3).ToString("R", CultureInfo.InvariantCulture), values["topographic_error"]);
        Assert.Equal((1.0 / 7).ToString("R", CultureInfo.InvariantCulture), values["epochs[1].sigma"]);
        Assert.Equal("null", values["epochs[1].quantization_error"]);
        Assert.Equal("2.5", values["epochs[0].quantization_error"]);
        Assert.False(values.ContainsKey("purity"), "a missing measure has no row");
        Assert.Contains(">0.3000<", html, StringComparison.Ordinal);
        Assert.Contains(">50.00 %<", html, StringComparison.Ordinal);
    }

    private static byte[] TinyPng(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        bitmap.Erase(SkiaSharp.SKColors.Orange);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex("<figure data-picture=\"([^\"]+)\"")]
    private static partial Regex PictureAttribute();

    [GeneratedRegex("<img alt=\"([^\"]+)\"[^>]* src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("data-metric=\"([^\"]+)\" data-value=\"([^\"]+)\"")]
    private static partial Regex MetricAttribute();
}
