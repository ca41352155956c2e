using System.Globalization;
using Som.Tests.Rendering;

namespace Som.Tests.Runner;

/// <summary><c>som render</c> and the pictures <c>som train</c> writes (or, with <c>--no-report</c>, does not).</summary>
public sealed class RenderCommandTests
{
    /// <summary>A labelled CSV of <paramref name="features"/> features (not a perfect square, so not an image).</summary>
    private static string Csv(TempDirectory dir, string name, int features, int rows)
    {
        var rng = new Random(features * 31 + rows);
        var lines = new List<string> { "label," + string.Join(',', Enumerable.Range(0, features).Select(f => $"f{f}")) };
        for (int i = 0; i < rows; i++)
            lines.Add($"{i % 3}," + string.Join(',', Enumerable.Range(0, features).Select(_ => (rng.Next(256) + (i % 3) * 40).ToString(CultureInfo.InvariantCulture))));
        return dir.WriteText(name, string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Train_writes_the_pictures_and_no_report_writes_none()
    {
        using var dir = new TempDirectory();
        string csv = Csv(dir, "d.csv", 5, 60);
        string[] common = ["train", "--data", csv, "--map", "4x3", "--topology", "hex", "--epochs", "3"];
        var (exit, output, error) = RunnerHarness.Run([.. common, "--out", dir["with"]]);
        Assert.True(exit == 0, error);
        string[] pictures = ["classes.png", "components.png", "curves.png", "hits.png", "pca.png", "tsne.png", "umatrix.png"];
        Assert.Equal(pictures, Directory.GetFiles(dir["with"], "*.png").Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Contains("--no-report skips them", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir["with/report.html"]), "no report.html");
        foreach (string p in pictures)
        {
            using var png = new PictureReader(Path.Combine(dir["with"], p));
            Assert.True(png.Ink(png.TitleBand) > 100, p);
        }
        // Nothing half-written: no temporary files left beside them.
        Assert.Empty(Directory.GetFiles(dir["with"], "*.tmp"));

        (exit, _, error) = RunnerHarness.Run([.. common, "--no-report", "--out", dir["without"]]);
        Assert.True(exit == 0, error);
        Assert.Empty(Directory.GetFiles(dir["without"], "*.png"));
        Assert.False(File.Exists(dir["without/report.html"]), "--no-report wrote report.html");
        Assert.True(File.Exists(dir["without/model.som"]));
    }

    [Fact]
    public void Render_draws_a_model_and_refuses_data_of_another_feature_count()
    {
        using var dir = new TempDirectory();
        string csv = Csv(dir, "d.csv", 5, 50);
        var (exit, _, error) = RunnerHarness.Run("train", "--data", csv, "--map", "3x3", "--epochs", "2", "--no-report", "--out", dir["m"]);
        Assert.True(exit == 0, error);

        string other = Csv(dir, "six.csv", 6, 20);
        (exit, var output, error) = RunnerHarness.Run("render", dir["m/model.som"], "--data", other, "--out", dir["bad"]);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --data {other}: 6 features per sample: expected 5 as in the model {dir["m/model.som"]}", error.TrimEnd('\n'));
        Assert.False(Directory.Exists(dir["bad"]) && Directory.GetFiles(dir["bad"]).Length > 0, "files were written for bad input");

        (exit, output, error) = RunnerHarness.Run("render", dir["m/model.som"], "--data", csv, "--hit-scale", "log", "--out", dir["pics"]);
        Assert.True(exit == 0, error);
        // The training run's metrics.json beside the model gives the curves.
        Assert.Equal(["classes.png", "components.png", "curves.png", "hits.png", "pca.png", "report.html", "tsne.png", "umatrix.png"],
            Directory.GetFiles(dir["pics"]).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Contains("render: 50 samples, 3x3 map", output, StringComparison.Ordinal);

        (exit, _, error) = RunnerHarness.Run("render", dir["m/missing.som"], "--data", csv, "--out", dir["pics2"]);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }
}
