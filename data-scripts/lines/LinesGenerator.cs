using System.Globalization;
using SkiaSharp;

namespace Som.Lines;

/// <summary>
/// The LINES set: black-and-white drawings of 16 × 16 pixels, each one straight line (white, 255) on black (0).
/// Ten angles θ = 0°, 18°, …, 162° (counter-clockwise from horizontal, y up) with ten drawings each; a drawing's line
/// passes at a signed distance o from the image centre (7.5, 7.5), o drawn uniformly from [−2, 2] pixels by a
/// seeded SplitMix64 generator, and a pixel is white when its centre lies within 1 pixel of the line (a line about 2 pixels wide). Per angle,
/// drawings 0 … 7 are the training part and 8, 9 the test part. A line along the pixel grid (0°, 90°) changes only
/// at whole-pixel steps of its offset, so some of those drawings repeat.
/// </summary>
internal static class LinesGenerator
{
    /// <summary>Side of a drawing in pixels.</summary>
    public const int Side = 16;

    /// <summary>Number of angles (classes).</summary>
    public const int Angles = 10;

    /// <summary>Drawings per angle; the first <see cref="TrainPerAngle"/> train, the rest test.</summary>
    public const int PerAngle = 10, TrainPerAngle = 8;

    /// <summary>Largest |offset| of a line from the centre, in pixels.</summary>
    public const double MaxOffset = 2;

    /// <summary>Half the line's width: a pixel is white when its centre is this close to the line.</summary>
    public const double HalfWidth = 1;

    /// <summary>The angle of class <paramref name="c"/>, in degrees.</summary>
    public static int Angle(int c) => c * 180 / Angles;

    /// <summary>The class folder of angle class <paramref name="c"/>: the angle in degrees, three digits, so that the folders sort as the angles.</summary>
    public static string Folder(int c) => Angle(c).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The offsets of all drawings, class by class, from <paramref name="seed"/>.</summary>
    public static double[] Offsets(ulong seed)
    {
        var offsets = new double[Angles * PerAngle];
        ulong state = seed;
        for (int i = 0; i < offsets.Length; i++)
        {
            // SplitMix64 (Steele, Lea & Flood 2014); 53 bits give u in [0, 1).
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            double u = (z >> 11) * (1.0 / (1UL << 53));
            offsets[i] = (2 * u - 1) * MaxOffset;
        }
        return offsets;
    }

    /// <summary>The drawing of a line at <paramref name="degrees"/> and <paramref name="offset"/>: 0 or 255 per pixel, row-major, row 0 at the top.</summary>
    public static byte[] Draw(double degrees, double offset)
    {
        double t = degrees * Math.PI / 180;
        // Unit normal of the line; image rows grow downwards, so y up is −row.
        double nx = -Math.Sin(t), ny = Math.Cos(t);
        var pixels = new byte[Side * Side];
        for (int row = 0; row < Side; row++)
        {
            for (int col = 0; col < Side; col++)
            {
                double x = col - 7.5, y = 7.5 - row;
                if (Math.Abs(x * nx + y * ny - offset) <= HalfWidth) pixels[row * Side + col] = 255;
            }
        }
        return pixels;
    }

    /// <summary>
    /// Writes the set under <paramref name="root"/>: <c>train/θ/NN.png</c> and <c>test/θ/NN.png</c> (8-bit grey
    /// PNGs), θ the <see cref="Folder"/> name and NN the drawing's index within its angle. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(string root, ulong seed)
    {
        double[] offsets = Offsets(seed);
        var written = new List<string>();
        for (int c = 0; c < Angles; c++)
        {
            for (int i = 0; i < PerAngle; i++)
            {
                string part = i < TrainPerAngle ? "train" : "test";
                string folder = Path.Combine(root, part, Folder(c));
                Directory.CreateDirectory(folder);
                string path = Path.Combine(folder, i.ToString("D2", CultureInfo.InvariantCulture) + ".png");
                byte[] pixels = Draw(Angle(c), offsets[c * PerAngle + i]);
                using var bitmap = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque));
                for (int row = 0; row < Side; row++)
                    System.Runtime.InteropServices.Marshal.Copy(pixels, row * Side, bitmap.GetPixels() + row * bitmap.RowBytes, Side);
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
                    ?? throw new IOException($"{path}: SkiaSharp could not encode the drawing as PNG");
                using (var file = File.Create(path)) data.SaveTo(file);
                written.Add(path);
            }
        }
        return written;
    }
}
