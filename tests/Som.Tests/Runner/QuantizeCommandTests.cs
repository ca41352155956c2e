using System.Text.Json.Nodes;
using SkiaSharp;
using Som.Runner.Quantizing;
using Som.Tests.Rendering;

namespace Som.Tests.Runner;

/// <summary><c>som quantize</c>: exact palettes on images whose answer is known, the error against a naive recomputation, and bad input.</summary>
public class QuantizeCommandTests
{
    /// <summary>Writes a PNG whose pixel (x, y) has colour <paramref name="colour"/>(x, y).</summary>
    private static string WritePng(TempDirectory dir, string name, int width, int height, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = colour(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return dir.Write(name, data.ToArray());
    }

    private static (byte, byte, byte)[] Pixels(string path)
    {
        using var png = new PictureReader(path);
        var result = new (byte, byte, byte)[png.Width * png.Height];
        for (int y = 0; y < png.Height; y++)
            for (int x = 0; x < png.Width; x++)
            {
                var c = png.At(x, y);
                result[y * png.Width + x] = (c.Red, c.Green, c.Blue);
            }
        return result;
    }

    private static (byte, byte, byte) Random(int x, int y, int seed)
    {
        uint h = (uint)(x * 73856093 ^ y * 19349663 ^ seed * 83492791);
        h ^= h >> 13;
        h *= 0x5bd1e995;
        h ^= h >> 15;
        return ((byte)h, (byte)(h >> 8), (byte)(h >> 16));
    }

    [Theory]
    [InlineData("kmeans")]
    [InlineData("som")]
    public void A_two_colour_image_quantised_to_two_colours_gives_exactly_those_colours(string method)
    {
        using var dir = new TempDirectory();
        (byte, byte, byte) a = (200, 30, 41), b = (9, 221, 90);
        // Uneven parts: the second colour on a diagonal band and a corner, 31 × 33 pixels.
        string image = WritePng(dir, "two.png", 31, 33, (x, y) => Math.Abs(x - y) < 4 || (x > 25 && y > 27) ? b : a);
        string outDir = dir["out"];
        var (exit, output, error) = RunnerHarness.Run("quantize", image, "--colors", "2", "--method", method, "--out", outDir);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        var original = Pixels(image);
        var quantised = Pixels(Path.Combine(outDir, $"{method}-2.png"));
        Assert.Equal(original, quantised);
        Assert.Equal(new HashSet<(byte, byte, byte)> { a, b }, quantised.ToHashSet());
        var row = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "quantize.json")))!["results"]![0]!;
        Assert.Equal(0.0, row["mean_error"]!.GetValue<double>());
        Assert.Equal(["#c81e29", "#09dd5a"], row["palette"]!.AsArray().Select(p => p!["hex"]!.GetValue<string>()).Order(StringComparer.Ordinal).Reverse());

        // The side-by-side panel of K = 2 shows only those two colours; the palette picture has a title.
        using var side = new PictureReader(Path.Combine(outDir, "side-by-side.png"));
        var panel = QuantizePictures.Panel(1, 31, 33);
        for (int y = panel.Top; y < panel.Bottom; y++)
            for (int x = panel.Left; x < panel.Right; x++)
            {
                var c = side.At(x, y);
                Assert.Contains((c.Red, c.Green, c.Blue), new[] { a, b });
            }
        Assert.True(side.Ink(side.TitleBand) > 50, "side-by-side.png has no title");
        using var palettes = new PictureReader(Path.Combine(outDir, "palettes.png"));
        Assert.True(palettes.Ink(palettes.TitleBand) > 50, "palettes.png has no title");
    }

    [Theory]
    [InlineData("kmeans", 33, 31)]
    [InlineData("som", 1, 127)]
    public void One_colour_is_the_mean_colour_of_all_pixels(string method, int width, int height)
    {
        using var dir = new TempDirectory();
        string image = WritePng(dir, "noise.png", width, height, (x, y) => Random(x, y, 3));
        var original = Pixels(image);
        double[] mean = new double[3];
        foreach (var (r, g, b) in original) (mean[0], mean[1], mean[2]) = (mean[0] + r, mean[1] + g, mean[2] + b);
        var expected = ((byte)Math.Round(mean[0] / original.Length, MidpointRounding.AwayFromZero),
            (byte)Math.Round(mean[1] / original.Length, MidpointRounding.AwayFromZero), (byte)Math.Round(mean[2] / original.Length, MidpointRounding.AwayFromZero));
        string outDir = dir["out"];
        var (exit, _, error) = RunnerHarness.Run("quantize", image, "--colors", "1", "--method", method, "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.All(Pixels(Path.Combine(outDir, $"{method}-1.png")), p => Assert.Equal(expected, p));
    }

    [Fact]
    public void The_errors_are_those_of_the_written_images_and_each_pixel_takes_its_nearest_colour()
    {
        using var dir = new TempDirectory();
        string image = WritePng(dir, "noise.png", 40, 40, (x, y) => Random(x, y, 11));
        string outDir = dir["out"];
        var (exit, output, error) = RunnerHarness.Run("quantize", image, "--colors", "3,7", "--sample", "500", "--seed", "4", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("learned on a seeded sample of 500 of the 1600 pixels (seed 4)", output);
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "quantize.json")))!;
        Assert.Equal(500, doc["fit_pixels"]!.GetValue<int>());
        var original = Pixels(image);
        foreach (var row in doc["results"]!.AsArray())
        {
            int k = row!["k"]!.GetValue<int>();
            var palette = row["palette"]!.AsArray().Select(p => p!["rgb"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray()).ToArray();
            Assert.Equal(k, palette.Length);
            Assert.Equal(original.Length, row["palette"]!.AsArray().Sum(p => p!["pixels"]!.GetValue<int>()));
            var written = Pixels(Path.Combine(outDir, $"kmeans-{k}.png"));
            double sum = 0, squares = 0;
            for (int i = 0; i < original.Length; i++)
            {
                var (r, g, b) = original[i];
                var (wr, wg, wb) = written[i];
                Assert.Contains(palette, p => p[0] == wr && p[1] == wg && p[2] == wb);
                double s = Math.Pow(r - wr, 2) + Math.Pow(g - wg, 2) + Math.Pow(b - wb, 2);
                sum += Math.Sqrt(s);
                squares += s;
                // Nearest up to the rounding of the learned centres to integers (at most √3 / 2 each way).
                double nearest = palette.Min(p => Math.Sqrt(Math.Pow(r - p[0], 2) + Math.Pow(g - p[1], 2) + Math.Pow(b - p[2], 2)));
                Assert.True(Math.Sqrt(s) <= nearest + Math.Sqrt(3) + 1e-9, $"pixel {i} took a colour {Math.Sqrt(s)} away; the nearest is {nearest}");
            }
            Assert.Equal(sum / original.Length, row["mean_error"]!.GetValue<double>(), 9);
            Assert.Equal(Math.Sqrt(squares / original.Length), row["rms_error"]!.GetValue<double>(), 9);
        }
        var errors = doc["results"]!.AsArray().Select(r => r!["mean_error"]!.GetValue<double>()).ToArray();
        Assert.True(errors[1] < errors[0], $"7 colours ({errors[1]}) are no better than 3 ({errors[0]})");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(9, 3)]
    [InlineData(31, 1)]
    [InlineData(100, 10)]
    public void A_som_palette_is_a_square_map_when_k_is_a_square(int k, int side)
    {
        var (w, h) = ColourQuantizer.SomShape(k);
        Assert.Equal(side == 1 && k > 1 ? (k, 1) : (side, side), (w, h));
    }

    [Theory]
    [InlineData(new[] { "--colors", "0" }, "--colors: '0' is not a list of palette sizes K ≥ 1: expected e.g. 5,10,100")]
    [InlineData(new[] { "--colors", "5,x" }, "--colors: '5,x' is not a list of palette sizes K ≥ 1")]
    [InlineData(new[] { "--colors", "-3" }, "--colors: '-3' is not a list")]
    [InlineData(new[] { "--colors", "4,17" }, "--colors: 17 is more than the 16 pixels of small.png: expected at most 16")]
    [InlineData(new[] { "--colors", "10", "--sample", "5" }, "--colors: 10 is more than the 5 pixels the palette is learned on: expected at most 5 (raise --sample)")]
    [InlineData(new[] { "--method", "median-cut" }, "--method: 'median-cut' is not one of kmeans, som")]
    [InlineData(new[] { "--sample", "0" }, "--sample: 0 is out of range: expected 1…")]
    [InlineData(new[] { "@not-an-image" }, "not-an-image.png: not an image SkiaSharp can decode: expected PNG, JPEG, WebP, BMP or GIF")]
    [InlineData(new[] { "@missing" }, "missing.png: not found: expected an image file")]
    public void Bad_input_is_one_line_exit_2_and_writes_nothing(string[] args, string expected)
    {
        using var dir = new TempDirectory();
        string image = WritePng(dir, "small.png", 4, 4, (x, y) => Random(x, y, 1));
        dir.WriteText("not-an-image.png", "this is text, not a PNG\n");
        if (args[0].StartsWith('@'))
        {
            image = dir[args[0][1..] + ".png"];
            args = [];
        }
        string outDir = dir["out"];
        var (exit, output, error) = RunnerHarness.Run(["quantize", image, .. args, "--out", outDir]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(outDir), "a failed run created its output folder");
        Assert.DoesNotContain("Usage:", output + error);
    }
}
