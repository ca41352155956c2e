using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>Component planes: plane f shows feature f of every unit, lightest where that feature is largest.</summary>
public sealed class ComponentPlaneTests
{
    [Theory]
    [InlineData(3, 4, 3, Topology.Rectangular)]
    [InlineData(5, 2, 1, Topology.Hexagonal)]
    [InlineData(20, 3, 3, Topology.Rectangular)]
    public void Plane_f_orders_units_by_feature_f(int features, int width, int height, Topology topology)
    {
        int units = width * height;
        var weights = new float[units * features];
        // Feature f peaks at a different unit for each f, and its values differ from unit to unit.
        for (int j = 0; j < units; j++)
            for (int f = 0; f < features; f++)
                weights[j * features + f] = (float)(10 * f - Math.Abs(j - f * 5 % units) * (1 + 0.1 * f) + 0.01 * j);
        var model = PictureReader.Model(width, height, topology, features, weights);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.ComponentPlanes(fonts, model, dir["c.png"]);
        Assert.Equal(Math.Min(features, MapPictures.MaxPlanes), picture.Maps.Count);
        using var png = new PictureReader(picture.Path);
        for (int f = 0; f < picture.Maps.Count; f++)
        {
            var layout = picture.Maps[f];
            var luma = Enumerable.Range(0, units).Select(j => Palette.Luma(png.At(layout.Center(j)))).ToArray();
            var w = Enumerable.Range(0, units).Select(j => (double)weights[j * features + f]).ToArray();
            Assert.Equal(Array.IndexOf(w, w.Max()), Array.IndexOf(luma, luma.Max()));
            Assert.Equal(Array.IndexOf(w, w.Min()), Array.IndexOf(luma, luma.Min()));
            double range = w.Max() - w.Min();
            for (int a = 0; a < units; a++)
                for (int b = 0; b < units; b++)
                    if (w[a] < w[b] - 0.03 * range) Assert.True(luma[a] < luma[b], $"plane {f}: unit {a} ({w[a]:G4}) is lighter than unit {b} ({w[b]:G4})");
            // The plane's name is written above it.
            var top = layout.Hexagons ? (int)(layout.Center(0).Y - layout.Radius) : layout.Tile(0).Top;
            Assert.True(png.Ink(new SkiaSharp.SKRectI(layout.Tile(0).Left, top - 30, layout.Tile(0).Left + 60, top - 18)) > 10, $"plane {f} has no name");
        }
    }
}
