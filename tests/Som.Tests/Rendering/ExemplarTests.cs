using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The exemplar mosaic: each unit shows the real sample nearest its prototype among those it wins.</summary>
public sealed class ExemplarTests
{
    [Fact]
    public void Each_unit_shows_its_nearest_won_sample_and_empty_units_are_marked()
    {
        const int width = 3, height = 2, d = 4;
        var image = new ImageShape(2, 2, 1);
        var rng = new Random(5);
        var weights = Enumerable.Range(0, width * height * d).Select(_ => (float)rng.NextDouble()).ToArray();
        const int n = 31;
        var values = Enumerable.Range(0, n * d).Select(_ => (float)(rng.Next(256) / 255.0)).ToArray();
        // Samples 7 and 8 are equal, won by unit 1 and nearer its prototype than any other: the tie goes to 7.
        for (int k = 0; k < d; k++) values[7 * d + k] = values[8 * d + k] = weights[1 * d + k] + 0.01f;
        var bmu = Enumerable.Range(0, n).Select(i => i % 5).ToArray(); // unit 5 wins nothing
        bmu[8] = 1;
        bmu[7] = 1;
        var data = SampleMatrix.Wrap(values, n, d);
        var model = PictureReader.Model(width, height, Topology.Hexagonal, d, weights, image);
        int[] exemplars = MapPictures.Exemplars(model, data, bmu);
        for (int j = 0; j < width * height; j++)
        {
            // Naive: every won sample's squared distance in double precision, the first of the smallest.
            int want = -1;
            double best = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (bmu[i] != j) continue;
                double s = Enumerable.Range(0, d).Sum(k => Math.Pow((double)values[i * d + k] - weights[j * d + k], 2));
                if (s < best)
                {
                    best = s;
                    want = i;
                }
            }
            Assert.Equal(want, exemplars[j]);
        }
        Assert.Equal(-1, exemplars[5]);
        Assert.Equal(7, exemplars[1]);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.ExemplarMosaic(fonts, model, data, exemplars, image, GreyScale.Unit, dir["e.png"]);
        using var png = new PictureReader(picture.Path);
        var layout = picture.Maps[0];
        int zoom = layout.Tile(0).Width / image.Width;
        for (int j = 0; j < 5; j++)
        {
            for (int p = 0; p < d; p++)
            {
                byte want = PictureReader.UnitRule(values[exemplars[j] * d + p]);
                Assert.Equal(new SKColor(want, want, want), png.At(layout.Tile(j).Left + p % 2 * zoom, layout.Tile(j).Top + p / 2 * zoom));
            }
        }
        var empty = layout.Tile(5);
        Assert.Equal(Palette.Empty, png.At(empty.Left, empty.Top));
        Assert.NotEqual(Palette.Empty, png.At(layout.Center(5)));
    }
}
