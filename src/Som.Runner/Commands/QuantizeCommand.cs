using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Quantizing;
using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som quantize IMAGE --colors 5,10,100 --method kmeans|som --out DIR</c>: colour quantisation of a photograph
/// (<see cref="ColourQuantizer"/>). Writes, per K, DIR/METHOD-K.png (every pixel replaced by its palette colour), and
/// DIR/side-by-side.png, DIR/palettes.png and DIR/quantize.json (each K's palette, mean and RMS colour error and
/// timings); prints a table of K, map, errors and seconds.
/// </summary>
internal static class QuantizeCommand
{
    private static readonly IReadOnlyDictionary<string, QuantizeMethod> Methods = new Dictionary<string, QuantizeMethod>
    {
        ["kmeans"] = QuantizeMethod.KMeans,
        ["som"] = QuantizeMethod.Som,
    };

    /// <summary>The <c>quantize</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var image = new Argument<string>("image") { Description = "the photograph (PNG, JPEG, WebP, BMP or GIF)" };
        var colours = new Option<int[]?>("--colors")
        {
            HelpName = "k,k,…",
            Description = "palette sizes, comma-separated (default 5,10,100)",
            CustomParser = r =>
            {
                string v = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                if (ParseColours(v) is { } list) return list;
                r.AddError($"--colors: '{v}' is not a list of palette sizes K ≥ 1: expected e.g. 5,10,100");
                return null;
            },
        };
        var method = OptionFactory.Choice("--method", "kmeans|som",
            "kmeans (default: K centres) or som (a √K×√K map when K is a square, else K×1, then one k-means step)", Methods);
        var sample = OptionFactory.Int("--sample", "n",
            $"learn the palette on a seeded random sample of N pixels (default {ColourQuantizer.DefaultSample:N0}; all pixels when the image has fewer), then assign every pixel", min: 1);
        var epochs = OptionFactory.Int("--epochs", "n", $"batch epochs of the SOM (default {ColourQuantizer.DefaultEpochs})", min: 1);
        var seed = SharedOptions.Seed();
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads();
        var outDir = SharedOptions.Out("dir", "output folder (default runs/quantize)");
        var command = new Command("quantize",
            "Colour quantisation of a photograph: learn a palette of K colours (k-means or a SOM) from its pixels and write each K's image, the images side by side, the palettes and quantize.json");
        command.Arguments.Add(image);
        foreach (var option in new Option[] { colours, method, sample, epochs, seed, device, threads, outDir }) command.Options.Add(option);
        command.SetAction(r => Run(context, r.GetValue(image)!, r.GetValue(colours) ?? [5, 10, 100], r.GetValue(method) ?? QuantizeMethod.KMeans,
            r.GetValue(sample) ?? ColourQuantizer.DefaultSample, r.GetValue(epochs) ?? ColourQuantizer.DefaultEpochs,
            r.GetValue(seed) ?? 1, r.GetValue(device) ?? "cpu", r.GetValue(threads) ?? 0, r.GetValue(outDir) ?? Path.Combine("runs", "quantize")));
        return command;
    }

    /// <summary>Comma-separated integers ≥ 1 (at least one), or null.</summary>
    internal static int[]? ParseColours(string text)
    {
        var list = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1) return null;
            list.Add(k);
        }
        return list.Count > 0 ? [.. list] : null;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CommandContext context, string imagePath, int[] colours, QuantizeMethod method, int sample, int epochs,
        ulong seed, string device, int threads, string outDir)
    {
        var p = context.Progress;
        OutputPlace.EnsureFolder("--out", outDir);
        if (threads < 0) throw new UsageException($"--threads: {threads} is not allowed: expected an integer ≥ 0");
        using var fonts = RenderFonts.Load();
        var clock = Stopwatch.StartNew();
        var photo = PhotoPixels.Load(imagePath);
        var pixels = photo.Samples();
        double loadSeconds = clock.Elapsed.TotalSeconds;
        string name = Path.GetFileName(imagePath);
        var c = CultureInfo.InvariantCulture;
        foreach (int k in colours)
        {
            if (k > photo.Count) throw new UsageException($"--colors: {k} is more than the {photo.Count} pixels of {name}: expected at most {photo.Count}");
        }
        clock.Restart();
        var fit = ColourQuantizer.FitSet(pixels, sample, seed);
        double sampleSeconds = clock.Elapsed.TotalSeconds;
        foreach (int k in colours)
        {
            if (k > fit.Count) throw new UsageException($"--colors: {k} is more than the {fit.Count} pixels the palette is learned on: expected at most {fit.Count} (raise --sample)");
        }
        string methodName = method == QuantizeMethod.KMeans ? "kmeans" : "som";
        string fitRule = fit.Count == photo.Count ? $"learned on all {photo.Count} pixels" : $"learned on a seeded sample of {fit.Count} of the {photo.Count} pixels (seed {seed})";
        string methodRule = method == QuantizeMethod.KMeans
            ? $"k-means (one k-means++ start), {fitRule}, then every pixel takes its nearest colour"
            : $"a batch SOM ({epochs} epochs; √K×√K when K is a square, else K×1) and one k-means step, {fitRule}, then every pixel takes its nearest colour";
        p.Line(string.Create(c, $"image: {name}, {photo.Width}x{photo.Height} = {photo.Count} pixels (read in {loadSeconds:F2} s); palette {fitRule}"));

        string? deviceName = null;
        ISomEngine Create(SomOptions options, int features)
        {
            var engine = EngineFactory.Create(device, options with { Threads = threads }, features, KernelIsa.Auto);
            deviceName ??= engine.DeviceName;
            return engine;
        }
        var results = new List<QuantizeResult>();
        bool header = false;
        foreach (int k in colours)
        {
            var r = ColourQuantizer.Quantize(pixels, fit, k, method, seed, epochs, Create, threads);
            if (!header)
            {
                p.Line($"device: {deviceName}; method: {methodName}");
                p.Line($"{"K",5}  {"map",9}  {"mean error",10}  {"RMS error",10}  {"steps",6}  {"fit s",7}  {"assign s",8}");
                header = true;
            }
            string map = method == QuantizeMethod.Som ? $"{r.MapWidth}x{r.MapHeight}" : "-";
            p.Line(string.Create(c, $"{k,5}  {map,9}  {r.MeanError,10:F3}  {r.RmsError,10:F3}  {r.Iterations,6}  {r.FitSeconds,7:F2}  {r.AssignSeconds,8:F2}"));
            results.Add(r);
        }

        Directory.CreateDirectory(outDir);
        clock.Restart();
        var rows = new JsonArray();
        foreach (var r in results)
        {
            string file = $"{methodName}-{r.K}.png";
            QuantizePictures.SaveQuantized(photo.Width, photo.Height, r.Palette, r.Labels, Path.Combine(outDir, file));
            var counts = new int[r.K];
            foreach (int b in r.Labels) counts[b]++;
            var palette = new JsonArray();
            for (int j = 0; j < r.K; j++)
            {
                palette.Add(new JsonObject
                {
                    ["rgb"] = new JsonArray(r.Palette[3 * j], r.Palette[3 * j + 1], r.Palette[3 * j + 2]),
                    ["hex"] = string.Create(c, $"#{r.Palette[3 * j]:x2}{r.Palette[3 * j + 1]:x2}{r.Palette[3 * j + 2]:x2}"),
                    ["pixels"] = counts[j],
                });
            }
            rows.Add(new JsonObject
            {
                ["k"] = r.K, ["map"] = method == QuantizeMethod.Som ? new JsonArray(r.MapWidth, r.MapHeight) : null, ["image"] = file,
                ["mean_error"] = r.MeanError, ["rms_error"] = r.RmsError, ["steps"] = r.Iterations,
                ["fit_seconds"] = r.FitSeconds, ["assign_seconds"] = r.AssignSeconds, ["palette"] = palette,
            });
        }
        QuantizePictures.SideBySide(fonts, photo, name, methodRule, results, Path.Combine(outDir, "side-by-side.png"));
        QuantizePictures.Palettes(fonts, name, method, results, Path.Combine(outDir, "palettes.png"));
        double writeSeconds = clock.Elapsed.TotalSeconds;
        var doc = new JsonObject
        {
            ["image"] = Path.GetFullPath(imagePath), ["width"] = photo.Width, ["height"] = photo.Height, ["pixels"] = photo.Count,
            ["method"] = methodName, ["device"] = deviceName, ["seed"] = seed, ["fit_pixels"] = fit.Count,
            ["epochs"] = method == QuantizeMethod.Som ? epochs : null,
            ["error_rule"] = "Euclidean distance in RGB (0-255 per channel) from each pixel to its written palette colour, over all pixels",
            ["load_seconds"] = loadSeconds, ["sample_seconds"] = sampleSeconds, ["write_seconds"] = writeSeconds,
            ["results"] = rows,
        };
        string json = Path.Combine(outDir, "quantize.json");
        AtomicFile.WriteAllText(json, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        p.Line(string.Create(c, $"wrote {string.Join(", ", results.Select(r => $"{methodName}-{r.K}.png"))}, side-by-side.png, palettes.png and quantize.json to {outDir} in {writeSeconds:F2} s"));
        return 0;
    }
}
