using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som hclust --data SPEC --sample N --method ward|single|complete|average --k K|auto --out DIR</c>: agglomerative
/// clustering (docs/contract.md §15) of a seeded sample of the data, the baseline a map's two-level clustering is
/// compared with. Writes DIR/hclust.json (the merges and their heights, the cut, the clustering indices, and purity
/// and adjusted Rand index against the classes when the data are labelled), DIR/labels.csv and DIR/dendrogram.png.
/// </summary>
internal static class HClustCommand
{
    /// <summary>The linkages by name.</summary>
    public static readonly IReadOnlyDictionary<string, Linkage> Linkages = new Dictionary<string, Linkage>
    {
        ["ward"] = Linkage.Ward, ["single"] = Linkage.Single, ["complete"] = Linkage.Complete, ["average"] = Linkage.Average,
    };

    /// <summary>The default sample size.</summary>
    public const int DefaultSample = 5000;

    /// <summary>The <c>hclust</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var data = SharedOptions.Data("as for train; the sample is drawn from the training split");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var sample = OptionFactory.Int("--sample", "n", $"points clustered: a seeded sample of the data (default {DefaultSample}; at most {Agglomerative.MaxPoints})", 1);
        var method = OptionFactory.Choice("--method", "ward|single|complete|average", "the linkage (default ward)", Linkages);
        var k = OptionFactory.Text("--k", "k|auto", "clusters: a number 1 … the sample, or auto = the k of 2..min(20, n − 1) with the lowest Davies–Bouldin index", required: true);
        var seed = SharedOptions.Seed();
        var limit = SharedOptions.Limit("use the first N samples only (before sampling)");
        var threads = SharedOptions.Threads();
        var outDir = SharedOptions.Out("dir", "output folder (default runs/hclust)");
        var command = new Command("hclust",
            "Hierarchical clustering of a seeded sample of the data: write DIR/hclust.json (merge heights, indices), DIR/labels.csv and DIR/dendrogram.png")
        {
            data, imageSize, colour, sample, method, k, seed, limit, threads, outDir,
        };
        command.SetAction(r => Run(context, r.GetValue(data)!, SharedOptions.ReadImages(r, imageSize, colour), r.GetValue(sample) ?? DefaultSample,
            r.GetValue(method) ?? Linkage.Ward, r.GetValue(k)!, r.GetValue(seed) ?? 1, r.GetValue(limit), r.GetValue(threads) ?? 0,
            r.GetValue(outDir) ?? Path.Combine("runs", "hclust")));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CommandContext context, string dataSpec, ImageLoadOptions images, int sampleSize, Linkage linkage, string kText,
        ulong seed, int? limit, int threads, string outDir)
    {
        var p = context.Progress;
        var c = CultureInfo.InvariantCulture;
        OutputPlace.EnsureFolder("--out", outDir);
        if (threads < 0) throw new UsageException($"--threads: {threads} is not allowed: expected an integer ≥ 0");
        if (sampleSize > Agglomerative.MaxPoints)
            throw new UsageException($"--sample: {sampleSize} is too many: expected at most {Agglomerative.MaxPoints} (the distance matrix grows as n²)");
        bool auto = string.Equals(kText.Trim(), "auto", StringComparison.OrdinalIgnoreCase);
        int fixedK = 0;
        if (!auto && !int.TryParse(kText, NumberStyles.None, c, out fixedK))
            throw new UsageException($"--k: '{kText}' is not a number or auto: expected K (1 … the sample) or auto");

        var clock = Stopwatch.StartNew();
        var train = DataResolver.Resolve(dataSpec, images, context.Warn).Train;
        if (limit is { } n) train = train.Take(n);
        int count = train.Count;
        int[] pick = sampleSize >= count ? Enumerable.Range(0, count).ToArray() : ClusteringIndices.Subsample(count, sampleSize, seed);
        var points = ClusteringIndices.Rows(train.Samples, pick);
        p.Line($"data: {train.Name}, {count} samples × {train.Features} features; clustering {pick.Length} of them"
            + (pick.Length < count ? $" (a sample drawn from seed {seed})" : " (all)"));
        if (!auto && (fixedK < 1 || fixedK > pick.Length))
            throw new UsageException($"--k: {fixedK} is out of range: expected 1 … {pick.Length}, the points clustered");
        if (auto && pick.Length < 3)
            throw new UsageException($"--k auto: {pick.Length} point{(pick.Length == 1 ? "" : "s")}: expected at least 3 (Davies–Bouldin needs 2 ≤ k ≤ n − 1)");

        clock.Restart();
        double[] distances = Agglomerative.Distances(points, linkage, threads);
        double distanceSeconds = clock.Elapsed.TotalSeconds;
        var tree = Agglomerative.FromDistances(pick.Length, distances, linkage);
        double seconds = clock.Elapsed.TotalSeconds;
        string m = linkage.ToString().ToLowerInvariant();
        p.Line(string.Create(c, $"{m} linkage: {pick.Length - 1} merges in {seconds:F2} s ({distanceSeconds:F2} s the {distances.LongLength} pair distances, {seconds - distanceSeconds:F2} s the merges)"));

        int k = fixedK;
        var table = new JsonArray();
        if (auto)
        {
            int to = Math.Min(ClusterCommand.DefaultMaxK, pick.Length - 1);
            p.Line($"--k auto: the tree cut at k = 2 … {to}; the k with the lowest Davies–Bouldin index is kept");
            p.Line($"{"k",4}  {"davies_bouldin",14}");
            double best = double.PositiveInfinity;
            for (int kk = 2; kk <= to; kk++)
            {
                int[] cut = tree.Cut(kk);
                double db = ClusteringIndices.DaviesBouldin(points, cut);
                p.Line(string.Create(c, $"{kk,4}  {db,14:F6}"));
                table.Add(new JsonObject { ["k"] = kk, ["davies_bouldin"] = db });
                if (db < best)
                {
                    best = db;
                    k = kk;
                }
            }
            p.Line(string.Create(c, $"chosen: k = {k} (lowest Davies–Bouldin, {best:F6})"));
        }
        int[] labels = tree.Cut(k);
        var sizes = new int[k];
        foreach (int x in labels) sizes[x]++;
        p.Line($"points per cluster: {string.Join(" ", sizes.Select(x => x.ToString(c)))}");

        var indices = new JsonObject();
        if (k >= 2 && k <= pick.Length - 1)
        {
            indices["silhouette"] = Silhouette.Score(points, labels, KernelIsa.Auto, threads);
            indices["davies_bouldin"] = ClusteringIndices.DaviesBouldin(points, labels);
            indices["calinski_harabasz"] = ClusteringIndices.CalinskiHarabasz(points, labels);
            p.Line(string.Create(c, $"silhouette {indices["silhouette"]!.GetValue<double>():F6}, Davies–Bouldin {indices["davies_bouldin"]!.GetValue<double>():F6}, Calinski–Harabasz {indices["calinski_harabasz"]!.GetValue<double>():F2}"));
        }
        int[]? classes = train.Labels is { } all ? pick.Select(i => all[i]).ToArray() : null;
        if (classes is not null)
        {
            indices["purity"] = ClassAgreement.Purity(labels, classes);
            indices["adjusted_rand"] = ClassAgreement.AdjustedRand(labels, classes);
            p.Line(string.Create(c, $"against the classes: purity {indices["purity"]!.GetValue<double>():F6}, adjusted Rand index {indices["adjusted_rand"]!.GetValue<double>():F6}"));
        }

        Directory.CreateDirectory(outDir);
        var csv = new StringBuilder(classes is null ? "sample,cluster\n" : "sample,cluster,class\n");
        for (int t = 0; t < pick.Length; t++)
            csv.Append(c, $"{pick[t]},{labels[t]}").Append(classes is null ? "" : string.Create(c, $",{classes[t]}")).Append('\n');
        string csvPath = Path.Combine(outDir, "labels.csv");
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        using var fonts = RenderFonts.Load();
        string dendrogramPath = Path.Combine(outDir, "dendrogram.png");
        var names = train.ClassNames;
        ClusterPictures.DrawDendrogram(fonts, tree, k, $"Dendrogram of {pick.Length} samples: {m} linkage, cut at k = {k}",
            $"{train.Name}; {ClusterCommand.HeightRule(linkage)}",
            t => classes is null ? pick[t].ToString(c) : names is not null && classes[t] < names.Length ? names[classes[t]] : classes[t].ToString(c),
            dendrogramPath);
        var doc = new JsonObject
        {
            ["data"] = train.Name, ["samples"] = count, ["features"] = train.Features, ["points"] = pick.Length, ["seed"] = seed,
            ["method"] = m, ["k"] = k, ["k_auto"] = auto, ["seconds"] = seconds, ["distance_seconds"] = distanceSeconds, ["height_rule"] = ClusterCommand.HeightRule(linkage),
            ["cut_height"] = tree.CutHeight(k), ["sizes"] = new JsonArray([.. sizes.Select(v => JsonValue.Create(v))]),
            ["indices"] = indices, ["auto"] = auto ? table : null,
            ["sample_indices"] = new JsonArray([.. pick.Select(v => JsonValue.Create(v))]),
            ["merges"] = ClusterCommand.MergesJson(tree),
            ["leaf_order"] = new JsonArray([.. tree.LeafOrder().Select(v => JsonValue.Create(v))]),
        };
        string jsonPath = Path.Combine(outDir, "hclust.json");
        AtomicFile.WriteAllText(jsonPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        p.Line($"wrote {csvPath}, {dendrogramPath} and {jsonPath}");
        return 0;
    }
}
