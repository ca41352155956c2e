using System.Buffers.Binary;
using System.IO.Compression;

namespace Som.Tests.Data;

/// <summary>Builds IDX files byte by byte, so tests control every header field and every pixel.</summary>
internal static class IdxFiles
{
    /// <summary>An idx3 unsigned-byte images file: <paramref name="pixel"/> gives byte k of the data.</summary>
    public static byte[] Images(int count, int rows, int columns, Func<int, byte> pixel, int magic = IdxReader.ImagesMagic)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int k = 16; k < bytes.Length; k++) bytes[k] = pixel(k - 16);
        return bytes;
    }

    /// <summary>An idx1 unsigned-byte labels file.</summary>
    public static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>Pixels that barely compress, so that cutting a gzip file lands inside the compressed data.</summary>
    public static byte Noise(int k)
    {
        uint x = (uint)k * 2654435761u;
        x ^= x >> 15;
        x *= 2246822519u;
        x ^= x >> 13;
        return (byte)x;
    }

    /// <summary><paramref name="bytes"/> gzip-compressed.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>Writes the four files of an MNIST-style directory: train and test images with labels.</summary>
    public static void WriteSplit(string directory, int trainCount, int testCount, bool gzip)
    {
        Directory.CreateDirectory(directory);
        void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(directory, name), bytes);
        string ext = gzip ? ".gz" : "";
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        // Train pixels are 10 + sample index, test pixels 100 + sample index: which sample landed where is visible.
        Write("train-images-idx3-ubyte" + ext, Maybe(Images(trainCount, 2, 2, k => (byte)(10 + k / 4))));
        Write("train-labels-idx1-ubyte" + ext, Maybe(Labels([.. Enumerable.Range(0, trainCount).Select(i => (byte)(i % 3))])));
        Write("t10k-images-idx3-ubyte" + ext, Maybe(Images(testCount, 2, 2, k => (byte)(100 + k / 4))));
        Write("t10k-labels-idx1-ubyte" + ext, Maybe(Labels([.. Enumerable.Range(0, testCount).Select(i => (byte)(7 + i % 2))])));
    }
}
