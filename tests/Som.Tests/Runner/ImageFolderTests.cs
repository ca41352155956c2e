using System.Text.Json.Nodes;
using SkiaSharp;
using Som.Runner.Data;

namespace Som.Tests.Runner;

/// <summary><c>--data DIR</c> for a folder of images: layout, decoding, colour, resizing, skipped files and errors.</summary>
public sealed class ImageFolderTests
{
    /// <summary>An 8-bit grey PNG of <paramref name="width"/>×<paramref name="height"/> with <paramref name="pixels"/> row by row.</summary>
    private static byte[] GreyPng(int width, int height, byte[] pixels)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        pixels.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>An opaque RGB image; <paramref name="rgb"/> holds r, g, b per pixel, row by row.</summary>
    private static byte[] ColourImage(int width, int height, byte[] rgb, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var span = bitmap.GetPixelSpan();
        for (int p = 0; p < width * height; p++)
        {
            span[4 * p] = rgb[3 * p];
            span[4 * p + 1] = rgb[3 * p + 1];
            span[4 * p + 2] = rgb[3 * p + 2];
            span[4 * p + 3] = 255;
        }
        using var data = bitmap.Encode(format, 100);
        return data.ToArray();
    }

    private static byte[] Constant(int count, byte value) => Enumerable.Repeat(value, count).ToArray();

    [Fact]
    public void Labelled_folders_are_classes_sorted_by_name_and_files_are_in_ordinal_order()
    {
        using var dir = new TempDirectory();
        // Class folders created out of order; "B" sorts before "a" in ordinal order.
        dir.Write("imgs/a/2.png", GreyPng(3, 1, [1, 2, 3]));
        dir.Write("imgs/a/10.png", GreyPng(3, 1, [4, 5, 6]));
        dir.Write("imgs/B/x.png", GreyPng(3, 1, [7, 8, 9]));
        dir.Write("imgs/B/sub/y.png", GreyPng(3, 1, [10, 11, 12]));
        dir.Write("imgs/B/.hidden.png", GreyPng(3, 1, [0, 0, 0]));
        var (data, warnings) = ImageFolderReader.Load(dir["imgs"], ImageLoadOptions.Default);

        Assert.Empty(warnings);
        Assert.Equal(["B", "a"], data.ClassNames!);
        Assert.Equal([0, 0, 1, 1], data.Labels!);
        Assert.Equal(new ImageShape(3, 1, 1), data.Image);
        Assert.Equal("imgs", data.Name);
        // B/sub/y.png < B/x.png, a/10.png < a/2.png (ordinal); grey PNG pixels exactly v / 255.
        float[] expected = [.. new byte[] { 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3 }.Select(v => v / 255f)];
        Assert.Equal(expected, data.Samples.Values.ToArray());
    }

    [Fact]
    public void A_folder_of_images_only_is_unlabelled_and_odd_sizes_and_every_grey_level_are_exact()
    {
        using var dir = new TempDirectory();
        // 31×33: odd on both sides, so the row stride is not the width; 1023 pixels cover all 256 levels.
        var pixels = Enumerable.Range(0, 31 * 33).Select(i => (byte)(i * 7 % 256)).ToArray();
        dir.Write("flat/one.png", GreyPng(31, 33, pixels));
        dir.Write("flat/two.png", GreyPng(31, 33, [.. pixels.Reverse()]));
        var (data, _) = ImageFolderReader.Load(dir["flat"], ImageLoadOptions.Default);

        Assert.Null(data.Labels);
        Assert.Null(data.ClassNames);
        Assert.Equal(2, data.Count);
        Assert.Equal(31 * 33, data.Features);
        Assert.Equal(pixels.Select(v => v / 255f).ToArray(), data.Samples.Row(0).ToArray());
        Assert.Equal(pixels.Reverse().Select(v => v / 255f).ToArray(), data.Samples.Row(1).ToArray());
    }

    [Fact]
    public void Rgb_is_channel_last_and_grey_is_the_documented_luminance()
    {
        using var dir = new TempDirectory();
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 77];
        dir.Write("c/p.png", ColourImage(2, 2, rgb));

        var (colour, _) = ImageFolderReader.Load(dir["c"], new ImageLoadOptions(null, ImageColour.Rgb));
        Assert.Equal(new ImageShape(2, 2, 3), colour.Image);
        Assert.Equal(12, colour.Features);
        Assert.Equal(rgb.Select(v => v / 255f).ToArray(), colour.Samples.Row(0).ToArray());

        var (grey, _) = ImageFolderReader.Load(dir["c"], ImageLoadOptions.Default);
        Assert.Equal(4, grey.Features);
        // Naive double-precision Rec. 601 luma, rounded to nearest: 76, 150, 29 and 0.299·10 + 0.587·200 + 0.114·77 = 129.157.
        double[] luma = [.. Enumerable.Range(0, 4).Select(p => Math.Round(0.299 * rgb[3 * p] + 0.587 * rgb[3 * p + 1] + 0.114 * rgb[3 * p + 2], MidpointRounding.AwayFromZero))];
        Assert.Equal([76.0, 150.0, 29.0, 129.0], luma);
        Assert.Equal(luma.Select(v => (float)v / 255f).ToArray(), grey.Samples.Row(0).ToArray());
    }

    [Fact]
    public void Image_size_resizes_and_without_it_every_image_takes_the_first_ones_size()
    {
        using var dir = new TempDirectory();
        dir.Write("r/a.png", GreyPng(4, 4, Constant(16, 200)));
        dir.Write("r/b.png", GreyPng(8, 2, Constant(16, 40)));

        var (asked, _) = ImageFolderReader.Load(dir["r"], new ImageLoadOptions((3, 5)));
        Assert.Equal(new ImageShape(3, 5, 1), asked.Image);
        // A constant image stays constant under any interpolating filter.
        Assert.All(asked.Samples.Row(0).ToArray(), v => Assert.Equal(200 / 255f, v));
        Assert.All(asked.Samples.Row(1).ToArray(), v => Assert.Equal(40 / 255f, v));

        var (first, _) = ImageFolderReader.Load(dir["r"], ImageLoadOptions.Default);
        Assert.Equal(new ImageShape(4, 4, 1), first.Image);
        Assert.All(first.Samples.Row(1).ToArray(), v => Assert.Equal(40 / 255f, v));

        // Through the command line: --image-size 2x3 gives 6 features.
        var (exit, output, error) = RunnerHarness.Run("train", "--data", dir["r"], "--image-size", "2x3", "--map", "2x1", "--epochs", "1",
            "--no-report", "--out", dir["m"]);
        Assert.True(exit == 0, error);
        Assert.Contains("2 training samples × 6 features", output, StringComparison.Ordinal);
        Assert.Equal(new ImageShape(2, 3, 1), ModelFile.Load(dir["m/model.som"]).Image);
    }

    [Fact]
    public void A_non_image_and_a_corrupt_jpeg_are_skipped_with_one_warning()
    {
        using var dir = new TempDirectory();
        var rng = new Random(5);
        for (int i = 0; i < 6; i++)
        {
            var rgb = new byte[5 * 5 * 3];
            rng.NextBytes(rgb);
            dir.Write($"w/{(i % 2 == 0 ? "even" : "odd")}/{i}.jpg", ColourImage(5, 5, rgb, SKEncodedImageFormat.Jpeg));
        }
        byte[] jpeg = File.ReadAllBytes(dir["w/even/0.jpg"]);
        dir.Write("w/even/broken.jpg", jpeg[..(jpeg.Length / 2)]);
        dir.WriteText("w/odd/notes.txt", "not an image\n");

        var (exit, output, error) = RunnerHarness.Run("train", "--data", dir["w"], "--map", "2x2", "--epochs", "1", "--no-report", "--out", dir["m"]);
        Assert.True(exit == 0, error);
        var warning = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("skipped 2 file(s)", warning, StringComparison.Ordinal);
        Assert.Contains("even/broken.jpg", warning, StringComparison.Ordinal);
        Assert.Contains("odd/notes.txt", warning, StringComparison.Ordinal);
        Assert.Contains("6 training samples × 25 features", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "no files")]
    [InlineData("junk", "1 file(s), none a decodable image")]
    [InlineData("classes", "no files")]
    public void A_folder_without_images_is_one_line_exit_2_and_writes_nothing(string kind, string message)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["d"]);
        if (kind == "junk") dir.WriteText("d/a.png", "this is text, not a PNG\n");
        if (kind == "classes") Directory.CreateDirectory(dir["d/cats"]);
        var (exit, _, error) = RunnerHarness.Run("train", "--data", dir["d"], "--map", "2x2", "--epochs", "1", "--no-report", "--out", dir["m"]);
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(dir["d"], line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["m/model.som"]));
    }

    [Fact]
    public void Image_options_on_data_that_is_not_an_image_folder_are_an_error()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("d.csv", "label,a,b\n0,1,2\n1,3,4\n");
        var (exit, _, error) = RunnerHarness.Run("train", "--data", csv, "--color", "rgb", "--map", "2x1", "--no-report", "--out", dir["m"]);
        Assert.Equal(2, exit);
        Assert.Contains("--image-size and --color apply to a folder of images", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_map_and_render_work_on_a_folder()
    {
        using var dir = new TempDirectory();
        var rng = new Random(11);
        for (int i = 0; i < 40; i++)
        {
            var pixels = new byte[6 * 5];
            rng.NextBytes(pixels);
            if (i % 2 == 1) for (int p = 0; p < pixels.Length; p++) pixels[p] = (byte)(pixels[p] / 4);
            dir.Write($"f/{(i % 2 == 0 ? "light" : "dark")}/{i:D2}.png", GreyPng(6, 5, pixels));
        }
        var (exit, _, error) = RunnerHarness.Run("train", "--data", dir["f"], "--map", "3x2", "--epochs", "3", "--no-report", "--out", dir["m"]);
        Assert.True(exit == 0, error);
        Assert.Equal(new ImageShape(6, 5, 1), ModelFile.Load(dir["m/model.som"]).Image);

        (exit, _, error) = RunnerHarness.Run("evaluate", dir["m/model.som"], "--data", dir["f"], "--out", dir["e.json"]);
        Assert.True(exit == 0, error);
        var e = JsonNode.Parse(File.ReadAllText(dir["e.json"]))!;
        Assert.Equal(40, e["data"]!["samples"]!.GetValue<int>());
        string json = e.ToJsonString();
        Assert.Contains("\"dark\"", json, StringComparison.Ordinal);
        Assert.Contains("\"light\"", json, StringComparison.Ordinal);

        (exit, _, error) = RunnerHarness.Run("map", dir["m/model.som"], "--data", dir["f"], "--out", dir["map.csv"]);
        Assert.True(exit == 0, error);
        Assert.Equal(41, File.ReadAllLines(dir["map.csv"]).Length);

        (exit, _, error) = RunnerHarness.Run("render", dir["m/model.som"], "--data", dir["f"], "--out", dir["pics"]);
        Assert.True(exit == 0, error);
        Assert.Contains("classes.png", Directory.GetFiles(dir["pics"], "*.png").Select(p => Path.GetFileName(p)!));
    }

    /// <summary>
    /// A map trained on colour photos resized with --image-size and --color rgb: render, evaluate and map read the
    /// same folder, without the options, as the model's images were (its shape, colour and resize rule), and the
    /// prototypes are drawn in colour.
    /// </summary>
    [Fact]
    public void Render_evaluate_and_map_read_a_resized_colour_folder_as_the_model_was_trained()
    {
        using var dir = new TempDirectory();
        var rng = new Random(5);
        for (int i = 0; i < 24; i++)
        {
            bool red = i % 2 == 0;
            byte noise = (byte)rng.Next(40);
            dir.Write($"f/{(red ? "red" : "blue")}/{i:D2}.png", TestImages.ColourPng(12, 10,
                p => red ? ((byte)(200 + noise), (byte)(p % 12 * 4), (byte)20) : ((byte)20, (byte)(p / 12 * 6), (byte)(200 + noise))));
        }
        var (exit, _, error) = RunnerHarness.Run("train", "--data", dir["f"], "--image-size", "6x5", "--color", "rgb", "--map", "3x2",
            "--epochs", "3", "--no-report", "--out", dir["m"]);
        Assert.True(exit == 0, error);
        Assert.Equal(new ImageShape(6, 5, 3), ModelFile.Load(dir["m/model.som"]).Image);

        (exit, _, error) = RunnerHarness.Run("render", dir["m/model.som"], "--data", dir["f"], "--out", dir["pics"]);
        Assert.True(exit == 0, error);
        using (var png = new Som.Tests.Rendering.PictureReader(dir["pics/prototypes.png"]))
        {
            bool reddish = false, bluish = false;
            for (int y = 0; y < png.Height; y++)
            {
                for (int x = 0; x < png.Width; x++)
                {
                    var c = png.At(x, y);
                    reddish |= c.Red > 150 && c.Blue < 60;
                    bluish |= c.Blue > 150 && c.Red < 60;
                }
            }
            Assert.True(reddish && bluish, "prototypes.png does not show the red and the blue prototypes in colour");
        }
        (exit, _, error) = RunnerHarness.Run("evaluate", dir["m/model.som"], "--data", dir["f"], "--out", dir["e.json"]);
        Assert.True(exit == 0, error);
        (exit, _, error) = RunnerHarness.Run("map", dir["m/model.som"], "--data", dir["f"], "--out", dir["map.csv"]);
        Assert.True(exit == 0, error);
        Assert.Equal(25, File.ReadAllLines(dir["map.csv"]).Length);
    }

    /// <summary>
    /// The data script writes the first 300 Fashion-MNIST training images as PNG class folders; training on that folder
    /// gives the same codebook bits as training on the same 300 IDX images ordered as the folder reader orders them
    /// (class folders by name, then IDX order inside each, since the files are named by their IDX index).
    /// </summary>
    [Fact]
    public void Fashion_mnist_as_png_folders_trains_to_the_same_bits_as_the_idx_images()
    {
        const int n = 300;
        using var dir = new TempDirectory();
        string idxFolder = DataSource.SearchDirectories("fashion-mnist", Environment.GetEnvironmentVariable(DataSource.DataDirectoryVariable),
                ReadmeSnippet.RepositoryRoot(), DataSource.SystemFashionMnistDirectory)
            .First(d => File.Exists(Path.Combine(d, DataSource.TrainImages + ".gz")) && File.Exists(Path.Combine(d, DataSource.TrainLabels + ".gz")));
        string script = Path.Combine(ReadmeSnippet.RepositoryRoot(), "data-scripts", "fashion-mnist-to-png.sh");
        var (rc, _, err) = ChildProcess.Run("bash", [script, "--limit", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--from", idxFolder, dir["png"]],
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(rc == 0, err);

        // The same images straight from IDX, re-ordered like the folder: by class folder name (ordinal), stable.
        var idx = DataSource.Resolve("fashion-mnist:train").Train.Take(n);
        string[] folders = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"];
        var order = Enumerable.Range(0, n).OrderBy(i => folders[idx.Labels![i]], StringComparer.Ordinal).ToArray();
        var bytes = new byte[16 + n * 784];
        new byte[] { 0, 0, 8, 3, 0, 0, (byte)(n >> 8), (byte)(n & 0xFF), 0, 0, 0, 28, 0, 0, 0, 28 }.CopyTo(bytes, 0);
        for (int k = 0; k < n; k++)
        {
            var row = idx.Samples.Row(order[k]);
            for (int p = 0; p < 784; p++) bytes[16 + k * 784 + p] = (byte)Math.Round(row[p] * 255f);
        }
        string reordered = dir.Write("reordered-images-idx3-ubyte", bytes);

        var (folderData, warnings) = ImageFolderReader.Load(dir["png"], ImageLoadOptions.Default);
        Assert.Empty(warnings);
        Assert.Equal(n, folderData.Count);
        Assert.Equal(folders.Order(StringComparer.Ordinal).ToArray(), folderData.ClassNames);

        string[] run = ["--map", "6x5", "--epochs", "3", "--seed", "7", "--no-report"];
        var (exit, _, error) = RunnerHarness.Run(["train", "--data", dir["png"], .. run, "--out", dir["a"]]);
        Assert.True(exit == 0, error);
        (exit, _, error) = RunnerHarness.Run(["train", "--data", reordered, .. run, "--out", dir["b"]]);
        Assert.True(exit == 0, error);
        var a = ModelFile.Load(dir["a/model.som"]).Weights;
        var b = ModelFile.Load(dir["b/model.som"]).Weights;
        Assert.Equal(b.Length, a.Length);
        Assert.True(a.AsSpan().SequenceEqual(b), "the PNG folder trained to other weights than its IDX images");
        // And the folder's samples are the IDX samples, bit for bit, in that order.
        for (int k = 0; k < n; k++) Assert.True(folderData.Samples.Row(k).SequenceEqual(idx.Samples.Row(order[k])), $"sample {k}");
    }
}
