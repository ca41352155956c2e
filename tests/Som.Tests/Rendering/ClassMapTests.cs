using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The class map: a unit's colour is its majority class's legend colour, paler by purity; empty units marked.</summary>
public sealed class ClassMapTests
{
    [Theory]
    [InlineData(Topology.Rectangular)]
    [InlineData(Topology.Hexagonal)]
    public void A_units_colour_is_its_majority_classs_legend_colour(Topology topology)
    {
        // A 5×3 map (non-square), 12 classes (past the ten fixed colours); per unit a hand-made set of hits.
        const int width = 5, height = 3, classes = 12;
        var bmu = new List<int>();
        var labels = new List<int>();
        void Hit(int unit, int label, int times)
        {
            for (int i = 0; i < times; i++)
            {
                bmu.Add(unit);
                labels.Add(label);
            }
        }
        // unit → (majority class, purity) expected; −1 = no hits.
        var expected = new Dictionary<int, (int Class, double Purity)>();
        for (int j = 0; j < 11; j++)
        {
            Hit(j, (j + 3) % classes, 3); // pure units, each its own class
            expected[j] = ((j + 3) % classes, 1.0);
        }
        Hit(11, 4, 2); Hit(11, 9, 1); expected[11] = (4, 2.0 / 3);
        Hit(12, 7, 2); Hit(12, 2, 2); expected[12] = (2, 0.5); // a tie goes to the lower class
        Hit(13, 11, 1); expected[13] = (11, 1.0);
        expected[14] = (-1, 0); // no hits
        var names = Enumerable.Range(0, classes).Select(c => $"kind {c}").ToArray();
        var model = PictureReader.Model(width, height, topology, 1, new float[width * height]);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Classes(fonts, model, bmu.ToArray(), labels.ToArray(), names, dir["c.png"]);
        using var png = new PictureReader(picture.Path);
        var legend = picture.Legend!;
        Assert.Equal(classes + 1, legend.Count);
        var legendColours = legend.Select(r => png.At(r.MidX, r.MidY)).ToArray();
        Assert.Equal(legendColours.Length, legendColours.Distinct().Count());
        for (int c = 0; c < classes; c++)
            Assert.True(png.Ink(new SKRectI(legend[c].Right + 4, legend[c].Top, legend[c].Right + 60, legend[c].Bottom)) > 10, $"no name beside swatch {c}");
        var layout = picture.Maps[0];
        foreach (var (unit, (cls, purity)) in expected)
        {
            var centre = layout.Center(unit);
            if (cls < 0)
            {
                // Off the cross's diagonals: the "no hits" legend colour.
                var at = png.At((int)centre.X, layout.Tile(unit).Top + 2);
                Assert.Equal(legendColours[classes], at);
                Assert.NotEqual(legendColours[classes], png.At(centre)); // the cross is drawn
                continue;
            }
            var legendColour = legendColours[cls];
            double k = 0.7 * (1 - purity);
            var want = new SKColor(Up(legendColour.Red, k), Up(legendColour.Green, k), Up(legendColour.Blue, k));
            Assert.True(want == png.At(centre), $"unit {unit}: {png.At(centre)}, expected {want} (class {cls}, purity {purity:F3})");
        }
    }

    private static byte Up(byte v, double k) => (byte)Math.Round(v + (255 - v) * k, MidpointRounding.AwayFromZero);
}
