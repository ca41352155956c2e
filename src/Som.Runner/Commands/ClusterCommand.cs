using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som cluster MODEL --method kmeans|ward|single|complete|average --k K|auto</c>: clusters the map's units
/// (two-level clustering, docs/contract.md §13: k-means on the prototypes, <see cref="SelfOrganizingMap.ClusterUnits"/>;
/// or agglomerative clustering of the prototypes, §15, cut at k) and stores the clustering in the model file under a
/// name, replacing one of the same name. <c>--k auto</c> picks, over <c>--k-range</c>, the k whose clustering of the
/// prototypes has the lowest Davies–Bouldin index (as SOM Toolbox does), printing k → Davies–Bouldin and silhouette.
/// The model file is rewritten atomically, in place or to <c>--out</c>; then the cluster map (and for a hierarchical
/// method the dendrogram) and <c>cluster-NAME.json</c> (with the merges and their heights) are written to
/// <c>--pictures</c>. On any error nothing is written.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>The methods implemented.</summary>
    public static readonly IReadOnlyList<string> Methods = ["kmeans", "ward", "single", "complete", "average"];

    /// <summary>The k-means++ restarts per k (as <see cref="SelfOrganizingMap.ClusterUnits"/>).</summary>
    public const int Restarts = 10;

    /// <summary>The largest k of the default <c>--k-range</c> (capped at M − 1).</summary>
    public const int DefaultMaxK = 20;

    /// <summary>The <c>cluster</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var model = new Argument<string>("model") { Description = "the model file (model.som from som train)" };
        var method = OptionFactory.Text("--method", "kmeans|ward|single|complete|average",
            "clustering method: kmeans (default; k-means on the prototypes) or a linkage of agglomerative clustering (ward, single, complete, average)");
        var k = OptionFactory.Text("--k", "k|auto",
            "clusters: a number 2 … M (the map's units), or auto = the k of --k-range with the lowest Davies–Bouldin index", required: true);
        var range = OptionFactory.Text("--k-range", "from..to", "the k tried by --k auto (default 2..min(20, M − 1))");
        var seed = SharedOptions.Seed();
        var name = OptionFactory.Text("--name", "name", "the clustering's name in the model (default METHOD-K); one of the same name is replaced");
        var output = SharedOptions.Out("file", "write the model with the clustering here (default: rewrite MODEL in place)");
        var pictures = OptionFactory.Text("--pictures", "dir",
            "folder for cluster-map-NAME.png, dendrogram-NAME.png (hierarchical methods) and cluster-NAME.json (default: the model's folder)");
        var command = new Command("cluster",
            "Cluster the map's units (k-means or agglomerative clustering of the prototypes), store the clustering in the model file and draw it");
        command.Arguments.Add(model);
        foreach (var option in new Option[] { method, k, range, seed, name, output, pictures }) command.Options.Add(option);
        command.SetAction(r => Run(context, r.GetValue(model)!, r.GetValue(method) ?? "kmeans", r.GetValue(k)!, r.GetValue(range),
            r.GetValue(seed) ?? 1, r.GetValue(name), r.GetValue(output), r.GetValue(pictures)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CommandContext context, string modelPath, string method, string kText, string? rangeText, ulong seed,
        string? name, string? outPath, string? picturesDir = null)
    {
        var p = context.Progress;
        string m = method.Trim().ToLowerInvariant();
        if (!Methods.Contains(m))
            throw new UsageException($"--method: '{method}' is not a clustering method: expected one of {string.Join(", ", Methods)}");
        Linkage? linkage = m == "kmeans" ? null : Enum.Parse<Linkage>(m, ignoreCase: true);
        bool auto = string.Equals(kText.Trim(), "auto", StringComparison.OrdinalIgnoreCase);
        int? fixedK = null;
        if (!auto)
        {
            if (!int.TryParse(kText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
                throw new UsageException($"--k: '{kText}' is not a number or auto: expected K (2 … the map's units) or auto");
            fixedK = parsed;
        }
        if (!auto && rangeText is not null) throw new UsageException($"--k-range: {rangeText} is only used with --k auto: expected --k auto or no --k-range");
        if (name is not null && !ValidName(name))
            throw new UsageException($"--name: '{name}' is not a clustering name: expected letters, digits, '.', '_' or '-' (at most 64)");
        string target = outPath ?? modelPath;
        if (outPath is not null) OutputPlace.EnsureFile("--out", outPath);
        string pictureFolder = picturesDir ?? (Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".");
        if (picturesDir is not null) OutputPlace.EnsureFolder("--pictures", picturesDir);

        var (loaded, checkpoint) = ModelFile.Read(modelPath);
        int units = loaded.Options.Units;
        var o = loaded.Options;
        var c = CultureInfo.InvariantCulture;
        p.Line($"model: {modelPath}, {o.Width}x{o.Height} ({units} units), {loaded.Features} features");
        var prototypes = new SampleMatrix(loaded.Weights, units, loaded.Features);
        var clock = Stopwatch.StartNew();
        Dendrogram? tree = null;
        if (linkage is { } l)
        {
            if (units > Agglomerative.MaxPoints)
                throw new UsageException($"--method {m}: the map has {units} units: expected at most {Agglomerative.MaxPoints} for agglomerative clustering (its distance matrix grows as M²)");
            double[] distances = Agglomerative.Distances(prototypes, l, o.Threads);
            double distanceSeconds = clock.Elapsed.TotalSeconds;
            tree = Agglomerative.FromDistances(units, distances, l);
            double total = clock.Elapsed.TotalSeconds;
            p.Line(string.Create(c, $"{m} linkage on the {units} prototypes: {units - 1} merges in {total:F3} s ({distanceSeconds:F3} s the pair distances), top height {(tree.Merges.Count == 0 ? 0 : tree.Merges[^1].Height):G6}"));
        }
        int[] Fit(int kk) => tree is not null ? tree.Cut(kk) : KMeans.Fit(prototypes, kk, Restarts, KMeans.DefaultMaxIterations, seed, threads: o.Threads).Labels;
        var table = new JsonArray();

        int k;
        int[] clusters;
        if (fixedK is { } given)
        {
            if (given < 2 || given > units)
                throw new UsageException($"--k: {given} is out of range: expected 2 … {units}, the map's units ({o.Width}x{o.Height})");
            k = given;
            clusters = Fit(k);
        }
        else
        {
            if (units < 3)
                throw new UsageException($"--k auto: the map has {units} unit{(units == 1 ? "" : "s")}: expected at least 3 (Davies–Bouldin needs 2 ≤ k ≤ M − 1)");
            var (from, to) = rangeText is null ? (2, Math.Min(DefaultMaxK, units - 1)) : ParseRange(rangeText, units);
            string how = tree is null ? $"k-means (seed {seed}, {Restarts} restarts)" : $"the {m} tree cut";
            p.Line($"--k auto: {how} for k = {from} … {to}; the k with the lowest Davies–Bouldin index of the prototypes' clustering is kept (as SOM Toolbox)");
            p.Line($"{"k",4}  {"davies_bouldin",14}  {"silhouette",10}");
            double best = double.PositiveInfinity;
            k = 0;
            clusters = [];
            for (int kk = from; kk <= to; kk++)
            {
                int[] labels = Fit(kk);
                var (db, sil) = Scores(prototypes, labels);
                p.Line(string.Create(c, $"{kk,4}  {(db is { } d ? d.ToString("F6", c) : "undefined"),14}  {(sil is { } s ? s.ToString("F6", c) : "undefined"),10}"));
                table.Add(new JsonObject { ["k"] = kk, ["davies_bouldin"] = db, ["silhouette"] = sil });
                if (db is { } v && v < best)
                {
                    best = v;
                    k = kk;
                    clusters = labels;
                }
            }
            if (k == 0) throw new SomDataException($"--k auto: no k in {from}..{to} gives a defined Davies–Bouldin index (the prototypes coincide)");
            p.Line(string.Create(c, $"chosen: k = {k} (lowest Davies–Bouldin, {best:F6})"));
        }

        double seconds = clock.Elapsed.TotalSeconds;
        string stored = name ?? $"{m}-{k}";
        bool replaced = loaded.Clusterings.Any(x => x.Name == stored);
        var model = loaded.WithClustering(new UnitClustering(stored, m, k, clusters));
        if (checkpoint is null) ModelFile.Save(model, target);
        else ModelFile.SaveCheckpoint(model, checkpoint, target);
        var sizes = new int[k];
        foreach (int x in clusters) sizes[x]++;
        p.Line($"units per cluster: {string.Join(" ", sizes.Select(x => x.ToString(c)))}");
        p.Line($"{(replaced ? "replaced" : "stored")} clustering '{stored}' ({m}, k = {k}) in {target}");

        Directory.CreateDirectory(pictureFolder);
        using var fonts = RenderFonts.Load();
        string mapPath = Path.Combine(pictureFolder, $"cluster-map-{stored}.png");
        ClusterPictures.ClusterMap(fonts, model, clusters, k, $"Clusters of the units: {m}, k = {k}", mapPath);
        string? dendrogramPath = null;
        if (tree is not null)
        {
            dendrogramPath = Path.Combine(pictureFolder, $"dendrogram-{stored}.png");
            ClusterPictures.DrawDendrogram(fonts, tree, k, $"Dendrogram of the units: {m} linkage, cut at k = {k}",
                $"{o.Width}x{o.Height} map, {units} prototypes; leaf = unit j = y*{o.Width} + x; {HeightRule(tree.Linkage)}",
                j => j.ToString(c), dendrogramPath);
        }
        var (finalDb, finalSil) = Scores(prototypes, clusters);
        var doc = new JsonObject
        {
            ["model"] = target, ["name"] = stored, ["method"] = m, ["k"] = k, ["k_auto"] = auto, ["seed"] = tree is null ? seed : null,
            ["units"] = units, ["seconds"] = seconds, ["sizes"] = new JsonArray([.. sizes.Select(v => JsonValue.Create(v))]),
            ["davies_bouldin"] = finalDb, ["silhouette"] = finalSil, ["auto"] = auto ? table : null,
            ["clusters"] = new JsonArray([.. clusters.Select(v => JsonValue.Create(v))]),
            ["cluster_map"] = Path.GetFileName(mapPath), ["dendrogram"] = dendrogramPath is null ? null : Path.GetFileName(dendrogramPath),
        };
        if (tree is not null)
        {
            doc["height_rule"] = HeightRule(tree.Linkage);
            doc["cut_height"] = tree.CutHeight(k);
            doc["merges"] = MergesJson(tree);
            doc["leaf_order"] = new JsonArray([.. tree.LeafOrder().Select(v => JsonValue.Create(v))]);
        }
        string jsonPath = Path.Combine(pictureFolder, $"cluster-{stored}.json");
        AtomicFile.WriteAllText(jsonPath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        p.Line($"wrote {mapPath}{(dendrogramPath is null ? "" : $", {dendrogramPath}")} and {jsonPath}");
        return 0;
    }

    /// <summary>The merges as scipy's linkage matrix: rows [a, b, height, size].</summary>
    internal static JsonArray MergesJson(Dendrogram tree) =>
        new([.. tree.Merges.Select(x => (JsonNode)new JsonArray(x.A, x.B, x.Height, x.Size))]);

    /// <summary>What a merge height is, for a linkage (docs/contract.md §15).</summary>
    internal static string HeightRule(Linkage linkage) => linkage switch
    {
        Linkage.Ward => "height = Ward distance sqrt(2·na·nb/(na+nb))·|ca − cb| (as scipy)",
        Linkage.Single => "height = smallest Euclidean distance between the clusters",
        Linkage.Complete => "height = largest Euclidean distance between the clusters",
        _ => "height = mean Euclidean distance between the clusters' points",
    };

    /// <summary>Davies–Bouldin and silhouette of the prototypes' clustering, each null where it is undefined.</summary>
    internal static (double? DaviesBouldin, double? Silhouette) Scores(SampleMatrix prototypes, int[] labels)
    {
        int nonEmpty = labels.Distinct().Count();
        if (nonEmpty < 2 || nonEmpty > prototypes.Count - 1) return (null, null);
        return (ClusteringIndices.DaviesBouldin(prototypes, labels), Silhouette.Score(prototypes, labels, KernelIsa.Auto));
    }

    /// <summary>FROM..TO with 2 ≤ FROM ≤ TO ≤ M − 1.</summary>
    internal static (int From, int To) ParseRange(string text, int units)
    {
        string[] parts = text.Split("..");
        var c = CultureInfo.InvariantCulture;
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, c, out int from) && int.TryParse(parts[1], NumberStyles.None, c, out int to)
            && from >= 2 && from <= to && to <= units - 1)
            return (from, to);
        throw new UsageException($"--k-range: '{text}' is not FROM..TO with 2 ≤ FROM ≤ TO ≤ {units - 1} (the map's {units} units − 1), e.g. 2..{Math.Min(DefaultMaxK, units - 1)}");
    }

    private static bool ValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-');
}
