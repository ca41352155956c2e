using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>Reads a written PNG back through SkiaSharp's decoder, so tests check the file, not the drawing calls.</summary>
internal sealed class PictureReader : IDisposable
{
    private readonly SKBitmap _bitmap;

    public PictureReader(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        _bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not a PNG SkiaSharp can decode");
    }

    public int Width => _bitmap.Width;
    public int Height => _bitmap.Height;

    public SKColor At(int x, int y) => _bitmap.GetPixel(x, y);

    public SKColor At(SKPoint p) => At((int)p.X, (int)p.Y);

    /// <summary>Pixels in the rectangle that are not the white background.</summary>
    public int Ink(SKRectI r)
    {
        int n = 0;
        for (int y = r.Top; y < r.Bottom; y++)
            for (int x = r.Left; x < r.Right; x++)
                if (At(x, y) != SKColors.White) n++;
        return n;
    }

    /// <summary>The title's band: the first 30 rows below the top margin, across the left 300 pixels.</summary>
    public SKRectI TitleBand => new(Figure.Margin, 8, Math.Min(Width, 300), 32);

    public void Dispose() => _bitmap.Dispose();

    public static SomModel Model(int width, int height, Topology topology, int features, float[] weights, ImageShape? image = null) =>
        new(new SomOptions { Width = width, Height = height, Topology = topology }, features, weights, image);

    public static byte UnitRule(double w) => (byte)Math.Round(255 * Math.Clamp(w, 0, 1), MidpointRounding.AwayFromZero);
}
