using Som.Tests.Runner;

namespace Som.Tests.Rendering;

/// <summary>
/// training.png of a real <c>som train --animate</c> run, decoded by headless Chromium: the report shows it as a
/// decoded image, and Chromium's own APNG decoder (the ImageDecoder API) counts one frame for the initial codebook
/// plus one per epoch and sees an animation. A run of other length checks the count follows the epochs.
/// </summary>
public sealed class AnimationBrowserTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public async Task Chromium_decodes_training_png_with_one_frame_per_epoch_and_the_initial_codebook(int epochs)
    {
        using var dir = new TempDirectory();
        var (exit, stdout, error) = RunnerHarness.Run("train", "--data", "fashion-mnist", "--limit", "300", "--test-limit", "100",
            "--map", "5x4", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "3", "--animate", "--out", dir.Path);
        Assert.True(exit == 0, error + stdout);

        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.OpenAsync(dir["report.html"]);
        Assert.Empty(await page.BrokenImagesAsync());
        // The report carries the animation as one of its pictures.
        Assert.True(await page.Page.EvaluateAsync<bool>(
            "() => { const i = document.querySelector('figure[data-picture=\"training.png\"] img'); return i !== null && i.naturalWidth > 0; }"),
            "the report shows no training.png");

        string base64 = Convert.ToBase64String(File.ReadAllBytes(dir["training.png"]));
        var decoded = await page.Page.EvaluateAsync<double[]>(
            """
            async (b64) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const decoder = new ImageDecoder({ data: bytes, type: 'image/png' });
              await decoder.tracks.ready;
              const track = decoder.tracks.selectedTrack;
              await decoder.completed;
              const last = await decoder.decode({ frameIndex: track.frameCount - 1 });
              return [track.frameCount, track.animated ? 1 : 0, last.image.displayWidth, last.image.displayHeight];
            }
            """, base64);
        Assert.Equal(epochs + 1, (int)decoded[0]);
        Assert.Equal(1, (int)decoded[1]);
        Assert.True(decoded[2] > 0 && decoded[3] > 0, $"last frame {decoded[2]}×{decoded[3]}");
        Assert.True(page.ConsoleErrors.Count == 0, "console errors: " + string.Join(" | ", page.ConsoleErrors));
        Assert.True(page.PageErrors.Count == 0, "script errors: " + string.Join(" | ", page.PageErrors));
    }
}
