using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// One picture: a white canvas with a bold title and a subtitle above a content area, and a side panel to its right
/// for a colour bar or legend. Tiles are written straight into the pixels, so they carry their exact colours.
/// </summary>
internal sealed class Figure : IDisposable
{
    /// <summary>Space around and between the parts.</summary>
    public const int Margin = 16;
    /// <summary>Height of the title and subtitle block.</summary>
    public const int HeaderHeight = 64;
    /// <summary>Space left of and above a map for its row and column labels.</summary>
    public const int LabelGutter = 28;

    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly RenderFonts _fonts;
    private readonly nint _pixels;
    private readonly int _rowBytes, _width, _height;

    /// <summary>
    /// A picture whose content area is <paramref name="contentWidth"/> × <paramref name="contentHeight"/>, at least
    /// wide enough for a title of <paramref name="minTitleWidth"/> pixels (so that frames with different titles
    /// share one size).
    /// </summary>
    public Figure(RenderFonts fonts, string title, string subtitle, int contentWidth, int contentHeight, int sideWidth = 0, int sideHeight = 0,
        int minTitleWidth = 0)
    {
        _fonts = fonts;
        using var titleFont = new SKFont(fonts.Bold, 18);
        using var subtitleFont = new SKFont(fonts.Regular, 12);
        int textWidth = (int)Math.Ceiling(Math.Max(Math.Max(titleFont.MeasureText(title), subtitleFont.MeasureText(subtitle)), minTitleWidth));
        int width = Math.Max(Margin + contentWidth + (sideWidth > 0 ? Margin + sideWidth : 0) + Margin, 2 * Margin + textWidth);
        int height = HeaderHeight + Math.Max(contentHeight, sideHeight) + Margin;
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        _canvas = new SKCanvas(_bitmap);
        (_pixels, _rowBytes, _width, _height) = (_bitmap.GetPixels(), _bitmap.RowBytes, width, height);
        _canvas.Clear(Palette.Background);
        SideLeft = Margin + contentWidth + Margin;
        Text(title, Margin, 26, 18, bold: true);
        Text(subtitle, Margin, 46, 12);
    }

    /// <summary>Width of the title <paramref name="title"/> in the title font.</summary>
    public static float TitleWidth(RenderFonts fonts, string title)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        using var titleFont = new SKFont(fonts.Bold, 18);
        return titleFont.MeasureText(title);
    }

    /// <summary>Picture width in pixels.</summary>
    public int Width => _width;
    /// <summary>Picture height in pixels.</summary>
    public int Height => _height;

    /// <summary>The pixels as drawn so far: RGBA8 rows of <see cref="RowBytes"/> bytes.</summary>
    public ReadOnlySpan<byte> Rgba()
    {
        _canvas.Flush();
        return _bitmap.GetPixelSpan();
    }

    /// <summary>Bytes per row of <see cref="Rgba"/>.</summary>
    public int RowBytes => _rowBytes;

    /// <summary>Left edge of the content area.</summary>
    public static int ContentLeft => Margin;
    /// <summary>Top edge of the content area.</summary>
    public static int ContentTop => HeaderHeight;
    /// <summary>Left edge of the side panel.</summary>
    public int SideLeft { get; }
    /// <summary>The canvas, for shapes.</summary>
    public SKCanvas Canvas => _canvas;

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>.</summary>
    public void Text(string text, float x, float y, float size, bool bold = false, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(bold ? _fonts.Bold : _fonts.Regular, size);
        using var paint = new SKPaint { Color = Palette.Ink, IsAntialias = true };
        _canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Width of <paramref name="text"/> at <paramref name="size"/>.</summary>
    public float Measure(string text, float size)
    {
        using var font = new SKFont(_fonts.Regular, size);
        return font.MeasureText(text);
    }

    /// <summary>Sets one pixel to an opaque colour.</summary>
    public unsafe void Pixel(int x, int y, byte r, byte g, byte b)
    {
        if ((uint)x >= (uint)_width || (uint)y >= (uint)_height) throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {_width}x{_height} picture");
        // Rgba8888: one native call for the address at construction rather than one per pixel.
        byte* p = (byte*)_pixels + (long)y * _rowBytes + 4 * x;
        p[0] = r;
        p[1] = g;
        p[2] = b;
        p[3] = 255;
    }

    /// <summary>Fills the outline of unit <paramref name="j"/> with <paramref name="color"/>.</summary>
    public void FillCell(MapLayout layout, int j, SKColor color)
    {
        using var path = layout.Outline(j);
        using var paint = new SKPaint { Color = color, IsAntialias = layout.Hexagons, Style = SKPaintStyle.Fill };
        _canvas.DrawPath(path, paint);
    }

    /// <summary>Draws the mark of a unit without hits: a cross over its tile.</summary>
    public void EmptyMark(SKRect r)
    {
        using var paint = new SKPaint { Color = Palette.EmptyMark, IsAntialias = true, StrokeWidth = Math.Max(1, r.Width / 14), Style = SKPaintStyle.Stroke };
        float inset = r.Width * 0.3f;
        _canvas.DrawLine(r.Left + inset, r.Top + inset, r.Right - inset, r.Bottom - inset, paint);
        _canvas.DrawLine(r.Right - inset, r.Top + inset, r.Left + inset, r.Bottom - inset, paint);
    }

    /// <summary>Column indices above and row indices left of a map, every few units so that they do not overlap.</summary>
    public void GridLabels(MapLayout layout)
    {
        int top = layout.Hexagons ? (int)(layout.Center(0).Y - layout.Radius) : layout.Tile(0).Top;
        float pitch = layout.Width > 1 ? layout.Center(1).X - layout.Center(0).X : layout.Tile(0).Width;
        int step = NiceStep(layout.Width, pitch, 24);
        for (int x = 0; x < layout.Width; x += step)
            Text(x.ToString(CultureInfo.InvariantCulture), layout.Center(x).X, top - 6, 10, align: SKTextAlign.Center);
        float rowPitch = layout.Height > 1 ? layout.Center(layout.Width).Y - layout.Center(0).Y : pitch;
        int rowStep = NiceStep(layout.Height, rowPitch, 14);
        for (int y = 0; y < layout.Height; y += rowStep)
        {
            int j = y * layout.Width;
            Text(y.ToString(CultureInfo.InvariantCulture), layout.Tile(0).Left - 6, layout.Center(j).Y + 4, 10, align: SKTextAlign.Right);
        }
    }

    /// <summary>
    /// A vertical colour bar: the scale's colour at t = 1 at the top row, t = 0 at the bottom, with
    /// <paramref name="label"/> above and each tick's text at its height. Returns the bar's rectangle.
    /// </summary>
    public SKRectI ColorBar(int left, int top, int height, string label, Func<double, SKColor> scale, IEnumerable<(double T, string Text)> ticks)
    {
        Text(label, left, top + 12, 11, bold: true);
        int barTop = top + 22;
        var bar = new SKRectI(left, barTop, left + 18, barTop + height);
        for (int row = 0; row < height; row++)
        {
            var c = scale(1 - (double)row / (height - 1));
            for (int x = bar.Left; x < bar.Right; x++) Pixel(x, barTop + row, c.Red, c.Green, c.Blue);
        }
        foreach (var (t, text) in ticks)
        {
            float y = barTop + (float)((1 - t) * (height - 1));
            using var paint = new SKPaint { Color = Palette.Ink, StrokeWidth = 1 };
            _canvas.DrawLine(bar.Right, y, bar.Right + 4, y, paint);
            Text(text, bar.Right + 7, y + 4, 10);
        }
        return bar;
    }

    /// <summary>A legend row: a swatch and its text; returns the swatch's rectangle.</summary>
    public SKRectI Swatch(int left, int top, SKColor color, string text)
    {
        var r = new SKRectI(left, top, left + 14, top + 14);
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill };
        _canvas.DrawRect(r, paint);
        Text(text, left + 20, top + 11, 11);
        return r;
    }

    /// <summary>Encodes the picture as PNG and writes it to <paramref name="path"/> atomically.</summary>
    public void Save(string path)
    {
        _canvas.Flush();
        // zlib level 3: about 40 % less encoding time than the default 6 for files a few per cent larger.
        using var pixmap = _bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new IOException($"{path}: SkiaSharp could not encode the picture as PNG");
        AtomicFile.Write(path, data.SaveTo);
    }

    /// <summary>Releases the canvas and its pixels.</summary>
    public void Dispose()
    {
        _canvas.Dispose();
        _bitmap.Dispose();
    }

    private static int NiceStep(int count, float pitch, float minPixels)
    {
        foreach (int step in (int[])[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
        {
            if (step * pitch >= minPixels || step >= count) return step;
        }
        return 1000;
    }
}
