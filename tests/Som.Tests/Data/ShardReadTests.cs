using System.Globalization;
using System.Text;
using Som.Tests.Oracle;
using static Som.Tests.Data.IdxFiles;

namespace Som.Tests.Data;

/// <summary>
/// Shard reads (docs/contract.md §16): for IDX (raw and gzip, one file and train + test concatenated) and CSV, over 1,
/// 2, 3 and 5 ranks and odd totals, the ranks' blocks in rank order are the full read's rows and labels bit for bit,
/// with and without a limit; a damaged file gives every rank the full read's one-line error; and a rank allocates
/// about its block, not the file.
/// </summary>
public sealed class ShardReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int, int, bool> IdxCases()
    {
        var cases = new TheoryData<int, int, bool>();
        foreach (int count in new[] { 5, 31, 33, 127 })
        {
            foreach (int ranks in new[] { 1, 2, 3, 5 })
            {
                cases.Add(count, ranks, false);
                cases.Add(count, ranks, true);
            }
        }
        return cases;
    }

    /// <summary>An MNIST-style folder: 3 × 5 noise images, <paramref name="train"/> training and <paramref name="test"/> test ones.</summary>
    private string WriteIdxFolder(string name, int train, int test, bool gzip)
    {
        string folder = _dir[name];
        Directory.CreateDirectory(folder);
        string ext = gzip ? ".gz" : "";
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte" + ext), Maybe(Images(train, 3, 5, Noise)));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte" + ext), Maybe(Labels([.. Enumerable.Range(0, train).Select(i => Noise(7 * i + 1))])));
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte" + ext), Maybe(Images(test, 3, 5, k => Noise(k + 100_000))));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte" + ext), Maybe(Labels([.. Enumerable.Range(0, test).Select(i => (byte)(i % 4))])));
        return folder;
    }

    private static (DataShard Train, DataShard? Test) Shard(string spec, int? limit, int? testLimit, int rank, int ranks) =>
        DataSource.ResolveShard(spec, true, limit, testLimit, rank, ranks, null, Environment.CurrentDirectory, null);

    private static DataSplit Full(string spec) => DataSource.Resolve(spec, true, null, Environment.CurrentDirectory, null);

    /// <summary>The shards of every rank joined in rank order equal <paramref name="full"/>: rows, labels, places, names and shapes.</summary>
    internal static void AssertTiles(Dataset full, IReadOnlyList<DataShard> shards, string what)
    {
        for (int r = 0; r < shards.Count; r++) Assert.Equal((long)full.Count * r / shards.Count, shards[r].Offset);
        AssertTilesPlaced(full, shards, what);
    }

    /// <summary><see cref="AssertTiles"/> for shards whose blocks need not be the even split (an image folder's, after skipped files).</summary>
    internal static void AssertTilesPlaced(Dataset full, IReadOnlyList<DataShard> shards, string what)
    {
        long next = 0;
        var values = new List<float>();
        var labels = new List<int>();
        for (int r = 0; r < shards.Count; r++)
        {
            var s = shards[r];
            Assert.True(s.Offset == next, $"{what}: rank {r} starts at {s.Offset}, expected {next}");
            Assert.Equal(full.Count, s.Total);
            Assert.True(s.Placed);
            Assert.Equal(full.Name, s.Rows.Name);
            Assert.Equal(full.Features, s.Features);
            Assert.Equal(full.Image, s.Rows.Image);
            Assert.Equal(full.ClassNames, s.Rows.ClassNames);
            Assert.Equal(s.Count * s.Features, s.Rows.Samples.Values.Length);
            values.AddRange(s.Rows.Samples.Values.ToArray());
            if (s.Rows.Labels is { } l) labels.AddRange(l);
            else Assert.Null(full.Labels);
            next += s.Count;
        }
        Assert.Equal(full.Count, next);
        Assert.Equal(TestData.Bits(full.Samples.Values.ToArray()), TestData.Bits([.. values]));
        if (full.Labels is not null) Assert.Equal(full.Labels, labels);
        // The class count a caller reduces (the max over ranks) is the full read's.
        Assert.Equal(full.ClassCount, shards.Max(s => s.Rows.ClassCount));
    }

    [Theory]
    [MemberData(nameof(IdxCases))]
    public void Idx_shards_are_the_full_read_for_every_part_and_limit(int count, int ranks, bool gzip)
    {
        string folder = WriteIdxFolder("idx", count, count + 2, gzip);
        var full = Full(folder);
        var all = Full(folder + ":all");
        Assert.Equal(2 * count + 2, all.Train.Count);
        foreach (int? limit in new int?[] { null, ranks, count - 1, count + 1 })
        {
            if (limit < ranks) continue;
            var shards = Enumerable.Range(0, ranks).Select(r => Shard(folder, limit, limit, r, ranks)).ToArray();
            string what = $"{count} rows over {ranks} ranks, limit {limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}, gzip {gzip}";
            AssertTiles(Take(full.Train, limit), [.. shards.Select(s => s.Train)], what + ", train");
            AssertTiles(Take(full.Test!, limit), [.. shards.Select(s => s.Test!)], what + ", test");
            // fashion-mnist:all's form: train then test, blocks that may span both files.
            var allShards = Enumerable.Range(0, ranks).Select(r => Shard(folder + ":all", limit, null, r, ranks).Train).ToArray();
            AssertTiles(Take(all.Train, limit), allShards, what + ", all");
        }
        // One IDX file named on its own, labels found beside it.
        string file = Path.Combine(folder, "train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        AssertTiles(Full(file).Train, [.. Enumerable.Range(0, ranks).Select(r => Shard(file, null, null, r, ranks).Train)], "one file");
    }

    [Fact]
    public void A_concatenation_shard_spans_both_files()
    {
        string folder = WriteIdxFolder("span", 4, 3, gzip: false);
        // 7 rows over 2 ranks: rank 0 holds rows 0-2 (train), rank 1 rows 3-6: train row 3 and the three test rows.
        var rank1 = Shard(folder + ":all", null, null, 1, 2).Train;
        Assert.Equal(3, rank1.Offset);
        Assert.Equal(4, rank1.Count);
        var test = Full(folder + ":test").Train;
        Assert.Equal(TestData.Bits(test.Samples.Values.ToArray()), TestData.Bits(rank1.Rows.Samples.Values.Span[15..].ToArray()));
        Assert.Equal(test.Labels, rank1.Rows.Labels![1..]);
    }

    private static Dataset Take(Dataset data, int? limit) => limit is { } n ? data.Take(n) : data;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(31, 2)]
    [InlineData(33, 3)]
    [InlineData(127, 5)]
    [InlineData(31, 5)]
    public void Csv_shards_are_the_full_read_with_and_without_a_header_and_limit(int count, int ranks)
    {
        foreach (bool header in new[] { true, false })
        {
            string path = _dir.WriteText($"data-{header}.csv", Csv(count, 7, header));
            var full = CsvReader.Load(path);
            foreach (int? limit in new int?[] { null, ranks, count - 1 })
            {
                if (limit < ranks || limit < 1) continue;
                var shards = Enumerable.Range(0, ranks).Select(r => CsvReader.LoadShard(path, null, true, null, limit, r, ranks)).ToArray();
                AssertTiles(Take(full, limit), shards, $"csv {count} rows, header {header}, {ranks} ranks, limit {limit}");
            }
            // Through the data source too.
            AssertTiles(full, [.. Enumerable.Range(0, ranks).Select(r => Shard(path, null, null, r, ranks).Train)], "csv via the data source");
        }
    }

    /// <summary>
    /// A CSV of <paramref name="count"/> rows of <paramref name="features"/> values (label, then integers and decimals,
    /// repeated values for ties), with blank lines, \r\n and \r line ends and a final line without one.
    /// </summary>
    private static string Csv(int count, int features, bool header)
    {
        var text = new StringBuilder();
        if (header) text.Append("label,").AppendJoin(',', Enumerable.Range(1, features).Select(f => $"f{f}")).Append('\n');
        for (int i = 0; i < count; i++)
        {
            if (i % 5 == 2) text.Append("   \n\n");
            text.Append(CultureInfo.InvariantCulture, $"{i % 3}");
            for (int f = 0; f < features; f++)
                text.Append(',').Append(f % 3 == 0 ? Noise(i * features + f).ToString(CultureInfo.InvariantCulture) : ((Noise(i + f) % 7) * 0.37).ToString("R", CultureInfo.InvariantCulture));
            if (i < count - 1) text.Append(i % 4 == 1 ? "\r\n" : i % 4 == 3 ? "\r" : "\n");
        }
        return text.ToString();
    }

    [Fact]
    public void Csv_bad_row_in_a_block_gives_the_full_reads_message_and_line_on_that_rank_only()
    {
        var lines = Csv(33, 4, header: true).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();
        int bad = lines.FindLastIndex(l => !string.IsNullOrWhiteSpace(l));
        lines[bad] += ",9";
        string path = _dir.WriteText("ragged.csv", string.Join('\n', lines));
        var full = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        var last = Assert.Throws<SomDataException>(() => CsvReader.LoadShard(path, null, true, null, null, 2, 3));
        Assert.Equal(full.Message, last.Message);
        Assert.Contains($"line {bad + 1}: 6 columns: expected 5", last.Message);
        Assert.Equal(11, CsvReader.LoadShard(path, null, true, null, null, 0, 3).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_or_overlong_idx_gives_every_rank_the_full_reads_one_line_error(bool gzip)
    {
        var images = Images(33, 3, 5, Noise);
        var labels = Labels([.. Enumerable.Range(0, 33).Select(i => (byte)i)]);
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        var damaged = new (string What, byte[] Images, byte[] Labels)[]
        {
            ("pixels cut", Maybe(images[..^7]), Maybe(labels)),
            ("pixels cut inside the first row", Maybe(images[..20]), Maybe(labels)),
            ("pixels too long", Maybe([.. images, 1, 2, 3]), Maybe(labels)),
            ("labels cut", Maybe(images), Maybe(labels[..^1])),
            ("labels of another count", Maybe(images), Maybe(Labels([.. Enumerable.Range(0, 32).Select(i => (byte)i)]))),
        };
        if (gzip) damaged = [.. damaged, ("gzip stream cut", Gzip(images)[..^40], Gzip(labels))];
        foreach (var (what, imageBytes, labelBytes) in damaged)
        {
            string img = _dir.Write("x-images-idx3-ubyte", imageBytes);
            _dir.Write("x-labels-idx1-ubyte", labelBytes);
            var full = Assert.Throws<SomDataException>(() => Full(img));
            Assert.True(full.Message.IndexOfAny(['\n', '\r']) < 0, full.Message);
            for (int r = 0; r < 5; r++)
            {
                var e = Assert.Throws<SomDataException>(() => Shard(img, null, null, r, 5));
                Assert.True(full.Message == e.Message, $"{what}, rank {r}: '{e.Message}', the full read says '{full.Message}'");
            }
        }
    }

    [Fact]
    public void Fewer_rows_than_ranks_is_a_one_line_error_on_every_rank()
    {
        string folder = WriteIdxFolder("few", 3, 10, gzip: false);
        for (int r = 0; r < 4; r++)
        {
            var e = Assert.Throws<SomDataException>(() => Shard(folder + ":train", null, null, r, 4));
            Assert.Equal("few:train: 3 samples over 4 ranks: expected at least one per rank (fewer ranks, or more data)", e.Message);
        }
        Assert.Throws<SomDataException>(() => Shard(folder + ":test", 2, null, 0, 3));
        Assert.Equal(3, Shard(folder + ":test", 3, null, 2, 3).Train.Total);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("gzip")]
    [InlineData("csv")]
    public void A_rank_allocates_its_block_not_the_file(string format)
    {
        const int count = 127, side = 48, ranks = 5;
        string path = format == "csv"
            ? _dir.WriteText("big.csv", Csv(count, side * side, header: true))
            : _dir.Write("big-images-idx3-ubyte", format == "gzip" ? Gzip(Images(count, side, side, Noise)) : Images(count, side, side, Noise));
        if (format != "csv") _dir.Write("big-labels-idx1-ubyte", Labels([.. Enumerable.Range(0, count).Select(i => (byte)i)]));
        long Allocated(Action read)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            read();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        // The full read on this thread (the IDX reader decompresses on others: its floats are allocated here).
        long full = Allocated(() => DataSource.Resolve(path, true, null, "/", null));
        long shard = Allocated(() => DataSource.ResolveShard(path, true, null, null, 2, ranks, null, "/", null));
        long floats = (long)(count * 3 / ranks - count * 2 / ranks) * side * side * sizeof(float);
        Assert.True(full >= (long)count * side * side * sizeof(float), $"{format}: the full read allocated {full} bytes");
        // The block's floats; for CSV its lines (two bytes a character, and a builder's copies of lines that straddle a
        // buffer) and the header's names; buffers of a few hundred KiB, whatever the file's size.
        long lines = format == "csv" ? 4 * new FileInfo(path).Length / ranks + 400_000 : 0;
        Assert.True(shard <= floats + lines + 600_000, $"{format}: rank 2 of {ranks} allocated {shard} bytes for a block of {floats} float bytes; the full read {full}");
        Assert.True(shard < full / 2, $"{format}: rank 2 of {ranks} allocated {shard} bytes, the full read {full}");
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("a", 4)]
    [InlineData("a\nb", 1)]
    [InlineData("a\r\nb\r\n\r\nc", 1)]
    [InlineData("a\r\nb\r\n\r\nc", 2)]
    [InlineData("\r\r\n\n x \r", 1)]
    [InlineData("\r\r\n\n x \r", 3)]
    [InlineData("one,two\n\n  \nthree\r\n", 2)]
    public void Csv_lines_split_as_read_line_does_at_any_buffer_edge(string text, int buffer)
    {
        var expected = new List<string>();
        using (var reader = new StringReader(text))
        {
            for (string? line; (line = reader.ReadLine()) is not null;) expected.Add(line);
        }
        var read = new CsvLines(new StringReader(text), buffer);
        var got = new List<string>();
        for (string? line; (line = read.ReadLine()) is not null;) got.Add(line);
        Assert.Equal(expected, got);
        var skip = new CsvLines(new StringReader(text), buffer);
        var blanks = new List<bool>();
        while (skip.Skip(out bool blank)) blanks.Add(blank);
        Assert.Equal(expected.Select(string.IsNullOrWhiteSpace), blanks);
    }
}
