using SkiaSharp;

namespace Som.Runner.Quantizing;

/// <summary>
/// A decoded photograph as 8-bit RGB, 3 bytes a pixel in row-major order (alpha, if any, is dropped: each pixel keeps
/// its colour channels as stored), and the same pixels as N × 3 samples in 0 … 255 for the engines.
/// </summary>
internal sealed class PhotoPixels
{
    private PhotoPixels(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels N = width × height.</summary>
    public int Count => Width * Height;

    /// <summary>R, G, B of pixel i at 3i, 3i + 1, 3i + 2.</summary>
    public byte[] Rgb { get; }

    /// <summary>Wraps RGB bytes (3 per pixel, row-major).</summary>
    public static PhotoPixels FromRgb(int width, int height, byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width < 1 || height < 1 || rgb.Length != 3L * width * height)
            throw new ArgumentException($"{rgb.Length} bytes do not make a {width}x{height} RGB image", nameof(rgb));
        return new PhotoPixels(width, height, rgb);
    }

    /// <summary>Decodes <paramref name="path"/> (PNG, JPEG, WebP, BMP or GIF: what SkiaSharp reads).</summary>
    /// <exception cref="SomDataException">The file is missing, is not an image SkiaSharp can decode, or is damaged or too large.</exception>
    public static PhotoPixels Load(string path)
    {
        if (Directory.Exists(path)) throw new SomDataException($"{path}: is a folder: expected an image file");
        if (!File.Exists(path)) throw new SomDataException($"{path}: not found: expected an image file (PNG, JPEG, WebP, BMP or GIF)");
        SKCodec? codec;
        try
        {
            codec = SKCodec.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SomDataException($"{path}: cannot be read ({e.Message}): expected an image file");
        }
        using (codec)
        {
            if (codec is null) throw new SomDataException($"{path}: not an image SkiaSharp can decode: expected PNG, JPEG, WebP, BMP or GIF");
            int width = codec.Info.Width, height = codec.Info.Height;
            if ((long)width * height * 4 > Array.MaxLength)
                throw new SomDataException($"{path}: {width}x{height} pixels are too many to hold: expected at most {Array.MaxLength / 4} pixels");
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
                throw new SomDataException($"{path}: the image could not be decoded completely ({result}): expected an undamaged image file");
            int stride = bitmap.RowBytes;
            var rgb = new byte[3L * width * height];
            Parallel.For(0, height, y =>
            {
                var row = bitmap.GetPixelSpan().Slice(y * stride, 4 * width);
                var target = rgb.AsSpan(3 * y * width, 3 * width);
                for (int x = 0; x < width; x++)
                {
                    target[3 * x] = row[4 * x];
                    target[3 * x + 1] = row[4 * x + 1];
                    target[3 * x + 2] = row[4 * x + 2];
                }
            });
            return new PhotoPixels(width, height, rgb);
        }
    }

    /// <summary>The pixels as N × 3 samples, each channel's byte value as a float in 0 … 255.</summary>
    public SampleMatrix Samples()
    {
        var values = new float[Rgb.Length];
        for (int e = 0; e < values.Length; e++) values[e] = Rgb[e];
        return SampleMatrix.Wrap(values, Count, 3);
    }
}
