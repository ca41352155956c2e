using System.Buffers.Binary;
using System.Globalization;
using Som.Runner.Data;
using Som.Tests.Data;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som map MODEL IMAGE… | DIR</c>: real Fashion-MNIST test images written as PNG files map to the units
/// <see cref="SelfOrganizingMap.Winners"/> finds for the same pixels; the model's image rule (shape, colour, resize)
/// decides how files are read; every bad input is one line and exit 2; damaged image files never crash the reader.
/// </summary>
public sealed class MapImagesTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>, IDisposable
{
    private static readonly Lazy<Dataset> Test = new(() => DataSource.Resolve("fashion-mnist").Test!.Take(33));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes test image i as grey PNG <c>{folder}/{i:D3}.png</c> and returns the paths.</summary>
    private string[] WritePngs(string folder, int count)
    {
        var test = Test.Value;
        return [.. Enumerable.Range(0, count).Select(i => _dir.Write($"{folder}/{i:D3}.png", TestImages.GreyPng(28, 28, TestImages.Pixels(test.Samples.Row(i)))))];
    }

    private static string[][] Rows(string csv) => [.. csv.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(','))];

    [Fact]
    public void One_file_a_list_and_a_folder_map_to_the_winners_of_the_same_pixels()
    {
        string[] files = WritePngs("pngs", 33);
        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        int[] winners = map.Winners(Test.Value.Samples);
        var model = ModelFile.Load(fixture.ModelPath);
        Assert.False(model.ImagesResized);
        int[] stored = model.UnitLabels!.Labels;

        // One file.
        var (exit, output, error) = RunnerHarness.Run("map", fixture.ModelPath, files[31]);
        Assert.True(exit == 0, error);
        Assert.StartsWith("sample,file,bmu,x,y,distance,second_bmu,second_distance,unit_label,unit_class\n", output);
        var one = Rows(output);
        Assert.Single(one);
        Assert.Equal(["0", files[31], winners[31].ToString(CultureInfo.InvariantCulture)], one[0][..3]);

        // A list, in the order given, and the folder, in ordinal file order: both all 33.
        string[] reversed = [.. files.Reverse()];
        (exit, output, error) = RunnerHarness.Run(["map", fixture.ModelPath, .. reversed]);
        Assert.True(exit == 0, error);
        var list = Rows(output);
        (exit, output, error) = RunnerHarness.Run("map", fixture.ModelPath, _dir["pngs"]);
        Assert.True(exit == 0, error);
        var folder = Rows(output);
        Assert.Equal(33, list.Length);
        Assert.Equal(33, folder.Length);
        for (int i = 0; i < 33; i++)
        {
            int b = winners[32 - i];
            Assert.Equal(reversed[i], list[i][1]);
            Assert.Equal(b, int.Parse(list[i][2], CultureInfo.InvariantCulture));
            Assert.Equal((b % 9, b / 9), (int.Parse(list[i][3], CultureInfo.InvariantCulture), int.Parse(list[i][4], CultureInfo.InvariantCulture)));
            // Units are named by the labels stored in the model, with the data's class names.
            Assert.Equal(stored[b], int.Parse(list[i][8], CultureInfo.InvariantCulture));
            Assert.Equal(IdxReader.FashionMnistClassNames[stored[b]], list[i][9]);
            Assert.Equal(files[i], folder[i][1]);
            Assert.Equal(winners[i], int.Parse(folder[i][2], CultureInfo.InvariantCulture));
        }
        // --limit keeps the first N rows.
        (exit, output, _) = RunnerHarness.Run("map", fixture.ModelPath, _dir["pngs"], "--limit", "5");
        Assert.Equal(0, exit);
        Assert.Equal(5, Rows(output).Length);
    }

    [Fact]
    public void A_colour_file_is_made_grey_as_the_model_was_trained()
    {
        // r = g = b = v gives luminance (299 + 587 + 114)·v / 1000 = v exactly: the same pixels as the grey file.
        var test = Test.Value;
        var pixels = TestImages.Pixels(test.Samples.Row(7));
        string path = _dir.Write("rgb.png", TestImages.ColourPng(28, 28, p => (pixels[p], pixels[p], pixels[p])));
        using var map = SelfOrganizingMap.Load(fixture.ModelPath);
        var (exit, output, error) = RunnerHarness.Run("map", fixture.ModelPath, path);
        Assert.True(exit == 0, error);
        Assert.Equal(map.Winner(test.Samples.Row(7)), int.Parse(Rows(output)[0][2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_model_trained_on_resized_images_resizes_new_files_the_same_way()
    {
        // Train on a folder read at 14x14 (so every 28x28 image was resized), then map 28x28 files.
        WritePngs("train/a", 6);
        for (int i = 6; i < 12; i++) _dir.Write($"train/b/{i:D3}.png", TestImages.GreyPng(28, 28, TestImages.Pixels(Test.Value.Samples.Row(i))));
        string model = _dir["resized/model.som"];
        var (exit, _, error) = RunnerHarness.Run("train", "--data", _dir["train"], "--image-size", "14x14", "--map", "3x2", "--epochs", "2",
            "--no-report", "--out", _dir["resized"]);
        Assert.True(exit == 0, error);
        var loaded = ModelFile.Load(model);
        Assert.True(loaded.ImagesResized);
        Assert.Equal(new ImageShape(14, 14, 1), loaded.Image);

        string[] files = WritePngs("new", 9);
        (exit, string output, error) = RunnerHarness.Run(["map", model, .. files]);
        Assert.True(exit == 0, error);
        // The same pixels as training would have made of them: the folder reader at 14x14.
        var (expected, _) = ImageFolderReader.Load(_dir["new"], new ImageLoadOptions((14, 14)));
        using var map = SelfOrganizingMap.Load(model);
        int[] winners = map.Winners(expected.Samples);
        Assert.Equal(winners, Rows(output).Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)));
        // --data DIR on this model reads the folder at the model's 14x14 too.
        (exit, output, error) = RunnerHarness.Run("map", model, "--data", _dir["new"]);
        Assert.True(exit == 0, error);
        Assert.Equal(winners, Rows(output).Select(r => int.Parse(r[1], CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "size", "big.png: image of 56x56: expected 28x28 (the model's 28x28 training images were used as they came, not resized" },
        { "size-folder", "big.png: image of 56x56: expected 28x28" },
        { "not-image", "notes.png: not an image SkiaSharp can decode: expected PNG, JPEG, WebP, BMP or GIF" },
        { "truncated", "cut.png: damaged image data (IncompleteInput): expected a complete 28x28 image" },
        { "missing", "absent.png: no such file or folder" },
        { "not-images-model", "was trained on data that are not images (3 features, no image shape): expected --data with 3 features per sample" },
        { "corrupt-model", "corrupt.som: not a SomGpu model file" },
        { "both", "map: --data fashion-mnist and image files" },
        { "neither", "map: expected --data SPEC or image files or folders after the model" },
        { "image-size", "--image-size, --color: the model fixes the size and colour" },
        { "huge", "huge.png: image of 60000x60000 pixels: expected 1 to 67108864 pixels" },
        { "idx-folder", "no image found: expected PNG, JPEG, WebP, BMP or GIF files (IDX or CSV data go in --data)" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_one_line_exit_2_and_writes_nothing(string kind, string message)
    {
        string good = WritePngs("ok", 1)[0];
        byte[] png = File.ReadAllBytes(good);
        string model = fixture.ModelPath;
        string[] args = kind switch
        {
            "size" => [_dir.Write("big.png", TestImages.GreyPng(56, 56, new byte[56 * 56]))],
            "size-folder" => [Path.GetDirectoryName(_dir.Write("folder/big.png", TestImages.GreyPng(56, 56, new byte[56 * 56])))!],
            "not-image" => [_dir.WriteText("notes.png", "not a picture\n")],
            "truncated" => [_dir.Write("cut.png", png[..(png.Length * 2 / 3)])],
            "missing" => [_dir["absent.png"]],
            "both" => [good, "--data", "fashion-mnist"],
            "neither" => [],
            "image-size" => [good, "--image-size", "28x28"],
            "huge" => [_dir.Write("huge.png", WithSize(png, 60000, 60000))],
            // Gzip: a raw IDX images header (00 00 08 03 …) reads to SkiaSharp as a WBMP of 8 × 3 pixels.
            "idx-folder" => [Path.GetDirectoryName(_dir.Write("idx/t10k-images-idx3-ubyte.gz", IdxFiles.Gzip(IdxFiles.Images(2, 28, 28, IdxFiles.Noise))))!],
            _ => [good],
        };
        if (kind == "not-images-model")
        {
            var (trained, _, trainError) = RunnerHarness.Run("train", "--data", _dir.WriteText("three.csv", "label,a,b,c\n0,1,2,3\n1,3,2,1\n0,2,2,2\n"),
                "--map", "2x1", "--epochs", "1", "--no-report", "--out", _dir["csv-model"]);
            Assert.True(trained == 0, trainError);
            model = _dir["csv-model/model.som"];
        }
        if (kind == "corrupt-model") model = _dir.Write("corrupt.som", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
        string output = _dir["map.csv"];
        var (exit, stdout, error) = RunnerHarness.Run(["map", model, .. args, "--out", output]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(output), "map wrote its CSV on bad input");
        Assert.DoesNotContain("sample,", stdout);
    }

    /// <summary>A PNG with its IHDR width and height replaced (and the chunk's CRC repaired, so only the size is wrong).</summary>
    private static byte[] WithSize(byte[] png, int width, int height)
    {
        var bytes = (byte[])png.Clone();
        // Signature (8), IHDR length (4), "IHDR" (4), width, height, …, CRC over type + 13 data bytes.
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xffffffff;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
        }
        return ~crc;
    }

    [Theory]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Png)]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Jpeg)]
    public void Damaged_image_files_decode_to_the_model_shape_or_fail_with_a_data_error(SkiaSharp.SKEncodedImageFormat format)
    {
        var test = Test.Value;
        byte[] pixels = TestImages.Pixels(test.Samples.Row(3));
        byte[] valid = TestImages.Grey(28, 28, pixels, format);
        bool lossless = format == SkiaSharp.SKEncodedImageFormat.Png;
        using var scratch = new TempDirectory(CorruptFiles.ScratchRoot);
        var cases = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, lossless ? 1500 : 1000, lossless ? 96 : 97, headerBias: 40))
            .Prepend(new CorruptFiles.Case(valid, "unchanged"));
        var (loaded, refused) = CorruptFiles.Run(scratch[lossless ? "image.png" : "image.jpg"], cases,
            p => ImageFolderReader.LoadFiles([p], (28, 28), ImageColour.Grey, "not resized").Data,
            (data, bytes, what) =>
            {
                Assert.Equal(1, data.Count);
                Assert.Equal(784, data.Features);
                Assert.All(data.Samples.Values.ToArray(), v => Assert.InRange(v, 0f, 1f));
                // The unchanged file gives the sample's pixels: exactly from PNG, within JPEG's loss at quality 100.
                if (bytes.AsSpan().SequenceEqual(valid))
                {
                    var back = data.Samples.Values.ToArray();
                    if (lossless) Assert.Equal(test.Samples.Row(3).ToArray(), back);
                    for (int i = 0; i < back.Length; i++) Assert.InRange(back[i] * 255 - pixels[i], -24, 24);
                }
            },
            length => (4 << 20) + 64 * length);
        Assert.True(loaded >= 1 && refused > valid.Length, $"{loaded} loaded, {refused} refused");
    }
}
