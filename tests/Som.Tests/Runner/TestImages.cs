using SkiaSharp;

namespace Som.Tests.Runner;

/// <summary>Image files written by the tests, byte for byte what SkiaSharp encodes.</summary>
internal static class TestImages
{
    /// <summary>An 8-bit grey PNG of <paramref name="width"/>×<paramref name="height"/> with <paramref name="pixels"/> row by row.</summary>
    public static byte[] GreyPng(int width, int height, ReadOnlySpan<byte> pixels) => Grey(width, height, pixels, SKEncodedImageFormat.Png);

    /// <summary>An 8-bit grey image in <paramref name="format"/> (quality 100 where it is lossy).</summary>
    public static byte[] Grey(int width, int height, ReadOnlySpan<byte> pixels, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        pixels.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(format, 100);
        return data.ToArray();
    }

    /// <summary>An opaque RGB PNG whose pixel p is (r, g, b) = <paramref name="rgb"/>(p).</summary>
    public static byte[] ColourPng(int width, int height, Func<int, (byte R, byte G, byte B)> rgb)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var span = bitmap.GetPixelSpan();
        for (int p = 0; p < width * height; p++)
        {
            var (r, g, b) = rgb(p);
            span[4 * p] = r;
            span[4 * p + 1] = g;
            span[4 * p + 2] = b;
            span[4 * p + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The 8-bit pixels of a Fashion-MNIST sample (its features are byte / 255).</summary>
    public static byte[] Pixels(ReadOnlySpan<float> sample)
    {
        var bytes = new byte[sample.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Round(sample[i] * 255);
        return bytes;
    }
}
