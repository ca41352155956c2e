using SkiaSharp;
using Som.Lines;
using Som.Tests.Runner;

namespace Som.Tests.Data;

/// <summary>
/// The LINES set of data-scripts/make-lines.sh: 100 black-and-white 16 × 16 drawings whose line has its folder's
/// angle, the same files from the same seed, and the README's 1-D map of it, whose strip orders the angles.
/// </summary>
public class LinesTests
{
    /// <summary>
    /// The orientation in degrees, in [0, 180), of the pixels' principal axis (intensity-weighted second moments
    /// about the centroid, y up): ½·atan2(2·Sxy, Sxx − Syy).
    /// </summary>
    internal static double Orientation(ReadOnlySpan<float> pixels, int side) => Axis(pixels, side).Degrees;

    /// <summary>The principal axis's orientation and how elongated the pixels are: the larger over the smaller eigenvalue of their second moments.</summary>
    internal static (double Degrees, double Elongation) Axis(ReadOnlySpan<float> pixels, int side)
    {
        double total = 0, mx = 0, my = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            double w = Math.Max(0, pixels[i]);
            total += w;
            mx += w * (i % side);
            my += w * -(i / side);
        }
        (mx, my) = (mx / total, my / total);
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            double w = Math.Max(0, pixels[i]), dx = i % side - mx, dy = -(i / side) - my;
            sxx += w * dx * dx;
            syy += w * dy * dy;
            sxy += w * dx * dy;
        }
        double degrees = 0.5 * Math.Atan2(2 * sxy, sxx - syy) * 180 / Math.PI;
        double mean = (sxx + syy) / 2, spread = Math.Sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        return ((degrees + 180) % 180, (mean + spread) / Math.Max(mean - spread, 1e-12));
    }

    /// <summary>The signed difference b − a of two orientations, in (−90, 90].</summary>
    internal static double Turn(double a, double b)
    {
        double d = (b - a) % 180;
        if (d > 90) d -= 180;
        if (d <= -90) d += 180;
        return d;
    }

    private static (string Folder, float[] Pixels)[] Read(string root)
    {
        return [.. Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not a PNG");
            Assert.Equal((16, 16), (bitmap.Width, bitmap.Height));
            var pixels = new float[256];
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    Assert.True(c.Red == c.Green && c.Green == c.Blue && (c.Red == 0 || c.Red == 255), $"{path} ({x}, {y}) is {c}: expected black or white");
                    pixels[y * 16 + x] = c.Red / 255f;
                }
            return (Path.GetFileName(Path.GetDirectoryName(path))!, pixels);
        })];
    }

    [Fact]
    public void The_set_is_100_black_and_white_drawings_whose_line_has_the_folders_angle()
    {
        using var dir = new TempDirectory();
        var files = LinesGenerator.Write(dir.Path, 1);
        Assert.Equal(100, files.Count);
        string[] angles = ["000", "018", "036", "054", "072", "090", "108", "126", "144", "162"];
        Assert.Equal(angles, Directory.GetDirectories(dir["train"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(angles, Directory.GetDirectories(dir["test"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var train = Read(dir["train"]);
        var test = Read(dir["test"]);
        Assert.Equal(80, train.Length);
        Assert.Equal(20, test.Length);
        foreach (var (folder, pixels) in train.Concat(test))
        {
            int white = pixels.Count(v => v > 0);
            Assert.InRange(white, 20, 60);   // one line about 2 pixels wide across the square
            double angle = int.Parse(folder, System.Globalization.CultureInfo.InvariantCulture);
            double drawn = Orientation(pixels, 16);
            Assert.True(Math.Abs(Turn(angle, drawn)) <= 6, $"a drawing in {folder} has its line at {drawn:F1}°");
        }
        // Offsets differ within an angle, but a line along the pixel grid (0°, 90°) changes only at whole-pixel
        // steps of its offset, so some drawings repeat there; every angle still has several different ones.
        foreach (var group in train.Concat(test).GroupBy(d => d.Folder))
        {
            int distinct = group.Select(d => string.Join(",", d.Pixels)).Distinct().Count();
            Assert.True(distinct >= 3, $"angle {group.Key} has only {distinct} different drawings");
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_files_and_another_seed_other_ones()
    {
        using var dir = new TempDirectory();
        var a = LinesGenerator.Write(dir["a"], 1);
        var b = LinesGenerator.Write(dir["b"], 1);
        var c = LinesGenerator.Write(dir["c"], 2);
        Assert.All(a.Zip(b), p => Assert.Equal(File.ReadAllBytes(p.First), File.ReadAllBytes(p.Second)));
        Assert.Contains(a.Zip(c), p => !File.ReadAllBytes(p.First).AsSpan().SequenceEqual(File.ReadAllBytes(p.Second)));
        Assert.All(LinesGenerator.Offsets(7), o => Assert.InRange(o, -LinesGenerator.MaxOffset, LinesGenerator.MaxOffset));
    }

    [Fact]
    public void The_readmes_one_dimensional_map_orders_the_angles_along_its_strip()
    {
        using var dir = new TempDirectory();
        LinesGenerator.Write(dir["lines"], 1);
        string run = dir["run"];
        var (exit, output, error) = RunnerHarness.Run("train", "--data", Path.Combine(dir["lines"], "train"), "--map", "8x1", "--epochs", "100",
            "--metric", "cosine", "--init", "samples", "--seed", "1", "--out", run);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        Assert.True(File.Exists(Path.Combine(run, "prototypes.png")), "no strip of prototypes");
        var model = ModelFile.Load(Path.Combine(run, "model.som"));
        var axes = Enumerable.Range(0, 8).Select(j => Axis(model.Prototype(j), 16)).ToArray();
        double[] angles = [.. axes.Select(a => a.Degrees)];
        double[] turns = [.. angles.Zip(angles.Skip(1)).Select(p => Turn(p.First, p.Second))];
        // Along the strip the angle turns one way only, by less than 45° a unit, and each unit shows one line
        // (a dominant axis), not two crossing ones.
        string shown = string.Join(", ", angles.Select(a => a.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(turns.All(t => t > 0) || turns.All(t => t < 0), $"the strip's angles are not in order: {shown}");
        Assert.All(turns, t => Assert.InRange(Math.Abs(t), 3, 45));
        Assert.All(axes, a => Assert.True(a.Elongation >= 3, $"a prototype is not one line (elongation {a.Elongation:F2}): {shown}"));

        var mapped = RunnerHarness.Run("map", Path.Combine(run, "model.som"), "--data", Path.Combine(dir["lines"], "test"), "--out", dir["map.csv"]);
        Assert.True(mapped.Exit == 0, mapped.Error);
        Assert.Equal(21, File.ReadAllLines(dir["map.csv"]).Length);   // a header and the 20 test drawings
    }
}
