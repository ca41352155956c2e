using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Som.Tests.Rendering;

/// <summary>
/// Reads an animated PNG chunk by chunk, checking the structure as it goes (written here from the APNG
/// specification, apart from the writer): signature, every CRC-32 (a bitwise CRC, not the writer's library), IHDR
/// first, acTL before the first IDAT, sequence numbers 0, 1, 2, … over fcTL and fdAT without gaps, every fcTL
/// region inside the canvas, IEND last. <see cref="Frames"/> are the canvases after each frame, composited by
/// the frame's dispose and blend operations, as RGB bytes.
/// </summary>
internal sealed class ApngFile
{
    public sealed record Control(int Sequence, int Width, int Height, int X, int Y, ushort DelayNumerator, ushort DelayDenominator, byte Dispose, byte Blend);

    public int Width { get; }
    public int Height { get; }
    public int DeclaredFrames { get; }
    public int Plays { get; }
    public List<string> ChunkTypes { get; } = [];
    public List<Control> Controls { get; } = [];
    /// <summary>Each frame's data chunks (IDAT or fdAT) count.</summary>
    public List<int> DataChunks { get; } = [];
    /// <summary>The canvas after each frame: Height rows of Width·3 bytes.</summary>
    public List<byte[]> Frames { get; } = [];

    public ApngFile(byte[] file)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, file[..8]);
        int at = 8, expectedSequence = 0;
        bool sawIdat = false, sawActl = false, sawEnd = false;
        byte[]? canvas = null;
        Control? frame = null;
        var stream = new MemoryStream();
        void EndFrame()
        {
            if (frame is null) return;
            Compose(canvas!, frame, Inflate(stream.ToArray(), frame.Width, frame.Height));
            Frames.Add((byte[])canvas!.Clone());
            stream.SetLength(0);
            frame = null;
        }
        while (at < file.Length)
        {
            Assert.False(sawEnd, "bytes after IEND");
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            Assert.True(crc == Crc(file.AsSpan(at + 4, 4 + length)), $"chunk {ChunkTypes.Count} ({type}): CRC {crc:x8} does not match its bytes");
            if (ChunkTypes.Count == 0) Assert.Equal("IHDR", type);
            ChunkTypes.Add(type);
            switch (type)
            {
                case "IHDR":
                    Width = BinaryPrimitives.ReadInt32BigEndian(data);
                    Height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    Assert.Equal(2, data[9]); // RGB
                    Assert.Equal(0, data[12]);
                    canvas = new byte[Width * Height * 3];
                    break;
                case "acTL":
                    Assert.False(sawIdat, "acTL after IDAT");
                    sawActl = true;
                    DeclaredFrames = BinaryPrimitives.ReadInt32BigEndian(data);
                    Plays = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    break;
                case "fcTL":
                    EndFrame();
                    Assert.Equal(26, length);
                    frame = new Control(BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]),
                        BinaryPrimitives.ReadInt32BigEndian(data[8..]), BinaryPrimitives.ReadInt32BigEndian(data[12..]),
                        BinaryPrimitives.ReadInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt16BigEndian(data[20..]),
                        BinaryPrimitives.ReadUInt16BigEndian(data[22..]), data[24], data[25]);
                    Assert.Equal(expectedSequence++, frame.Sequence);
                    Assert.True(frame.Width >= 1 && frame.Height >= 1 && frame.X >= 0 && frame.Y >= 0
                        && frame.X + frame.Width <= Width && frame.Y + frame.Height <= Height,
                        $"frame {Controls.Count}: {frame.Width}x{frame.Height} at ({frame.X}, {frame.Y}) is not inside the {Width}x{Height} canvas");
                    if (Controls.Count == 0) Assert.True(frame.Width == Width && frame.Height == Height && frame.X == 0 && frame.Y == 0, "frame 0 is not the whole canvas");
                    Assert.InRange(frame.Dispose, 0, 2);
                    Assert.InRange(frame.Blend, 0, 1);
                    Controls.Add(frame);
                    DataChunks.Add(0);
                    break;
                case "IDAT":
                    Assert.True(sawActl, "IDAT before acTL");
                    Assert.True(Controls.Count == 1 && frame is not null, "IDAT is not the data of frame 0 (the fcTL before it)");
                    sawIdat = true;
                    stream.Write(data);
                    DataChunks[^1]++;
                    break;
                case "fdAT":
                    Assert.True(sawIdat && frame is not null && Controls.Count > 1, "fdAT outside a frame after the first");
                    Assert.Equal(expectedSequence++, BinaryPrimitives.ReadInt32BigEndian(data));
                    stream.Write(data[4..]);
                    DataChunks[^1]++;
                    break;
                case "IEND":
                    EndFrame();
                    sawEnd = true;
                    break;
                default:
                    Assert.Fail($"unexpected chunk {type}");
                    break;
            }
            at += 12 + length;
        }
        Assert.True(sawEnd, "no IEND");
        Assert.Equal(DeclaredFrames, Controls.Count);
        Assert.All(DataChunks, n => Assert.True(n >= 1, "a frame without data"));
    }

    public static ApngFile Read(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        return new ApngFile(File.ReadAllBytes(path));
    }

    /// <summary>Pixel (x, y) of frame <paramref name="f"/>.</summary>
    public (byte R, byte G, byte B) At(int f, int x, int y)
    {
        int i = (y * Width + x) * 3;
        return (Frames[f][i], Frames[f][i + 1], Frames[f][i + 2]);
    }

    private void Compose(byte[] canvas, Control c, byte[] rgb)
    {
        // The writer uses dispose none and blend source; an opaque RGB frame makes blend over the same as source.
        for (int y = 0; y < c.Height; y++)
            Array.Copy(rgb, y * c.Width * 3, canvas, ((c.Y + y) * Width + c.X) * 3, c.Width * 3);
    }

    /// <summary>The zlib stream of a <paramref name="width"/> × <paramref name="height"/> RGB image, unfiltered.</summary>
    private static byte[] Inflate(byte[] zlib, int width, int height)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * 3;
        Assert.Equal(height * (1 + stride), bytes.Length);
        var image = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = bytes[y * (1 + stride)];
            Assert.InRange(filter, 0, 4);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 3 ? image[y * stride + i - 3] : 0;
                int b = y > 0 ? image[(y - 1) * stride + i] : 0;
                int c = i >= 3 && y > 0 ? image[(y - 1) * stride + i - 3] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                };
                image[y * stride + i] = (byte)(bytes[y * (1 + stride) + 1 + i] + predictor);
            }
        }
        return image;
    }

    /// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), bit by bit.</summary>
    public static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
