using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Som.Tests.Data;

/// <summary>
/// The IDX and CSV readers on damaged files (<see cref="CorruptFiles"/>): every truncation and a few thousand seeded
/// flips, insertions and deletions each. A damaged file that still loads must load exactly what a naive reader of the
/// format finds in its bytes; every other one is refused with a one-line <see cref="SomDataException"/>; none hangs
/// or allocates by what a corrupt header claims.
/// </summary>
public sealed partial class ReaderRobustnessTests : IDisposable
{
    private readonly TempDirectory _dir = new(CorruptFiles.ScratchRoot);

    public void Dispose() => _dir.Dispose();

    private const int Mutations = 2000;

    // The readers' fixed buffers (the file buffer, one read block, the end check) plus a generous multiple of the file.
    private static long Bound(long length) => (4 << 20) + 64 * length;

    // 5 images of 3 × 4 (odd, not square) of noise, so that gzip cannot shrink them and cuts land in the data.
    private static byte[] ImagesFile() => IdxFiles.Images(5, 3, 4, IdxFiles.Noise);

    private static byte[] LabelsFile() => IdxFiles.Labels(3, 0, 255, 7, 1, 1, 9);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_images_load_exactly_or_fail_with_a_data_error(bool gzip)
    {
        byte[] valid = gzip ? IdxFiles.Gzip(ImagesFile()) : ImagesFile();
        string path = _dir[gzip ? "images.gz" : "images"];
        var cases = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, Mutations, gzip ? 81 : 80, headerBias: 16))
            .Prepend(new CorruptFiles.Case(valid, "unchanged"));
        var (loaded, refused) = CorruptFiles.Run(path, cases, p => IdxReader.ReadImages(p), CheckImages, Bound);
        Assert.True(refused > valid.Length, $"only {refused} cases refused");
        Assert.True(loaded >= 1, "the unchanged file did not load");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_labels_load_exactly_or_fail_with_a_data_error(bool gzip)
    {
        byte[] valid = gzip ? IdxFiles.Gzip(LabelsFile()) : LabelsFile();
        string path = _dir[gzip ? "labels.gz" : "labels"];
        var cases = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, Mutations, gzip ? 83 : 82, headerBias: 8))
            .Prepend(new CorruptFiles.Case(valid, "unchanged"));
        var (loaded, refused) = CorruptFiles.Run(path, cases, IdxReader.ReadLabels, CheckLabels, Bound);
        Assert.True(refused > valid.Length, $"only {refused} cases refused");
        Assert.True(loaded >= 1, "the unchanged file did not load");
    }

    [Fact]
    public void Csv_loads_exactly_or_fails_with_a_data_error()
    {
        byte[] valid = Encoding.UTF8.GetBytes("label,p1,p2,p3\n3,0,51,255\n0,1.5e1,\"51\", 255 \n\n7,2,4,8\r\n1,0.5,-3,1e2\n");
        string path = _dir["data.csv"];
        var cases = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, Mutations, 84, headerBias: 16))
            .Prepend(new CorruptFiles.Case(valid, "unchanged"));
        var (loaded, refused) = CorruptFiles.Run(path, cases, p => CsvReader.Load(p), CheckCsv, Bound);
        // Truncations inside the last row still parse; many flips land in a digit and still parse.
        Assert.True(loaded > 50 && refused > 500, $"{loaded} loaded, {refused} refused");
    }

    [Fact]
    public void A_raw_header_claiming_a_trillion_pixels_fails_before_allocating()
    {
        // 2·10^9 images of 1 × 1 is 2·10^9 pixels: under Array.MaxLength, so only the file's length refutes it.
        var bytes = IdxFiles.Images(1, 1, 1, _ => 7);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2_000_000_000);
        string raw = _dir.Write("claims", bytes);
        var ex = AssertRefusedCheaply(() => IdxReader.ReadImages(raw));
        Assert.Contains("claims: truncated: header says 2000000000 × 1 × 1 = 2000000000 pixel bytes, file has 1", ex.Message);
        // 10^12 pixels: over Array.MaxLength, refused from the header alone.
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 1_000_000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 1000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 1000);
        ex = AssertRefusedCheaply(() => IdxReader.ReadImages(_dir.Write("trillion", bytes)));
        Assert.Contains("trillion: header says 1000000 × 1000 × 1000 = 1000000000000 pixels: expected at most", ex.Message);
        // Labels: a count of 2·10^9 in a 9-byte file.
        var labels = IdxFiles.Labels(4);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 2_000_000_000);
        ex = AssertRefusedCheaply(() => IdxReader.ReadLabels(_dir.Write("many-labels", labels)));
        Assert.Contains("many-labels: truncated: header says 2000000000 label bytes, file has 1", ex.Message);
    }

    [Fact]
    public void A_gzip_header_claiming_a_billion_pixels_fails_at_the_stream_end_without_allocating_them()
    {
        // The compressed length says nothing about the decompressed one: the reader must find the end by reading.
        var bytes = IdxFiles.Images(1, 1, 1, _ => 7);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 1_000_000_000);
        string path = _dir.Write("billion.gz", IdxFiles.Gzip(bytes));
        var ex = AssertRefusedCheaply(() => IdxReader.ReadImages(path));
        Assert.Contains("billion.gz: truncated: header says 1000000000 × 1 × 1 = 1000000000 pixel bytes, decompressed data has 1", ex.Message);
        // Through Load too (the path fashion-mnist takes), labels and images both claiming a billion.
        var labels = IdxFiles.Labels(4);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 1_000_000_000);
        string labelsPath = _dir.Write("billion-labels.gz", IdxFiles.Gzip(labels));
        ex = AssertRefusedCheaply(() => IdxReader.ReadLabels(labelsPath));
        Assert.Contains("billion-labels.gz: truncated: header says 1000000000 label bytes, decompressed data has 1", ex.Message);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        ex = Assert.Throws<SomDataException>(() => IdxReader.Load(path, labelsPath, "billion"));
        Assert.Contains("billion.gz: truncated", ex.Message);
        // Other tests allocate meanwhile, but nowhere near the 4 GB of a billion floats.
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 1L << 30, "Load allocated by the header's claim");
    }

    [Fact]
    public void A_csv_header_of_many_columns_does_not_size_an_allocation()
    {
        // 200,000 columns in a 400 kB file: a block of 4096 rows of them would be 3.2 GB.
        string header = "label" + string.Concat(Enumerable.Repeat(",p", 200_000));
        string path = _dir.WriteText("wide.csv", header + "\n");
        var ex = AssertRefusedCheaply(() => CsvReader.Load(path), bound: 64L << 20);
        Assert.Contains("wide.csv: header only, no data rows: expected at least one row of a label and 200000 features", ex.Message);
    }

    private static SomDataException AssertRefusedCheaply(Func<object> read, long bound = 8 << 20)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<SomDataException>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < bound, $"allocated {allocated} bytes before refusing: {ex.Message}");
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    /// <summary>The bytes of an IDX file as the reader sees them: gunzipped when they start with 1f 8b; null when that fails.</summary>
    private static byte[]? Plain(byte[] file)
    {
        if (file.Length < 2 || file[0] != 0x1f || file[1] != 0x8b) return file;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void CheckImages((SampleMatrix Samples, ImageShape Shape) loaded, byte[] file, string what)
    {
        var b = Plain(file);
        Assert.True(b is not null, $"{what}: loaded, but the gzip data does not decompress");
        Assert.True(b!.Length >= 16 && BinaryPrimitives.ReadInt32BigEndian(b) == IdxReader.ImagesMagic, $"{what}: loaded without an images header");
        long n = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4)), rows = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(8)),
            columns = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(12));
        Assert.True(n > 0 && rows > 0 && columns > 0 && b.Length == 16 + n * rows * columns, $"{what}: loaded, but the header does not match the length");
        Assert.Equal((int)n, loaded.Samples.Count);
        Assert.Equal(new ImageShape((int)columns, (int)rows, 1), loaded.Shape);
        Assert.Equal(b[16..].Select(v => v / 255f).ToArray(), loaded.Samples.Values.ToArray());
    }

    private static void CheckLabels(int[] loaded, byte[] file, string what)
    {
        var b = Plain(file);
        Assert.True(b is not null, $"{what}: loaded, but the gzip data does not decompress");
        Assert.True(b!.Length >= 8 && BinaryPrimitives.ReadInt32BigEndian(b) == IdxReader.LabelsMagic, $"{what}: loaded without a labels header");
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4)) == b.Length - 8 && b.Length > 8, $"{what}: loaded, but the count does not match the length");
        Assert.Equal(b[8..].Select(v => (int)v).ToArray(), loaded);
    }

    /// <summary>
    /// A naive reading of the CSV rules the reader documents: decoded as UTF-8 (or what a byte-order mark says),
    /// blank lines skipped, a first row whose first field is not a number is the header, every row a label (an
    /// integer ≥ 0) and as many finite numbers as the first row has columns after its first, fields trimmed and
    /// unquoted, values divided by 255.
    /// </summary>
    private static void CheckCsv(Dataset loaded, byte[] file, string what)
    {
        string text;
        using (var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8, detectEncodingFromByteOrderMarks: true)) text = reader.ReadToEnd();
        var lines = LineBreak().Split(text).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        Assert.True(lines.Count > 0, $"{what}: loaded an empty file");
        string Field(string f) { f = f.Trim(); return f.Length >= 2 && f[0] == '"' && f[^1] == '"' ? f[1..^1] : f; }
        int columns = lines[0].Split(',').Length;
        bool header = !double.TryParse(Field(lines[0].Split(',')[0]), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var rows = header ? lines.Skip(1).ToList() : lines;
        Assert.True(columns >= 2 && rows.Count > 0, $"{what}: loaded without a row of a label and features");
        var labels = new List<int>();
        var values = new List<float>();
        foreach (var row in rows)
        {
            var fields = row.Split(',');
            Assert.True(fields.Length == columns, $"{what}: loaded a row of {fields.Length} columns, expected {columns}: {row}");
            bool labelOk = double.TryParse(Field(fields[0]), NumberStyles.Float, CultureInfo.InvariantCulture, out double label)
                && double.IsFinite(label) && label >= 0 && label == Math.Floor(label) && label <= int.MaxValue;
            Assert.True(labelOk, $"{what}: loaded a bad label '{fields[0]}'");
            labels.Add((int)label);
            foreach (var f in fields.Skip(1))
            {
                bool ok = float.TryParse(Field(f), NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v);
                Assert.True(ok, $"{what}: loaded a bad value '{f}'");
                values.Add(v / 255f);
            }
        }
        Assert.Equal(columns - 1, loaded.Features);
        Assert.Equal(labels, loaded.Labels!);
        Assert.Equal(values.ToArray(), loaded.Samples.Values.ToArray());
    }

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
