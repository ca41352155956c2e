using static Som.Tests.Data.IdxFiles;

namespace Som.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_scaled_pixels_labels_and_shape(bool gzip)
    {
        byte[] pixels = [0, 51, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var images = Images(2, 2, 3, k => pixels[k]);
        var labels = Labels(4, 200);
        string imagesPath = _dir.Write("img", gzip ? Gzip(images) : images);
        string labelsPath = _dir.Write("lbl", gzip ? Gzip(labels) : labels);

        var data = IdxReader.Load(imagesPath, labelsPath, "tiny");

        Assert.Equal("tiny", data.Name);
        Assert.Equal(2, data.Count);
        Assert.Equal(6, data.Features);
        Assert.Equal(new ImageShape(3, 2, 1), data.Image);
        Assert.Equal(0f, data.Samples.Values.Span[0]);
        Assert.Equal(0.2f, data.Samples.Values.Span[1]);
        Assert.Equal(1f, data.Samples.Values.Span[2]);
        Assert.Equal(9 / 255f, data.Samples.Values.Span[11]);
        Assert.Equal([4, 200], data.Labels!);
        Assert.Null(data.ClassNames);
    }

    [Fact]
    public void Keeps_raw_byte_values_when_not_scaling()
    {
        string path = _dir.Write("img", Images(1, 1, 3, k => (byte)(k * 100 + 5)));
        var data = IdxReader.Load(path, null, "raw", scale: false);
        Assert.Equal([5f, 105f, 205f], data.Samples.Values.ToArray());
        Assert.Null(data.Labels);
    }

    [Fact]
    public void Detects_gzip_by_content_not_name()
    {
        string gz = _dir.Write("looks-raw.idx", Gzip(Images(1, 2, 2, k => (byte)k)));
        string raw = _dir.Write("looks-gzipped.gz", Images(1, 2, 2, k => (byte)k));
        Assert.Equal([0f, 1f, 2f, 3f], IdxReader.ReadImages(gz, scale: false).Samples.Values.ToArray());
        Assert.Equal([0f, 1f, 2f, 3f], IdxReader.ReadImages(raw, scale: false).Samples.Values.ToArray());
    }

    [Fact]
    public void Sets_class_names_when_given()
    {
        string path = _dir.Write("img", Images(1, 1, 1, _ => 0));
        string labels = _dir.Write("lbl", Labels(9));
        var data = IdxReader.Load(path, labels, "f", classNames: IdxReader.FashionMnistClassNames);
        Assert.Equal(10, data.ClassNames!.Length);
        Assert.Equal("T-shirt/top", data.ClassNames[0]);
        Assert.Equal("Ankle boot", data.ClassNames[9]);
    }

    [Fact]
    public void Wrong_magic_names_file_found_and_expected()
    {
        string labels = _dir.Write("labels-as-images", Labels(1, 2, 3));
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(labels));
        Assert.Contains("labels-as-images", ex.Message);
        Assert.Contains("magic number 0x00000801: expected 0x00000803", ex.Message);

        string images = _dir.Write("images-as-labels", Images(1, 1, 1, _ => 0));
        ex = Assert.Throws<SomDataException>(() => IdxReader.ReadLabels(images));
        Assert.Contains("images-as-labels", ex.Message);
        Assert.Contains("magic number 0x00000803: expected 0x00000801", ex.Message);
    }

    [Fact]
    public void Truncated_raw_file_says_how_much_was_expected()
    {
        var full = Images(2, 2, 3, k => (byte)k);
        string path = _dir.Write("short-images", full[..^5]);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("short-images", ex.Message);
        Assert.Contains("truncated: header says 2 × 2 × 3 = 12 pixel bytes, file has 7", ex.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        string path = _dir.Write("stub", Images(1, 2, 2, _ => 0)[..10]);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("stub: truncated: header has 10 bytes: expected 16", ex.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_a_data_error()
    {
        var gz = Gzip(Images(20, 28, 28, Noise));
        Assert.True(gz.Length > 10_000, "noise should not compress much");
        string path = _dir.Write("cut.gz", gz[..(gz.Length / 2)]);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("cut.gz", ex.Message);
        Assert.Contains("truncated: header says 20 × 28 × 28 = 15680 pixel bytes, decompressed data has", ex.Message);
    }

    [Fact]
    public void Corrupt_gzip_stream_is_a_data_error()
    {
        var gz = Gzip(Images(2, 4, 4, Noise));
        gz[3] = 0xff; // reserved flag bits set: no valid gzip header has them
        string path = _dir.Write("bad.gz", gz);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("bad.gz: corrupt gzip data", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_bytes_are_an_error(bool gzip)
    {
        byte[] bytes = [.. Images(2, 2, 2, k => (byte)k), 1, 2, 3];
        string path = _dir.Write("long", gzip ? Gzip(bytes) : bytes);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("long: 3 bytes after the 8 pixel bytes the header announces", ex.Message);

        string labels = _dir.Write("long-labels", [.. Labels(1, 2), 9]);
        ex = Assert.Throws<SomDataException>(() => IdxReader.ReadLabels(labels));
        Assert.Contains("long-labels: 1 bytes after the 2 label bytes", ex.Message);
    }

    [Fact]
    public void Truncated_labels_are_reported()
    {
        string path = _dir.Write("few-labels", Labels(1, 2, 3)[..^1]);
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("few-labels: truncated: header says 3 label bytes, file has 2", ex.Message);
    }

    [Fact]
    public void Label_count_must_match_image_count()
    {
        string images = _dir.Write("four-images", Images(4, 1, 1, _ => 0));
        string labels = _dir.Write("three-labels", Labels(0, 1, 2));
        var ex = Assert.Throws<SomDataException>(() => IdxReader.Load(images, labels, "x"));
        Assert.Contains("three-labels: 3 labels for the 4 images of", ex.Message);
        Assert.Contains("four-images", ex.Message);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(_dir["nowhere-images"]));
        Assert.Contains("nowhere-images: file not found", ex.Message);

        string images = _dir.Write("img", Images(1, 1, 1, _ => 0));
        ex = Assert.Throws<SomDataException>(() => IdxReader.Load(images, _dir["nowhere-labels"], "x"));
        Assert.Contains("nowhere-labels: file not found", ex.Message);
    }

    [Theory]
    [InlineData(0, 2, 2, "0 images")]
    [InlineData(3, 0, 2, "0 rows")]
    [InlineData(3, 2, 0, "0 columns")]
    public void Zero_dimensions_are_rejected(int count, int rows, int columns, string what)
    {
        string path = _dir.Write("empty-images", Images(count, rows, columns, _ => 0));
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains($"empty-images: header says {what}: expected at least 1", ex.Message);
    }

    [Fact]
    public void Zero_labels_are_rejected()
    {
        string path = _dir.Write("no-labels", Labels());
        var ex = Assert.Throws<SomDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("no-labels: header says 0 labels", ex.Message);
    }

    [Fact]
    public void Concatenated_parts_keep_their_order()
    {
        string a = _dir.Write("a-img", Gzip(Images(2, 1, 2, k => (byte)(1 + k))));
        string al = _dir.Write("a-lbl", Labels(5, 6));
        string b = _dir.Write("b-img", Images(1, 1, 2, k => (byte)(50 + k)));
        string bl = _dir.Write("b-lbl", Gzip(Labels(7)));
        var data = IdxReader.LoadConcatenated([(a, al), (b, bl)], "ab", scale: false, null);
        Assert.Equal([1f, 2f, 3f, 4f, 50f, 51f], data.Samples.Values.ToArray());
        Assert.Equal([5, 6, 7], data.Labels!);
        Assert.Equal(new ImageShape(2, 1, 1), data.Image);
    }

    [Fact]
    public void Concatenated_parts_must_share_image_size()
    {
        string a = _dir.Write("a-img", Images(1, 2, 2, _ => 0));
        string b = _dir.Write("b-img", Images(1, 3, 3, _ => 0));
        var ex = Assert.Throws<SomDataException>(() => IdxReader.LoadConcatenated([(a, null), (b, null)], "ab", true, null));
        Assert.Contains("b-img: images are 3 × 3: expected 2 × 2", ex.Message);
    }
}
