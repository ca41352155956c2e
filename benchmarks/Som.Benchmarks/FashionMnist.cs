using System.Buffers.Binary;
using System.IO.Compression;

namespace Som.Benchmarks;

/// <summary>
/// All 70,000 Fashion-MNIST images (the 60,000 training images, then the 10,000 test images) as 784 features,
/// pixels / 255. Read from the four IDX .gz files in the folder named by <c>SOMGPU_DATA</c> (or its
/// <c>fashion-mnist</c> sub-folder), else in the Debian package's folder (dataset-fashion-mnist).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    private const string TrainImages = "train-images-idx3-ubyte.gz";
    private const string TestImages = "t10k-images-idx3-ubyte.gz";
    private const int ImageMagic = 0x00000803;

    /// <summary>The folder holding the files, or null when none does.</summary>
    public static string? Folder()
    {
        string? env = Environment.GetEnvironmentVariable("SOMGPU_DATA");
        string[] candidates = string.IsNullOrEmpty(env)
            ? [DebianFolder]
            : [Path.Combine(env, "fashion-mnist"), env, DebianFolder];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, TrainImages)) && File.Exists(Path.Combine(c, TestImages)));
    }

    /// <summary>Loads the 70,000 images; throws <see cref="FileNotFoundException"/> naming where it looked.</summary>
    public static SampleMatrix LoadAll()
    {
        string folder = Folder() ?? throw new FileNotFoundException(
            $"Fashion-MNIST not found: install dataset-fashion-mnist or set SOMGPU_DATA to a folder holding {TrainImages} and {TestImages}");
        var (train, n1, d) = ReadImages(Path.Combine(folder, TrainImages));
        var (test, n2, d2) = ReadImages(Path.Combine(folder, TestImages));
        if (d2 != d) throw new InvalidDataException($"{TestImages}: {d2} pixels per image: expected {d} as in {TrainImages}");
        var values = new float[(long)(n1 + n2) * d];
        for (int i = 0; i < train.Length; i++) values[i] = train[i] / 255f;
        for (int i = 0; i < test.Length; i++) values[train.Length + i] = test[i] / 255f;
        return new SampleMatrix(values, n1 + n2, d);
    }

    /// <summary>An IDX3 unsigned-byte image file, gzipped: big-endian magic, count, rows, columns, then the pixels.</summary>
    private static (byte[] Pixels, int Count, int Features) ReadImages(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[16];
        gz.ReadExactly(header);
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (magic != ImageMagic || count < 1 || rows < 1 || cols < 1)
            throw new InvalidDataException($"{path}: not an IDX3 unsigned-byte image file (magic 0x{magic:x8}, {count} × {rows} × {cols})");
        var pixels = new byte[(long)count * rows * cols];
        gz.ReadExactly(pixels);
        return (pixels, count, rows * cols);
    }
}
