using System.Globalization;
using System.Text.Json.Nodes;
using Som.Tests.Runner;
using Xunit.Abstractions;

namespace Som.Tests.Rendering;

/// <summary>
/// report.html of a real (small) training run, opened from disk in headless Chromium: every image decodes, nothing
/// logs an error, nothing but the page itself and its data: images is requested, and every number on the page is the
/// one in metrics.json. A screenshot of the page goes to the test output (report-browser/report.png beside the test
/// assembly). A second test shows the checks can fail: a broken image and a console error are both caught.
/// </summary>
public sealed class ReportPageBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_report_of_a_training_run_opens_in_chromium_with_the_numbers_of_metrics_json()
    {
        using var dir = new TempDirectory();
        // A non-square map, with a test split so every row of the table has a value.
        var (exit, stdout, error) = RunnerHarness.Run("train", "--data", "fashion-mnist", "--limit", "700", "--test-limit", "300",
            "--map", "7x5", "--epochs", "4", "--seed", "2", "--out", dir.Path);
        Assert.True(exit == 0, error + stdout);
        var metrics = (JsonObject)JsonNode.Parse(File.ReadAllText(dir["metrics.json"]))!;
        int pictures = Directory.GetFiles(dir.Path, "*.png").Length;
        Assert.Equal(8, pictures); // prototypes, umatrix, hits, classes, exemplars, pca, tsne, curves

        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.OpenAsync(dir["report.html"]);
        Assert.Equal(pictures, await page.ImageCountAsync());
        Assert.Empty(await page.BrokenImagesAsync());
        Assert.True(page.ConsoleErrors.Count == 0, "console errors: " + string.Join(" | ", page.ConsoleErrors));
        Assert.True(page.PageErrors.Count == 0, "script errors: " + string.Join(" | ", page.PageErrors));
        string self = new Uri(dir["report.html"]).AbsoluteUri;
        Assert.All(page.Requests, url => Assert.True(url == self || url.StartsWith("data:image/png;base64,", StringComparison.Ordinal), $"the page requested {url}"));

        // Every number marked on the page against the file, and the ones the report must show are there.
        var marked = await page.Page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('[data-metric]')).map(e => [e.dataset.metric, e.dataset.value, e.textContent])");
        var seen = new HashSet<string>();
        foreach (var m in marked)
        {
            string path = m[0], value = m[1], text = m[2];
            Assert.True(seen.Add(path), $"{path} is marked twice");
            double? expected = Lookup(metrics, path);
            if (expected is null)
            {
                Assert.Equal("null", value);
                continue;
            }
            double shown = double.Parse(value, CultureInfo.InvariantCulture);
            Assert.True(shown == expected.Value, $"{path}: page {value}, metrics.json {expected.Value:R}");
            Assert.False(string.IsNullOrWhiteSpace(text), $"{path}: no text");
        }
        string[] required = ["quantization_error", "topographic_error", "purity", "train_accuracy", "test_accuracy", "initial_quantization_error"];
        foreach (string key in required) Assert.Contains(key, seen);
        var epochs = (JsonArray)metrics["epochs"]!;
        Assert.Equal(4, epochs.Count);
        for (int e = 0; e < epochs.Count; e++)
        {
            Assert.Contains($"epochs[{e}].quantization_error", seen);
            Assert.Contains($"epochs[{e}].sigma", seen);
        }
        var perClass = (JsonArray)metrics["per_class_accuracy"]!;
        Assert.Equal(10, perClass.Count);
        for (int c = 0; c < perClass.Count; c++) Assert.Contains($"per_class_accuracy[{c}].test_accuracy", seen);
        // The rounded text is the value's: QE to four decimals.
        string qeText = await page.Page.EvaluateAsync<string>("() => document.querySelector('td[data-metric=\"quantization_error\"]').textContent");
        Assert.Equal(((double)metrics["quantization_error"]!).ToString("F4", CultureInfo.InvariantCulture), qeText);
        string rule = await page.Page.EvaluateAsync<string>("() => document.querySelector('[data-field=\"topographic_adjacency\"]').textContent");
        Assert.Equal((string)metrics["topographic_adjacency"]!, rule);

        string shots = Path.Combine(AppContext.BaseDirectory, "report-browser");
        Directory.CreateDirectory(shots);
        string shot = Path.Combine(shots, "report.png");
        await page.SaveScreenshotAsync(shot);
        Assert.True(new FileInfo(shot).Length > 10_000);
        output.WriteLine($"screenshot: {shot}");
    }

    [Fact]
    public async Task The_checks_catch_a_broken_image_and_a_console_error()
    {
        using var dir = new TempDirectory();
        string good = Convert.ToBase64String(File.ReadAllBytes(WriteTinyPng(dir)));
        string page = dir.WriteText("bad.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
            + $"<img alt=\"good\" src=\"data:image/png;base64,{good}\"><img alt=\"broken\" src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\">"
            + "<script>console.error('something failed')</script></body></html>");
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var opened = await browser.OpenAsync(page);
        Assert.Equal(2, await opened.ImageCountAsync());
        Assert.Equal(["broken"], await opened.BrokenImagesAsync());
        Assert.Contains("something failed", opened.ConsoleErrors);
    }

    /// <summary>A metrics.json value by the page's path ("epochs[2].sigma"); null for JSON null.</summary>
    private static double? Lookup(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (string part in path.Split('.'))
        {
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            string key = bracket < 0 ? part : part[..bracket];
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : throw new KeyNotFoundException($"{path}: no {key} in metrics.json");
            if (bracket >= 0)
            {
                int index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
                node = ((JsonArray)node!)[index];
            }
        }
        return node is null ? null : (double)node;
    }

    private static string WriteTinyPng(TempDirectory dir)
    {
        using var bitmap = new SkiaSharp.SKBitmap(3, 2);
        bitmap.Erase(SkiaSharp.SKColors.Teal);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return dir.Write("tiny.png", data.ToArray());
    }
}
