using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SkiaSharp;
using Som.Runner.Rendering;
using Som.Tests.Oracle;
using Som.Tests.Rendering;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som train --animate</c>: training.png holds frame 0 (the initial codebook) and one frame per epoch or every K
/// samples, each showing the codebook the run had there (tiles by the grey rule, U-matrix cells on one scale), and
/// animating changes no training bit.
/// </summary>
public sealed class TrainAnimateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const int ImageRows = 5, ImageColumns = 6;

    /// <summary>An IDX folder of <paramref name="n"/> 6 × 5 grey images in three patterns, with labels and two test images.</summary>
    private string Images(string name, int n)
    {
        string dir = _dir[name];
        Directory.CreateDirectory(dir);
        int d = ImageRows * ImageColumns;
        byte Pixel(int k)
        {
            int i = k / d, p = k % d, kind = i % 3;
            int x = p % ImageColumns, y = p / ImageColumns;
            double v = kind switch { 0 => x / 5.0, 1 => y / 4.0, _ => (x + y) % 2 } * 0.8 + (i * 37 % 11) / 50.0;
            return (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
        }
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), Data.IdxFiles.Images(n, ImageRows, ImageColumns, Pixel));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), Data.IdxFiles.Labels([.. Enumerable.Range(0, n).Select(i => (byte)(i % 3))]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), Data.IdxFiles.Images(2, ImageRows, ImageColumns, Pixel));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), Data.IdxFiles.Labels(0, 1));
        return dir;
    }

    /// <summary>n labelled samples × d features (not in [0, 1]) in three clusters.</summary>
    private string Csv(string name, int n, int d)
    {
        var rng = new SomRandom(5);
        var text = new StringBuilder("label");
        for (int f = 0; f < d; f++) text.Append(CultureInfo.InvariantCulture, $",f{f}");
        text.Append('\n');
        for (int i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 3}");
            for (int f = 0; f < d; f++) text.Append(',').Append((3 * (i % 3) + f + rng.NextDouble()).ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return _dir.WriteText(name, text.ToString());
    }

    private static void Ok((int Exit, string Output, string Error) r, string what) =>
        Assert.True(r.Exit == 0, $"{what}: exit {r.Exit}: {r.Error}\n{r.Output}");

    private static float[] ModelWeights(string dir) => ModelFile.Load(Path.Combine(dir, "model.som")).Weights;

    /// <summary>
    /// The codebooks a run passes through, taken without the frame hook: the initial codebook, then after each batch
    /// epoch (the epoch callback), or online at every K samples (the checkpoint hook), then the final one.
    /// </summary>
    private static List<float[]> Codebooks(SomOptions options, Dataset train, int every)
    {
        using var engine = new Som.Cpu.CpuEngine(options, train.Features);
        SomTrainer.Initialize(engine, train.Samples);
        var list = new List<float[]>();
        void Take()
        {
            var w = new float[options.Units * train.Features];
            engine.GetWeights(w);
            list.Add(w);
        }
        Take();
        bool batch = options.Mode == TrainingMode.Batch;
        SomTrainer.Train(engine, train.Samples, SomTrainer.Start(options), batch ? 0 : every, _ => Take(),
            e => { if (batch && ((e.Epoch + 1) % every == 0 || e.Epoch + 1 == options.Epochs)) Take(); }, CancellationToken.None);
        if (!batch) Take();
        return list;
    }

    /// <summary>Every pixel of every unit's tile in frame <paramref name="f"/> is its weight by <paramref name="scale"/>.</summary>
    private static void AssertTiles(ApngFile file, int f, SomOptions options, ImageShape image, float[] weights, GreyScale scale, RenderFonts fonts)
    {
        var model = new SomModel(options, image.Width * image.Height, weights, image);
        var (figure, layout) = MapPictures.DrawPrototypes(fonts, model, image, scale, "t", "s");
        figure.Dispose();
        int d = image.Width * image.Height;
        int zoom = layout.Tile(0).Width / image.Width;
        for (int j = 0; j < options.Units; j++)
        {
            var tile = layout.Tile(j);
            for (int y = 0; y < tile.Height; y++)
            {
                for (int x = 0; x < tile.Width; x++)
                {
                    byte grey = scale.Level(weights[j * d + y / zoom * image.Width + x / zoom]);
                    var p = file.At(f, tile.Left + x, tile.Top + y);
                    Assert.True(p == (grey, grey, grey), $"frame {f}, unit {j}, pixel ({x}, {y}): {p}, expected grey {grey}");
                }
            }
        }
    }

    [Theory]
    [InlineData(5, 3, "rect")]
    [InlineData(4, 3, "hex")]
    public void Batch_frames_are_the_initial_codebook_then_each_epoch_tile_for_tile(int width, int height, string topology)
    {
        string data = Images("images", 47);
        string outDir = _dir["run"];
        Ok(RunnerHarness.Run("train", "--data", data, "--map", $"{width}x{height}", "--topology", topology, "--epochs", "4", "--animate", "--out", outDir), "train");
        var file = ApngFile.Read(Path.Combine(outDir, "training.png"));
        Assert.Equal(5, file.DeclaredFrames);
        Assert.Equal(0, file.Plays);
        var options = new SomOptions { Width = width, Height = height, Topology = topology == "hex" ? Topology.Hexagonal : Topology.Rectangular, Epochs = 4 };
        var train = DataSource.Resolve(data).Train;
        var codebooks = Codebooks(options, train, 1);
        Assert.Equal(5, codebooks.Count);
        Assert.Equal(TestData.Bits(ModelWeights(outDir)), TestData.Bits(codebooks[^1]));
        Assert.NotEqual(TestData.Bits(codebooks[0]), TestData.Bits(codebooks[1]));
        using var fonts = RenderFonts.Load();
        var image = new ImageShape(ImageColumns, ImageRows, 1);
        for (int f = 0; f < 5; f++) AssertTiles(file, f, options, image, codebooks[f], GreyScale.Unit, fonts);
        // Delays: the same for every frame but the last, which is held longer.
        for (int f = 0; f < 4; f++) Assert.Equal(TrainingAnimation.FrameMilliseconds(5), file.Controls[f].DelayNumerator);
        Assert.Equal(TrainingAnimation.LastFrameMilliseconds, file.Controls[4].DelayNumerator);
        Assert.All(file.Controls, c => Assert.Equal(1000, c.DelayDenominator));
        // Titles differ (epoch and σ) and have ink; the title band of frame 1 is not frame 0's.
        var band = new SKRectI(Figure.Margin, 8, Math.Min(file.Width, 300), 32);
        int Ink(int f)
        {
            int n = 0;
            for (int y = band.Top; y < band.Bottom; y++)
                for (int x = band.Left; x < band.Right; x++) n += file.At(f, x, y) == (255, 255, 255) ? 0 : 1;
            return n;
        }
        Assert.All(Enumerable.Range(0, 5), f => Assert.True(Ink(f) > 100, $"frame {f}: no title"));
        Assert.False(FrameBand(file, 0, band).SequenceEqual(FrameBand(file, 1, band)), "frames 0 and 1 have the same title");
        // SkiaSharp decodes the file; its still image is frame 0.
        using var bitmap = SKBitmap.Decode(Path.Combine(outDir, "training.png"));
        Assert.Equal((file.Width, file.Height), (bitmap.Width, bitmap.Height));
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                Assert.True((c.Red, c.Green, c.Blue) == file.At(0, x, y), $"SkiaSharp's pixel ({x}, {y}) is not frame 0's");
            }
    }

    private static byte[] FrameBand(ApngFile file, int f, SKRectI band)
    {
        var bytes = new List<byte>();
        for (int y = band.Top; y < band.Bottom; y++)
            for (int x = band.Left; x < band.Right; x++)
            {
                var (r, g, b) = file.At(f, x, y);
                bytes.AddRange([r, g, b]);
            }
        return [.. bytes];
    }

    [Fact]
    public void Animating_changes_no_training_bit_batch_and_online()
    {
        string data = Images("images", 47);
        foreach (string[] mode in new[] { new[] { "--mode", "batch" }, new[] { "--mode", "online", "--animate-every", "7" } })
        {
            string plain = _dir["plain-" + mode[1]], animated = _dir["animated-" + mode[1]];
            Ok(RunnerHarness.Run(["train", "--data", data, "--map", "4x3", "--epochs", "3", "--mode", mode[1], "--out", plain, "--no-report"]), "plain " + mode[1]);
            Ok(RunnerHarness.Run(["train", "--data", data, "--map", "4x3", "--epochs", "3", .. mode, "--animate", "--out", animated, "--no-report"]), "animated " + mode[1]);
            Assert.False(File.Exists(Path.Combine(plain, "training.png")));
            Assert.True(File.Exists(Path.Combine(animated, "training.png")));
            Assert.Equal(TestData.Bits(ModelWeights(plain)), TestData.Bits(ModelWeights(animated)));
        }
    }

    [Fact]
    public void Online_frames_fall_every_K_samples_and_at_the_end_tile_for_tile()
    {
        string data = Images("images", 47);
        string outDir = _dir["online"];
        // 2 epochs × 47 samples = 94 steps; K = 7 gives steps 7, 14, …, 91 and the end, 94: 14 frames after frame 0.
        Ok(RunnerHarness.Run("train", "--data", data, "--map", "3x4", "--epochs", "2", "--mode", "online", "--animate", "--animate-every", "7",
            "--out", outDir, "--no-report"), "train");
        var file = ApngFile.Read(Path.Combine(outDir, "training.png"));
        Assert.Equal(15, file.DeclaredFrames);
        var options = new SomOptions { Width = 3, Height = 4, Epochs = 2, Mode = TrainingMode.Online };
        var train = DataSource.Resolve(data).Train;
        var codebooks = Codebooks(options, train, 7);
        Assert.Equal(15, codebooks.Count);
        Assert.Equal(TestData.Bits(ModelWeights(outDir)), TestData.Bits(codebooks[^1]));
        using var fonts = RenderFonts.Load();
        var image = new ImageShape(ImageColumns, ImageRows, 1);
        foreach (int f in new[] { 0, 1, 6, 7, 13, 14 }) AssertTiles(file, f, options, image, codebooks[f], GreyScale.Unit, fonts);

        // The default online: one frame per epoch.
        string perEpoch = _dir["online-default"];
        Ok(RunnerHarness.Run("train", "--data", data, "--map", "3x4", "--epochs", "2", "--mode", "online", "--animate", "--out", perEpoch, "--no-report"), "train");
        Assert.Equal(3, ApngFile.Read(Path.Combine(perEpoch, "training.png")).DeclaredFrames);
    }

    [Fact]
    public void A_one_dimensional_map_animates_as_a_strip()
    {
        string data = Images("images", 31);
        string outDir = _dir["strip"];
        Ok(RunnerHarness.Run("train", "--data", data, "--map", "8x1", "--epochs", "3", "--animate", "--out", outDir, "--no-report"), "train");
        var file = ApngFile.Read(Path.Combine(outDir, "training.png"));
        Assert.Equal(4, file.DeclaredFrames);
        var options = new SomOptions { Width = 8, Height = 1, Epochs = 3 };
        var codebooks = Codebooks(options, DataSource.Resolve(data).Train, 1);
        using var fonts = RenderFonts.Load();
        var image = new ImageShape(ImageColumns, ImageRows, 1);
        for (int f = 0; f < 4; f++) AssertTiles(file, f, options, image, codebooks[f], GreyScale.Unit, fonts);
        // Tiles sit in one row of a strip, in unit order.
        var model = new SomModel(options, ImageRows * ImageColumns, codebooks[0], image);
        var (figure, layout) = MapPictures.DrawPrototypes(fonts, model, image, GreyScale.Unit, "t", "s");
        figure.Dispose();
        for (int j = 1; j < 8; j++) Assert.True(layout.Tile(j).Left > layout.Tile(j - 1).Right && layout.Tile(j).Top == layout.Tile(0).Top);
    }

    [Fact]
    public void Csv_data_animate_the_U_matrix_on_one_scale_over_all_frames()
    {
        string csv = Csv("clusters.csv", 33, 3);
        string outDir = _dir["csv"];
        var r = RunnerHarness.Run("train", "--data", csv, "--map", "4x3", "--epochs", "3", "--animate", "--out", outDir);
        Ok(r, "train");
        Assert.Contains("4 frames of the U-matrix", r.Output);
        var file = ApngFile.Read(Path.Combine(outDir, "training.png"));
        Assert.Equal(4, file.DeclaredFrames);
        var options = new SomOptions { Width = 4, Height = 3, Epochs = 3 };
        var codebooks = Codebooks(options, DataSource.Resolve(csv).Train, 1);
        var u = codebooks.Select(w => SomMetrics.UMatrix(new MapGrid(options), w, 3, options.ResolvedAdjacency)).ToList();
        double lo = u.Min(v => v.Min()), hi = u.Max(v => v.Max());
        Assert.True(hi > lo);
        using var fonts = RenderFonts.Load();
        var (figure, layout, _) = MapPictures.DrawUMatrix(fonts, options, u[0], lo, hi, "t", "s");
        figure.Dispose();
        bool sawLightest = false, sawDarkest = false;
        for (int f = 0; f < 4; f++)
        {
            for (int j = 0; j < options.Units; j++)
            {
                var expected = Palette.Sequential((u[f][j] - lo) / (hi - lo));
                var c = layout.Center(j);
                var p = file.At(f, (int)c.X, (int)c.Y);
                Assert.True(p == (expected.Red, expected.Green, expected.Blue), $"frame {f}, unit {j}: {p}, expected {expected} for U = {u[f][j]} on {lo}…{hi}");
                sawLightest |= u[f][j] == hi;
                sawDarkest |= u[f][j] == lo;
            }
        }
        Assert.True(sawLightest && sawDarkest);
    }

    [Fact]
    public void No_report_still_animates_and_writes_no_other_picture()
    {
        string data = Images("images", 20);
        string outDir = _dir["quiet"];
        Ok(RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--epochs", "2", "--animate", "--animate-view", "umatrix", "--no-report", "--out", outDir), "train");
        Assert.Equal(["metrics.json", "model.som", "training.png"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        Assert.Equal(3, ApngFile.Read(Path.Combine(outDir, "training.png")).DeclaredFrames);
    }

    [Theory]
    [InlineData(new[] { "--animate", "--animate-every", "0" }, "error: --animate-every: 0 is out of range: expected 1…2147483647")]
    [InlineData(new[] { "--animate", "--animate-every", "-3" }, "error: --animate-every: -3 is out of range: expected 1…2147483647")]
    [InlineData(new[] { "--animate", "--animate-view", "sideways" }, "error: --animate-view: 'sideways' is not one of prototypes, umatrix")]
    [InlineData(new[] { "--animate-every", "3" }, "error: --animate-every 3: expected --animate with it")]
    [InlineData(new[] { "--animate-view", "umatrix" }, "error: --animate-view umatrix: expected --animate with it")]
    [InlineData(new[] { "--animate", "--resume", "somewhere" }, "error: --animate with --resume: not supported")]
    [InlineData(new[] { "--animate", "--animate-view", "prototypes" }, "error: --animate-view prototypes: ")]
    [InlineData(new[] { "--animate", "--epochs", "1000" }, "error: --animate with --epochs 1000: 1,001 frames for 1,000 epochs; at most 1000: expected --animate-every 2 or more")]
    [InlineData(new[] { "--animate", "--mode", "online", "--epochs", "40", "--animate-every", "1" },
        "error: --animate-every 1: 1,321 frames for 1,320 samples; at most 1000: expected --animate-every 2 or more")]
    public void Bad_animation_requests_are_one_line_exit_2_and_write_nothing(string[] args, string expected)
    {
        string csv = Csv("small.csv", 33, 2);
        string outDir = _dir["bad"];
        var (exit, output, error) = RunnerHarness.Run(["train", "--data", csv, "--map", "3x2", "--out", outDir, .. args]);
        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.True(!Directory.Exists(outDir) || Directory.GetFileSystemEntries(outDir).Length == 0,
            $"{outDir} holds {string.Join(", ", Directory.Exists(outDir) ? Directory.GetFileSystemEntries(outDir) : [])}");
        Assert.DoesNotContain("epoch 1/", output);
    }

    [Fact]
    public void Rgb_frames_outside_0_1_share_the_datas_grey_scale_channel_by_channel()
    {
        // 37 RGB images of 3 × 2 with values in [−2, 3]: the scale is the data's min–max, the same in every frame.
        var image = new ImageShape(3, 2, 3);
        int d = 18, n = 37;
        var rng = new SomRandom(9);
        var values = new float[n * d];
        for (int k = 0; k < values.Length; k++) values[k] = (float)(-2 + 5 * rng.NextDouble());
        var data = new Dataset("rgb", new SampleMatrix(values.AsMemory(), n, d), image: image);
        var options = new SomOptions { Width = 3, Height = 3, Epochs = 3, Mode = TrainingMode.Online };
        using var fonts = RenderFonts.Load();
        using var engine = new Som.Cpu.CpuEngine(options, d);
        SomTrainer.Initialize(engine, data.Samples);
        var codebooks = new List<float[]>();
        string path = _dir["rgb.png"];
        using (var animation = new TrainingAnimation(fonts, options, data, AnimationView.Prototypes, 20, path))
        {
            void Frame(long step)
            {
                animation.Add(engine, step);
                var w = new float[options.Units * d];
                engine.GetWeights(w);
                codebooks.Add(w);
            }
            Frame(0);
            SomTrainer.Train(engine, data.Samples, SomTrainer.Start(options), 0, null, null, CancellationToken.None,
                frameEvery: 20, onFrame: s => Frame(s.Step(options, n)));
            // 3 × 37 = 111 steps: frames at 0, 20, 40, 60, 80, 100 and 111.
            Assert.Equal([0L, 20, 40, 60, 80, 100, 111], animation.FrameSteps);
            animation.Commit();
        }
        var file = ApngFile.Read(path);
        Assert.Equal(7, file.DeclaredFrames);
        double lo = values.Min(), hi = values.Max();
        var scale = GreyScale.For(values, values, "data");
        Assert.Equal((lo, hi), (scale.Low, scale.High));
        var model = new SomModel(options, d, codebooks[0], image);
        var (figure, layout) = MapPictures.DrawPrototypes(fonts, model, image, scale, "t", "s");
        figure.Dispose();
        int zoom = layout.Tile(0).Width / image.Width;
        for (int f = 0; f < 7; f++)
        {
            for (int j = 0; j < options.Units; j++)
            {
                var tile = layout.Tile(j);
                for (int y = 0; y < tile.Height; y++)
                {
                    for (int x = 0; x < tile.Width; x++)
                    {
                        int at = j * d + (y / zoom * image.Width + x / zoom) * 3;
                        // The rule restated: round(255·clamp((w − lo)/(hi − lo), 0, 1)), halves away from zero.
                        byte Level(int c) => (byte)Math.Round(255 * Math.Clamp((codebooks[f][at + c] - lo) / (hi - lo), 0, 1), MidpointRounding.AwayFromZero);
                        var p = file.At(f, tile.Left + x, tile.Top + y);
                        Assert.True(p == (Level(0), Level(1), Level(2)), $"frame {f}, unit {j}, pixel ({x}, {y}): {p}");
                    }
                }
            }
        }
    }

    [Fact]
    public void An_animation_never_committed_leaves_no_file()
    {
        var rng = new SomRandom(3);
        var values = new float[40 * 30];
        for (int k = 0; k < values.Length; k++) values[k] = (float)rng.NextDouble();
        var data = new Dataset("noise", new SampleMatrix(values.AsMemory(), 40, 30), image: new ImageShape(6, 5, 1));
        var options = new SomOptions { Width = 3, Height = 2, Epochs = 2 };
        using var fonts = RenderFonts.Load();
        using var engine = new Som.Cpu.CpuEngine(options, 30);
        SomTrainer.Initialize(engine, data.Samples);
        string path = _dir[Path.Combine("cut", "training.png")];
        using (var animation = new TrainingAnimation(fonts, options, data, AnimationView.Prototypes, 1, path))
        {
            animation.Add(engine, 0);
            Assert.Throws<InvalidOperationException>(() => animation.Add(engine, 2));  // out of the planned order
            Assert.Throws<InvalidOperationException>(animation.Commit);             // frames missing
        }
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
        Assert.Equal([0L, 1, 2], TrainingAnimation.Steps(options, 40, 1));
        var online = new SomOptions { Width = 3, Height = 2, Epochs = 2, Mode = TrainingMode.Online };
        Assert.Equal([0L, 3, 6, 9, 10], TrainingAnimation.Steps(online, 5, 3));
        Assert.Equal([0L, 5, 10], TrainingAnimation.Steps(online, 5, 5));
        Assert.Equal([0L, 10], TrainingAnimation.Steps(online, 5, 11));
        // The limit: 999 epochs give 1000 frames, 1000 epochs one too many.
        Assert.Equal(TrainingAnimation.MaxFrames, TrainingAnimation.Steps(options with { Epochs = 999 }, 40, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingAnimation.Steps(options with { Epochs = 1000 }, 40, 1));
    }
}
