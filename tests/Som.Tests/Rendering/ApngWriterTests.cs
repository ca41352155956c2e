using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The APNG writer: valid chunks, frames that decode to exactly the pixels given, and SkiaSharp's still image = frame 0.</summary>
public sealed class ApngWriterTests
{
    /// <summary>A canvas of RGBA rows with <paramref name="pad"/> spare bytes each; noise when <paramref name="seed"/> ≠ 0 (every filter gets used).</summary>
    private static (byte[] Rgba, int RowBytes) Canvas(int width, int height, int pad, ulong seed, byte fill = 200)
    {
        int rowBytes = 4 * width + pad;
        var rgba = new byte[rowBytes * height];
        var rng = new SomRandom(seed);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = y * rowBytes + 4 * x;
                for (int c = 0; c < 3; c++)
                    rgba[at + c] = seed == 0 ? fill : (x + y) % 3 == 0 ? (byte)(x * 7 + y * 3 + c) : (byte)rng.NextInt(256);
                rgba[at + 3] = 255;
            }
        }
        return (rgba, rowBytes);
    }

    private static byte[] Rgb(byte[] rgba, int rowBytes, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = rgba[y * rowBytes + 4 * x + c];
        return rgb;
    }

    private static byte[] Write(int width, int height, IReadOnlyList<(byte[] Rgba, int RowBytes)> frames, int plays = 0)
    {
        using var output = new MemoryStream();
        var writer = new ApngWriter(output, width, height, frames.Count, plays);
        for (int i = 0; i < frames.Count; i++) writer.Add(frames[i].Rgba, frames[i].RowBytes, (ushort)(100 + i), 1000);
        writer.Finish();
        return output.ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(31, 33)]
    [InlineData(127, 1)]
    [InlineData(1, 127)]
    [InlineData(33, 31)]
    public void Frames_decode_to_the_pixels_given_with_valid_chunks_and_sequence_numbers(int width, int height)
    {
        var a = Canvas(width, height, pad: 8, seed: 11);
        var b = Canvas(width, height, pad: 8, seed: 12);
        // c: b with one pixel changed, so frame 3 stores a 1 × 1 region at that pixel.
        var c = ((byte[])b.Rgba.Clone(), b.RowBytes);
        int px = width / 2, py = height / 2;
        c.Item1[py * c.RowBytes + 4 * px + 1] ^= 0x5A;
        var frames = new List<(byte[], int)> { a, b, b, c, Canvas(width, height, pad: 0, seed: 0) };
        var file = new ApngFile(Write(width, height, frames, plays: 3));
        Assert.Equal((width, height), (file.Width, file.Height));
        Assert.Equal(5, file.DeclaredFrames);
        Assert.Equal(3, file.Plays);
        Assert.Equal(["IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "fcTL", "fdAT", "fcTL", "fdAT", "fcTL", "fdAT", "IEND"], file.ChunkTypes);
        for (int f = 0; f < frames.Count; f++)
        {
            var (rgba, rowBytes) = frames[f];
            Assert.True(Rgb(rgba, rowBytes, width, height).SequenceEqual(file.Frames[f]), $"frame {f} of {width}x{height} does not decode to its pixels");
            Assert.Equal((ushort)(100 + f), file.Controls[f].DelayNumerator);
            Assert.Equal(1000, file.Controls[f].DelayDenominator);
        }
        // Only what changed is stored: an unchanged frame is one pixel, a one-pixel change is that pixel.
        Assert.Equal((1, 1), (file.Controls[2].Width, file.Controls[2].Height));
        Assert.Equal((1, 1, px, py), (file.Controls[3].Width, file.Controls[3].Height, file.Controls[3].X, file.Controls[3].Y));
    }

    [Fact]
    public void A_frame_larger_than_one_chunk_is_split_over_several_with_consecutive_sequence_numbers()
    {
        const int width = 700, height = 700; // 1.47 MB of RGB noise: more than ApngWriter.MaxChunkData after zlib
        var a = Canvas(width, height, 0, seed: 5);
        var b = Canvas(width, height, 0, seed: 6);
        var file = new ApngFile(Write(width, height, [a, b]));
        Assert.True(file.DataChunks[0] >= 2 && file.DataChunks[1] >= 2, $"data chunks per frame: {string.Join(", ", file.DataChunks)}");
        Assert.True(Rgb(a.Rgba, a.RowBytes, width, height).SequenceEqual(file.Frames[0]));
        Assert.True(Rgb(b.Rgba, b.RowBytes, width, height).SequenceEqual(file.Frames[1]));
    }

    [Fact]
    public void SkiaSharp_decodes_the_file_and_its_still_image_is_frame_0()
    {
        const int width = 31, height = 17;
        var a = Canvas(width, height, 4, seed: 21);
        var bytes = Write(width, height, [a, Canvas(width, height, 4, seed: 22), Canvas(width, height, 4, seed: 23)]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                int at = y * a.RowBytes + 4 * x;
                Assert.Equal(new SKColor(a.Rgba[at], a.Rgba[at + 1], a.Rgba[at + 2]), p);
            }
        }
    }

    [Fact]
    public void Frames_beyond_or_short_of_the_declared_count_are_refused()
    {
        using var output = new MemoryStream();
        var writer = new ApngWriter(output, 2, 2, 1);
        var (rgba, rowBytes) = Canvas(2, 2, 0, seed: 1);
        Assert.Throws<InvalidOperationException>(writer.Finish);
        writer.Add(rgba, rowBytes, 1, 10);
        Assert.Throws<InvalidOperationException>(() => writer.Add(rgba, rowBytes, 1, 10));
        Assert.Throws<ArgumentException>(() => new ApngWriter(new MemoryStream(), 3, 2, 2).Add(rgba, rowBytes, 1, 10));
        writer.Finish();
        Assert.Single(new ApngFile(output.ToArray()).Frames);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(11)]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(43)]
    [InlineData(127)]
    [InlineData(255)]
    public void Each_filter_type_equals_the_PNG_definition_byte_for_byte(int pixels)
    {
        int n = 3 * pixels;
        var rng = new SomRandom((ulong)pixels);
        // Runs of 0 and 255, levels of 85 (Paeth's ties: a = 0, b = 255, c = 85 has |a − c| = |a + b − 2c|), and noise.
        byte Next(int i) => (i / 5 % 4) switch { 0 => 0, 1 => 255, 2 => (byte)(85 * rng.NextInt(4)), _ => (byte)rng.NextInt(256) };
        var row = new byte[n];
        var above = new byte[n];
        for (int i = 0; i < n; i++) (row[i], above[i]) = (Next(i), Next(i + 2));
        for (byte type = 0; type <= 4; type++)
        {
            var into = new byte[n];
            long cost = ApngWriter.Filter(type, row, above, into);
            long expectedCost = 0;
            for (int i = 0; i < n; i++)
            {
                int a = i >= 3 ? row[i - 3] : 0, b = above[i], c = i >= 3 ? above[i - 3] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = type switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => pa <= pb && pa <= pc ? a : pb <= pc ? b : c };
                byte expected = (byte)(row[i] - predictor);
                Assert.True(expected == into[i], $"filter {type}, {pixels} pixels, byte {i}: {into[i]}, expected {expected}");
                expectedCost += Math.Abs((int)(sbyte)expected);
            }
            Assert.Equal(expectedCost, cost);
        }
    }

    [Fact]
    public void The_test_CRC_is_the_standard_CRC_32()
    {
        // The check value of CRC-32/ISO-HDLC, and the CRC of a PNG IEND chunk's type.
        Assert.Equal(0xCBF43926u, ApngFile.Crc("123456789"u8));
        Assert.Equal(0xAE426082u, ApngFile.Crc("IEND"u8));
    }
}
