using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The prototype grid: every pixel of unit j's tile is unit j's weight by the documented grey rule.</summary>
public sealed class PrototypePictureTests
{
    /// <summary>A codebook whose every (unit, pixel) value differs and covers 0, 1, a half step and values outside [0, 1].</summary>
    private static float[] Codebook(int units, int features, bool outside)
    {
        var w = new float[units * features];
        for (int j = 0; j < units; j++)
            for (int p = 0; p < features; p++)
                w[j * features + p] = (float)((j * 7 + p * 3) % 17 / 16.0);
        w[0] = 0.5f / 255; // a half step: rounds away from zero to level 1
        if (outside)
        {
            w[1] = -0.25f;
            w[^1] = 1.5f;
        }
        return w;
    }

    [Theory]
    [InlineData(3, 2, Topology.Rectangular)]
    [InlineData(5, 3, Topology.Hexagonal)]
    [InlineData(2, 5, Topology.Hexagonal)]
    [InlineData(1, 1, Topology.Rectangular)]
    public void Each_tile_is_its_units_weights_by_the_unit_rule(int width, int height, Topology topology)
    {
        var image = new ImageShape(3, 2, 1);
        int units = width * height;
        var weights = Codebook(units, 6, outside: false);
        var model = PictureReader.Model(width, height, topology, 6, weights, image);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Prototypes(fonts, model, image, GreyScale.Unit, dir["p.png"]);
        var layout = picture.Maps[0];
        int zoom = layout.Tile(0).Width / image.Width;
        Assert.True(zoom >= 1);
        using var png = new PictureReader(picture.Path);
        for (int j = 0; j < units; j++)
        {
            var tile = layout.Tile(j);
            Assert.Equal(image.Width * zoom, tile.Width);
            for (int y = 0; y < tile.Height; y++)
            {
                for (int x = 0; x < tile.Width; x++)
                {
                    byte expected = PictureReader.UnitRule(weights[j * 6 + y / zoom * image.Width + x / zoom]);
                    var c = png.At(tile.Left + x, tile.Top + y);
                    Assert.True(c == new SKColor(expected, expected, expected), $"unit {j} pixel ({x}, {y}): {c}, expected grey {expected}");
                }
            }
        }
        Assert.Equal(1, png.At(layout.Tile(0).Left, layout.Tile(0).Top).Red);
        // Layout as the map: unit j = y·W + x sits in column x, row y; odd rows of a hex map shift by half a pitch.
        int pitch = layout.Tile(0).Width + 2, rowPitch = layout.Tile(0).Height + 2;
        Assert.Equal(image.Height * zoom, layout.Tile(0).Height);
        int shift = topology == Topology.Hexagonal && height > 1 ? pitch / 2 : 0;
        for (int j = 0; j < units; j++)
        {
            int x = j % width, y = j / width;
            Assert.Equal(layout.Tile(0).Left + x * pitch + (y % 2 == 1 ? shift : 0), layout.Tile(j).Left);
            Assert.Equal(layout.Tile(0).Top + y * rowPitch, layout.Tile(j).Top);
        }
        // Gaps between tiles are background: a tile drawn one pixel too wide would show here.
        if (width > 1)
        {
            var a = layout.Tile(0);
            Assert.Equal(SKColors.White, png.At(a.Right, a.Top + 1));
        }
    }

    [Fact]
    public void An_rgb_tile_takes_each_channel_from_its_own_weight()
    {
        var image = new ImageShape(3, 2, 3);
        const int width = 3, height = 2, d = 18;
        var weights = new float[width * height * d];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(i * 37 % 101 / 100.0);
        var model = PictureReader.Model(width, height, Topology.Hexagonal, d, weights, image);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Prototypes(fonts, model, image, GreyScale.Unit, dir["rgb.png"]);
        var layout = picture.Maps[0];
        int zoom = layout.Tile(0).Width / image.Width;
        using var png = new PictureReader(picture.Path);
        for (int j = 0; j < width * height; j++)
        {
            for (int p = 0; p < 6; p++)
            {
                int at = j * d + p * 3; // pixels row by row, channels interleaved
                var want = new SKColor(PictureReader.UnitRule(weights[at]), PictureReader.UnitRule(weights[at + 1]), PictureReader.UnitRule(weights[at + 2]));
                var got = png.At(layout.Tile(j).Left + p % 3 * zoom, layout.Tile(j).Top + p / 3 * zoom);
                Assert.True(want == got, $"unit {j} pixel {p}: {got}, expected {want}");
            }
        }
    }

    [Fact]
    public void Data_outside_zero_one_are_scaled_by_the_codebook_min_and_max_and_the_subtitle_says_so()
    {
        var image = new ImageShape(2, 2, 1);
        var weights = Codebook(4 * 3, 4, outside: true);
        var model = PictureReader.Model(4, 3, Topology.Rectangular, 4, weights, image);
        float[] data = [-3f, 0.5f, 2f, 7f];
        var scale = GreyScale.For(data, weights, "codebook");
        double lo = weights.Min(), hi = weights.Max();
        Assert.Equal((lo, hi), (scale.Low, scale.High));
        Assert.Contains("min", scale.Rule, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Prototypes(fonts, model, image, scale, dir["p.png"]);
        var layout = picture.Maps[0];
        int zoom = layout.Tile(0).Width / image.Width;
        using var png = new PictureReader(picture.Path);
        for (int j = 0; j < 12; j++)
        {
            for (int p = 0; p < 4; p++)
            {
                double t = (weights[j * 4 + p] - lo) / (hi - lo);
                byte expected = (byte)Math.Round(255 * t, MidpointRounding.AwayFromZero);
                var c = png.At(layout.Tile(j).Left + p % 2 * zoom, layout.Tile(j).Top + p / 2 * zoom);
                Assert.True(c.Red == expected && c.Green == expected, $"unit {j} pixel {p}: {c}, expected {expected}");
            }
        }
        Assert.Equal(GreyScale.Unit, GreyScale.For([0f, 1f, 0.25f], weights, "codebook"));
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(1, 5)]
    [InlineData(33, 1)]
    public void A_one_dimensional_map_is_a_strip_in_unit_order(int width, int height)
    {
        var image = new ImageShape(2, 3, 1);
        int units = width * height;
        var weights = Codebook(units, 6, outside: false);
        var model = PictureReader.Model(width, height, Topology.Rectangular, 6, weights, image);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Prototypes(fonts, model, image, GreyScale.Unit, dir["p.png"]);
        var layout = picture.Maps[0];
        int zoom = layout.Tile(0).Width / image.Width;
        using var png = new PictureReader(picture.Path);
        for (int j = 0; j < units; j++)
        {
            var tile = layout.Tile(j);
            // Reading order: left to right, MapPictures.StripPerRow to a row, whatever the map's orientation.
            if (j % MapPictures.StripPerRow == 0)
            {
                Assert.Equal(layout.Tile(0).Left, tile.Left);
                if (j > 0) Assert.True(tile.Top > layout.Tile(j - 1).Bottom, $"unit {j} does not start a new row");
            }
            else
            {
                Assert.Equal(layout.Tile(j - 1).Top, tile.Top);
                Assert.True(tile.Left > layout.Tile(j - 1).Right, $"unit {j} is not right of unit {j - 1}");
            }
            for (int p = 0; p < 6; p++)
            {
                byte expected = PictureReader.UnitRule(weights[j * 6 + p]);
                Assert.Equal(expected, png.At(tile.Left + p % 2 * zoom, tile.Top + p / 2 * zoom).Red);
            }
            // The unit's index is written under its tile.
            Assert.True(png.Ink(new SKRectI(tile.Left, tile.Bottom + 1, tile.Right, tile.Bottom + 14)) > 5, $"no index under unit {j}");
        }
        Assert.True(png.Ink(png.TitleBand) > 100);
    }
}
