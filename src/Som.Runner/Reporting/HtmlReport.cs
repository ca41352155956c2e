using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Som.Runner.Reporting;

/// <summary>
/// report.html: one self-contained page about a map (every picture inline as a data: URI, the style inline, no script
/// and nothing fetched: its Content-Security-Policy forbids any other source). It shows the pictures found in the
/// folder (<see cref="Pictures"/>, in that order), the metrics table, the per-epoch table with curves.png (after the
/// metrics), the per-class accuracy, the data, the device and the options. Every number comes from the metrics document handed in (the
/// run's metrics.json) and carries it twice: as text, rounded, and in full in
/// <c>data-metric="path" data-value="…"</c> (path as in the document: <c>quantization_error</c>,
/// <c>epochs[3].sigma</c>, <c>per_class_accuracy[2].test_accuracy</c>), so a test can compare the page with the file.
/// </summary>
internal static class HtmlReport
{
    /// <summary>The file name.</summary>
    public const string FileName = "report.html";

    /// <summary>The pictures a report shows when present, in this order, with their captions.</summary>
    public static readonly IReadOnlyList<(string File, string Caption)> Pictures =
    [
        ("prototypes.png", "Prototypes: each unit's weight vector drawn as an image, laid out as the map."),
        ("components.png", "Component planes: one heatmap per feature over the map."),
        ("umatrix.png", "U-matrix: mean distance from each prototype to its neighbours (dark: close, light: a border between clusters)."),
        ("hits.png", "Hits: training samples per unit."),
        ("classes.png", "Classes: each unit coloured by its majority class, paler where it is less pure; crossed units have no hits."),
        ("exemplars.png", "Exemplars: the training image nearest to each unit's prototype."),
        ("pca.png", "PCA view: the data and the prototypes on the two leading principal components, with the grid's edges."),
        ("tsne.png", "t-SNE view of the prototypes."),
        ("training.png", "The map forming (an animated PNG): frame 0 is the initial codebook, then one frame every --animate-every epochs or samples."),
        ("curves.png", "Training curves: the QE of the codebook entering each epoch, the final QE and TE, and σ."),
    ];

    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 24px auto; max-width: 1180px; color: #1e1e1e; background: #fff; padding: 0 16px; }
        h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
        p.lead { margin: 0 0 8px; color: #444; }
        table { border-collapse: collapse; font-size: 14px; margin: 4px 0 12px; }
        th, td { border: 1px solid #d4d4d4; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 4px; }
        .card { border: 1px solid #d4d4d4; border-radius: 6px; padding: 8px 14px; min-width: 150px; }
        .card .label { font-size: 12px; color: #555; } .card .value { font-size: 22px; font-weight: 600; }
        .pictures { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 18px; }
        figure { margin: 0; } figure img { max-width: 100%; height: auto; border: 1px solid #e2e2e2; display: block; }
        figcaption { font-size: 13px; color: #444; margin-top: 4px; }
        .columns { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        .note { font-size: 13px; color: #555; }
        """;

    /// <summary>
    /// Writes report.html into <paramref name="folder"/> atomically, from <paramref name="metrics"/> and the pictures
    /// present there. Returns the file's path.
    /// </summary>
    /// <param name="folder">The output folder (holds the PNGs).</param>
    /// <param name="metrics">The metrics document (metrics.json's content).</param>
    /// <param name="title">The page's heading.</param>
    /// <param name="origin">One line on what produced the numbers.</param>
    public static string Write(string folder, JsonObject metrics, string title, string origin)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        string path = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(path, Build(folder, metrics, title, origin));
        return path;
    }

    /// <summary>The page's HTML.</summary>
    public static string Build(string folder, JsonObject document, string title, string origin)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Through the text, so every number on the page is the one the file holds, whatever type built it.
        var metrics = (JsonObject)JsonNode.Parse(document.ToJsonString())!;
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n<p class=\"lead\">").Append(E(origin)).Append("</p>\n");
        html.Append("<p class=\"lead\">device: <span data-field=\"device\">").Append(E(Text(metrics["device"]))).Append("</span></p>\n");

        Summary(html, metrics);
        Training(html, folder, metrics);
        var shown = Pictures.Where(p => p.File != "curves.png" && File.Exists(Path.Combine(folder, p.File))).ToList();
        if (shown.Count > 0)
        {
            html.Append("<h2 id=\"pictures\">Pictures</h2>\n<div class=\"pictures\">\n");
            foreach (var (file, caption) in shown) Figure(html, folder, file, caption);
            html.Append("</div>\n");
        }
        PerClass(html, metrics);
        Data(html, metrics);
        Options(html, metrics);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, JsonObject m)
    {
        html.Append("<h2 id=\"metrics\">Metrics</h2>\n<div class=\"cards\">\n");
        Card(html, m, "quantization_error", "quantization error (QE)", Fixed4);
        Card(html, m, "topographic_error", "topographic error (TE)", Fixed4);
        Card(html, m, "purity", "class purity", Percent);
        Card(html, m, "test_accuracy", "test accuracy (labelled units)", Percent);
        html.Append("</div>\n<table>\n<tr><th>measure</th><th>value</th><th>what it is</th></tr>\n");
        Row(html, m, "quantization_error", "quantization error (QE)", Fixed4, "mean distance of a training sample to its BMU's prototype, in double");
        Row(html, m, "initial_quantization_error", "QE of the initial codebook", Fixed4, "before the first epoch");
        Row(html, m, "test_quantization_error", "QE on the test split", Fixed4, "");
        string rule = Text(m["topographic_adjacency"]);
        Row(html, m, "topographic_error", "topographic error (TE)", Fixed4,
            $"share of samples whose first and second BMU are not adjacent, adjacency: {rule}");
        html.Append("<tr><th>TE adjacency rule</th><td data-field=\"topographic_adjacency\">").Append(E(rule)).Append("</td><td></td></tr>\n");
        Row(html, m, "purity", "class purity", Percent, "Σ over units of the majority class's hits, over N");
        Row(html, m, "train_accuracy", "labelled-unit accuracy, training split", Percent, "units labelled by their majority class on the training split");
        Row(html, m, "test_accuracy", "labelled-unit accuracy, test split", Percent, "the test split's BMUs on the final map, labels from the training split");
        Row(html, m, "units_with_hits", "units with hits", Integer, "");
        Row(html, m, "max_units_kept", "most units kept in an epoch", Integer, "units whose denominator was ≤ 0 (batch)");
        Row(html, m, "seconds_init", "initialisation, s", Seconds, "");
        Row(html, m, "seconds_total_training", "training, s", Seconds, "all epochs");
        Row(html, m, "seconds_evaluation", "evaluation, s", Seconds, "");
        html.Append("</table>\n");
    }

    private static void Training(StringBuilder html, string folder, JsonObject m)
    {
        if (m["epochs"] is not JsonArray epochs || epochs.Count == 0) return;
        html.Append("<h2 id=\"training\">Training</h2>\n<div class=\"columns\">\n");
        if (File.Exists(Path.Combine(folder, "curves.png")))
            Figure(html, folder, "curves.png", Pictures.First(p => p.File == "curves.png").Caption);
        html.Append("<div>\n<table>\n<tr><th>epoch</th><th>σ</th><th>QE entering the epoch</th><th>seconds</th></tr>\n");
        for (int e = 0; e < epochs.Count; e++)
        {
            if (epochs[e] is not JsonObject row) continue;
            html.Append("<tr>");
            Cell(html, row["epoch"], $"epochs[{e}].epoch", Integer);
            Cell(html, row["sigma"], $"epochs[{e}].sigma", Fixed4);
            Cell(html, row["quantization_error"], $"epochs[{e}].quantization_error", Fixed4);
            Cell(html, row["seconds"], $"epochs[{e}].seconds", Seconds);
            html.Append("</tr>\n");
        }
        html.Append("</table>\n<p class=\"note\">QE of the codebook entering each batch epoch, from the BMU distances its search ranked by ")
            .Append("(float, so it may differ from a QE measured in double in the last digits); online epochs record σ only.</p>\n</div>\n</div>\n");
    }

    private static void PerClass(StringBuilder html, JsonObject m)
    {
        if (m["per_class_accuracy"] is not JsonArray rows || rows.Count == 0) return;
        bool test = rows.Any(r => r is JsonObject o && o.ContainsKey("test_accuracy"));
        html.Append("<h2 id=\"per-class\">Per-class accuracy</h2>\n<table>\n<tr><th>class</th><th>name</th><th>training samples</th><th>training accuracy</th>");
        if (test) html.Append("<th>test samples</th><th>test accuracy</th>");
        html.Append("</tr>\n");
        for (int c = 0; c < rows.Count; c++)
        {
            if (rows[c] is not JsonObject row) continue;
            html.Append("<tr>");
            Cell(html, row["class"], $"per_class_accuracy[{c}].class", Integer);
            html.Append("<td>").Append(E(Text(row["name"]))).Append("</td>");
            Cell(html, row["train_samples"], $"per_class_accuracy[{c}].train_samples", Integer);
            Cell(html, row["train_accuracy"], $"per_class_accuracy[{c}].train_accuracy", Percent);
            if (test)
            {
                Cell(html, row["test_samples"], $"per_class_accuracy[{c}].test_samples", Integer);
                Cell(html, row["test_accuracy"], $"per_class_accuracy[{c}].test_accuracy", Percent);
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n<p class=\"note\">Share of each class's samples whose BMU's label (its majority class on the training split) is their class.</p>\n");
    }

    private static void Data(StringBuilder html, JsonObject m)
    {
        if (m["data"] is not JsonObject d) return;
        html.Append("<h2 id=\"data\">Data</h2>\n<table>\n");
        foreach (var (key, value) in d)
        {
            if (value is null) continue;
            html.Append("<tr><th>").Append(E(key.Replace('_', ' '))).Append("</th>");
            if (value is JsonValue v && v.TryGetValue(out double _) && key != "spec")
                Cell(html, value, $"data.{key}", Integer);
            else
                html.Append("<td>").Append(E(Text(value))).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Options(StringBuilder html, JsonObject m)
    {
        if (m["options"] is not JsonObject o) return;
        html.Append("<h2 id=\"options\">Options</h2>\n<table>\n<tr><th>option</th><th>value</th></tr>\n");
        foreach (var (key, value) in o)
            html.Append("<tr><th>").Append(E(key)).Append("</th><td data-option=\"").Append(E(key)).Append("\">")
                .Append(E(value is null ? "default" : Text(value))).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Figure(StringBuilder html, string folder, string file, string caption)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(folder, file));
        var (w, h) = PngSize(bytes);
        html.Append("<figure data-picture=\"").Append(E(file)).Append("\"><img alt=\"").Append(E(file)).Append('"');
        if (w > 0) html.Append(CultureInfo.InvariantCulture, $" width=\"{w}\" height=\"{h}\"");
        html.Append(" src=\"data:image/png;base64,").Append(Convert.ToBase64String(bytes)).Append("\">")
            .Append("<figcaption><b>").Append(E(file)).Append("</b>: ").Append(E(caption)).Append("</figcaption></figure>\n");
    }

    /// <summary>Width and height from a PNG's IHDR chunk; (0, 0) when the bytes are not a PNG.</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        png.Length >= 24 && png[12] == (byte)'I' && png[13] == (byte)'H' && png[14] == (byte)'D' && png[15] == (byte)'R'
            ? (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))
            : (0, 0);

    private static void Card(StringBuilder html, JsonObject m, string key, string label, Func<double, string> format)
    {
        if (Number(m[key]) is not { } v) return;
        html.Append("<div class=\"card\"><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">")
            .Append(E(format(v))).Append("</div></div>\n");
    }

    private static void Row(StringBuilder html, JsonObject m, string key, string label, Func<double, string> format, string note)
    {
        if (Number(m[key]) is null) return;
        html.Append("<tr><th>").Append(E(label)).Append("</th>");
        Cell(html, m[key], key, format);
        html.Append("<td>").Append(E(note)).Append("</td></tr>\n");
    }

    /// <summary>A table cell holding a number: the rounded text and, in data-value, the document's value in full.</summary>
    private static void Cell(StringBuilder html, JsonNode? node, string path, Func<double, string> format)
    {
        if (Number(node) is not { } v)
        {
            html.Append("<td class=\"num\" data-metric=\"").Append(E(path)).Append("\" data-value=\"null\">–</td>");
            return;
        }
        html.Append("<td class=\"num\" data-metric=\"").Append(E(path)).Append("\" data-value=\"")
            .Append(v.ToString("R", CultureInfo.InvariantCulture)).Append("\">").Append(E(format(v))).Append("</td>");
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out double d) ? d : node is JsonValue i && i.TryGetValue(out long l) ? l : null;

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue(out string? s) => s ?? "",
        _ => node.ToJsonString(),
    };

    private static string Fixed4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
    private static string Percent(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %";
    private static string Integer(double v) => v.ToString("0", CultureInfo.InvariantCulture);
    private static string Seconds(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);
}
