using Som.Runner.Cli;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>Text really draws (the fonts loaded), and a missing font is one clear line.</summary>
public sealed class FontTests
{
    [Fact]
    public void Every_picture_has_ink_in_its_title()
    {
        const int width = 4, height = 3, d = 9;
        var image = new ImageShape(3, 3, 1);
        var rng = new Random(2);
        var weights = Enumerable.Range(0, width * height * d).Select(_ => (float)rng.NextDouble()).ToArray();
        const int n = 40;
        var values = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        var data = new Dataset("t", SampleMatrix.Wrap(values, n, d), labels, image, ["a", "b", "c"]);
        var model = PictureReader.Model(width, height, Topology.Rectangular, d, weights, image);
        var bmu = Enumerable.Range(0, n).Select(i => i * 7 % (width * height)).ToArray();
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var pictures = MapReport.Write(fonts, model, data, bmu, dir.Path, HitScale.Linear);
        Assert.Equal(["classes.png", "exemplars.png", "hits.png", "pca.png", "prototypes.png", "tsne.png", "umatrix.png"], dir.Listing());
        var planes = MapPictures.ComponentPlanes(fonts, model, dir["components.png"]);
        foreach (var picture in pictures.Append(planes))
        {
            using var png = new PictureReader(picture.Path);
            Assert.True(png.Ink(png.TitleBand) > 150, $"{Path.GetFileName(picture.Path)}: the title drew {png.Ink(png.TitleBand)} pixels");
            // Below the title, the subtitle too.
            Assert.True(png.Ink(new SkiaSharp.SKRectI(Figure.Margin, 36, Math.Min(png.Width, 300), 50)) > 100, $"{Path.GetFileName(picture.Path)}: no subtitle");
        }
    }

    [Fact]
    public void A_missing_font_is_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<UsageException>(() => RenderFonts.Load(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "DejaVuSans.ttf"), e.Message, StringComparison.Ordinal);
        Assert.Contains("fonts-dejavu-core", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        dir.WriteText("DejaVuSans.ttf", "not a font");
        dir.WriteText("DejaVuSans-Bold.ttf", "not a font");
        var bad = Assert.Throws<UsageException>(() => RenderFonts.Load(dir.Path));
        Assert.Contains("not a font file", bad.Message, StringComparison.Ordinal);
    }
}
