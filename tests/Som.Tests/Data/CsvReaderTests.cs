namespace Som.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Loads_labels_scaled_features_and_square_image_shape()
    {
        string path = _dir.WriteText("good.csv",
            "label,pixel1,pixel2,pixel3,pixel4\n3,0,51,255,102\n0,1.5e1,\"51\", 255 ,0\n");
        var data = CsvReader.Load(path);
        Assert.Equal("good.csv", data.Name);
        Assert.Equal(2, data.Count);
        Assert.Equal(4, data.Features);
        Assert.Equal([3, 0], data.Labels!);
        Assert.Equal([0f, 0.2f, 1f, 0.4f, 15 / 255f, 0.2f, 1f, 0f], data.Samples.Values.ToArray());
        Assert.Equal(new ImageShape(2, 2, 1), data.Image);
    }

    [Fact]
    public void Keeps_values_without_scaling_and_no_shape_for_non_square_width()
    {
        string path = _dir.WriteText("plain.csv", "y,a,b,c\r\n1,-0.5,2,1e3\r\n\r\n2,3,4,5\r\n\r\n");
        var data = CsvReader.Load(path, "plain", scale: false, classNames: ["zero", "one", "two"]);
        Assert.Equal("plain", data.Name);
        Assert.Equal([-0.5f, 2f, 1000f, 3f, 4f, 5f], data.Samples.Values.ToArray());
        Assert.Equal([1, 2], data.Labels!);
        Assert.Null(data.Image);
        Assert.Equal(["zero", "one", "two"], data.ClassNames!);
    }

    [Fact]
    public void A_numeric_first_row_is_data_not_a_header()
    {
        string path = _dir.WriteText("bare.csv", "1,10,20\n2,30,40\n");
        var data = CsvReader.Load(path, scale: false);
        Assert.Equal(2, data.Count);
        Assert.Equal([10f, 20f, 30f, 40f], data.Samples.Values.ToArray());
    }

    [Fact]
    public void Wrong_column_count_names_file_and_line()
    {
        string path = _dir.WriteText("ragged.csv", "label,p1,p2\n1,2,3\n4,5\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains("ragged.csv line 3: 2 columns: expected 3", ex.Message);
    }

    [Fact]
    public void Non_numeric_value_names_line_and_column()
    {
        string path = _dir.WriteText("words.csv", "label,p1,p2\n1,2,abc\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains("words.csv line 2, column 3 (p2): 'abc' is not a number", ex.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void Non_finite_values_are_rejected(string value)
    {
        string path = _dir.WriteText("nan.csv", $"label,p1,p2\n1,2,3\n1,{value},3\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains($"nan.csv line 3, column 2 (p1): {value}: expected a finite number", ex.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("x")]
    public void Labels_must_be_non_negative_integers(string label)
    {
        string path = _dir.WriteText("labels.csv", $"label,p1\n{label},3\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains($"labels.csv line 2: label '{label}': expected a class index", ex.Message);
    }

    [Fact]
    public void Header_only_is_an_error()
    {
        string path = _dir.WriteText("header.csv", "label,p1,p2\n\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains("header.csv: header only, no data rows", ex.Message);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        string path = _dir.WriteText("empty.csv", "");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains("empty.csv: empty file", ex.Message);
    }

    [Fact]
    public void Label_column_alone_is_an_error()
    {
        string path = _dir.WriteText("narrow.csv", "label\n1\n");
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(path));
        Assert.Contains("narrow.csv line 1: 1 column: expected a label column and at least one feature column", ex.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var ex = Assert.Throws<SomDataException>(() => CsvReader.Load(_dir["absent.csv"]));
        Assert.Contains("absent.csv: file not found", ex.Message);
    }

    [Fact]
    public void Many_rows_span_several_blocks_in_order()
    {
        // More rows than one internal block holds, so the block stitching is exercised.
        var text = new System.Text.StringBuilder("label,a,b\n");
        for (int i = 0; i < 10_000; i++) text.Append(i % 10).Append(',').Append(i % 256).Append(',').Append(i % 7).Append('\n');
        var data = CsvReader.Load(_dir.WriteText("many.csv", text.ToString()), scale: false);
        Assert.Equal(10_000, data.Count);
        for (int i = 0; i < 10_000; i += 997)
        {
            Assert.Equal(i % 10, data.Labels![i]);
            Assert.Equal(i % 256, data.Samples.Row(i)[0]);
            Assert.Equal(i % 7, data.Samples.Row(i)[1]);
        }
    }
}
