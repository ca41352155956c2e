using System.Globalization;
using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Runner.Quantizing;

/// <summary>
/// The pictures of <c>som quantize</c>: each quantised image at full size, the original beside every quantised
/// version (scaled down with nearest-neighbour sampling, so every pixel shown is a palette colour), and the palettes
/// as swatches.
/// </summary>
internal static class QuantizePictures
{
    /// <summary>Largest side of a panel of the side-by-side picture.</summary>
    public const int PanelSide = 420;

    /// <summary>Panels to a row of the side-by-side picture.</summary>
    public const int PanelsPerRow = 4;

    /// <summary>Side of a palette swatch.</summary>
    public const int SwatchSide = 22;

    /// <summary>Swatches to a row of a k-means palette (a SOM palette is laid out as its map, a K × 1 map wrapped at this width).</summary>
    public const int SwatchesPerRow = 20;

    private const int PanelLabel = 20, PanelGap = 12, RowLabel = 150;

    /// <summary>Writes the image whose pixel i has colour <c>palette[labels[i]]</c> as a PNG, atomically.</summary>
    public static void SaveQuantized(int width, int height, byte[] palette, int[] labels, string path)
    {
        using var bitmap = Bitmap(width, height, (i, p) =>
        {
            int c = 3 * labels[i];
            (p[0], p[1], p[2]) = (palette[c], palette[c + 1], palette[c + 2]);
        });
        Encode(bitmap, path);
    }

    /// <summary>The size of a panel showing a <paramref name="width"/> × <paramref name="height"/> image: its longer side <see cref="PanelSide"/> (never enlarged).</summary>
    public static (int Width, int Height) PanelSize(int width, int height)
    {
        double scale = Math.Min(1.0, (double)PanelSide / Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Where panel p (0 = the original, then each K in order) is drawn.</summary>
    public static SKRectI Panel(int p, int width, int height)
    {
        var (w, h) = PanelSize(width, height);
        int column = p % PanelsPerRow, row = p / PanelsPerRow;
        int left = Figure.ContentLeft + column * (w + PanelGap), top = Figure.ContentTop + PanelLabel + row * (h + PanelLabel + PanelGap);
        return new SKRectI(left, top, left + w, top + h);
    }

    /// <summary>The original and each quantised version side by side, each labelled with K and its mean colour error.</summary>
    public static void SideBySide(RenderFonts fonts, PhotoPixels photo, string name, string methodRule, IReadOnlyList<QuantizeResult> results, string path)
    {
        int panels = results.Count + 1;
        var (w, h) = PanelSize(photo.Width, photo.Height);
        int columns = Math.Min(panels, PanelsPerRow), rows = (panels + PanelsPerRow - 1) / PanelsPerRow;
        using var f = new Figure(fonts, $"Colour quantisation of {name}", $"{photo.Width}x{photo.Height} pixels; {methodRule}",
            columns * w + (columns - 1) * PanelGap, rows * (h + PanelLabel) + (rows - 1) * PanelGap);
        for (int p = 0; p < panels; p++)
        {
            var r = Panel(p, photo.Width, photo.Height);
            using var bitmap = p == 0
                ? Bitmap(photo.Width, photo.Height, (i, px) => (px[0], px[1], px[2]) = (photo.Rgb[3 * i], photo.Rgb[3 * i + 1], photo.Rgb[3 * i + 2]))
                : Bitmap(photo.Width, photo.Height, (i, px) =>
                {
                    int c = 3 * results[p - 1].Labels[i];
                    var palette = results[p - 1].Palette;
                    (px[0], px[1], px[2]) = (palette[c], palette[c + 1], palette[c + 2]);
                });
            using var image = SKImage.FromBitmap(bitmap);
            f.Canvas.DrawImage(image, new SKRect(r.Left, r.Top, r.Right, r.Bottom), new SKSamplingOptions(SKFilterMode.Nearest));
            string label = p == 0 ? "original"
                : string.Create(CultureInfo.InvariantCulture, $"K = {results[p - 1].K}: mean error {results[p - 1].MeanError:F2}");
            f.Text(label, r.Left, r.Top - 6, 12, bold: p == 0);
        }
        f.Save(path);
    }

    /// <summary>Where swatch <paramref name="j"/> of the palette in row block <paramref name="top"/> is drawn.</summary>
    public static SKRectI Swatch(QuantizeResult result, QuantizeMethod method, int j, int top)
    {
        int perRow = method == QuantizeMethod.Som && result.MapHeight > 1 ? result.MapWidth : SwatchesPerRow;
        int column = j % perRow, row = j / perRow;
        int left = Figure.ContentLeft + RowLabel + column * (SwatchSide + 2), y = top + row * (SwatchSide + 2);
        return new SKRectI(left, y, left + SwatchSide, y + SwatchSide);
    }

    /// <summary>Height of the swatch block of a palette.</summary>
    public static int BlockHeight(QuantizeResult result, QuantizeMethod method)
    {
        int perRow = method == QuantizeMethod.Som && result.MapHeight > 1 ? result.MapWidth : SwatchesPerRow;
        int rows = (result.K + perRow - 1) / perRow;
        return Math.Max(rows * (SwatchSide + 2), 36) + PanelGap;
    }

    /// <summary>
    /// The order the swatches of a palette are drawn in: a SOM palette in map order (unit j = y·W + x, so neighbours
    /// on the map are neighbours here), a k-means palette by decreasing pixel count.
    /// </summary>
    public static int[] Order(QuantizeResult result, QuantizeMethod method)
    {
        int[] order = [.. Enumerable.Range(0, result.K)];
        if (method == QuantizeMethod.KMeans)
        {
            var counts = new int[result.K];
            foreach (int b in result.Labels) counts[b]++;
            order = [.. order.OrderByDescending(j => counts[j]).ThenBy(j => j)];
        }
        return order;
    }

    /// <summary>Every palette as swatches, one block per K labelled with K and the map it was learned on.</summary>
    public static IReadOnlyList<int> Palettes(RenderFonts fonts, string name, QuantizeMethod method, IReadOnlyList<QuantizeResult> results, string path)
    {
        int height = results.Sum(r => BlockHeight(r, method));
        int width = RowLabel + Math.Max(SwatchesPerRow, results.Max(r => r.MapHeight > 1 ? r.MapWidth : 0)) * (SwatchSide + 2);
        string order = method == QuantizeMethod.Som ? "in map order (a square map as its grid, a K × 1 map as a row)" : "by decreasing pixel count";
        using var f = new Figure(fonts, $"Palettes of {name}", $"each colour as written (rounded learned centre), {order}", width, height);
        var tops = new List<int>();
        int top = Figure.ContentTop;
        foreach (var r in results)
        {
            tops.Add(top);
            f.Text(string.Create(CultureInfo.InvariantCulture, $"K = {r.K}"), Figure.ContentLeft, top + 14, 12, bold: true);
            string shape = method == QuantizeMethod.Som ? $"{r.MapWidth}x{r.MapHeight} map" : "k-means";
            f.Text(shape, Figure.ContentLeft, top + 30, 10);
            int[] drawn = Order(r, method);
            for (int s = 0; s < drawn.Length; s++)
            {
                var rect = Swatch(r, method, s, top);
                int c = 3 * drawn[s];
                for (int y = rect.Top; y < rect.Bottom; y++)
                    for (int x = rect.Left; x < rect.Right; x++) f.Pixel(x, y, r.Palette[c], r.Palette[c + 1], r.Palette[c + 2]);
            }
            top += BlockHeight(r, method);
        }
        f.Save(path);
        return tops;
    }

    private delegate void PixelWriter(int i, Span<byte> rgba);

    private static unsafe SKBitmap Bitmap(int width, int height, PixelWriter write)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        nint pixels = bitmap.GetPixels();
        int stride = bitmap.RowBytes;
        Parallel.For(0, height, y =>
        {
            var row = new Span<byte>((byte*)pixels + (long)y * stride, 4 * width);
            for (int x = 0; x < width; x++)
            {
                var p = row.Slice(4 * x, 4);
                write(y * width + x, p);
                p[3] = 255;
            }
        });
        return bitmap;
    }

    private static void Encode(SKBitmap bitmap, string path)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new IOException($"{path}: SkiaSharp could not encode the picture as PNG");
        AtomicFile.Write(path, data.SaveTo);
    }
}
