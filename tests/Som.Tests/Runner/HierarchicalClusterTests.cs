using System.Globalization;
using System.Text.Json.Nodes;
using Som.Runner.Rendering;
using Som.Tests.Rendering;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som cluster --method ward|single|complete|average</c> on the 9×7 map the runner trained, and <c>som hclust</c>
/// on a seeded Fashion-MNIST sample: what is stored, printed and written against the core's tree.
/// </summary>
public class HierarchicalClusterTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static void Ok((int Exit, string Output, string Error) r) => Assert.True(r.Exit == 0, $"exit {r.Exit}: {r.Error}\n{r.Output}");

    private SampleMatrix Prototypes()
    {
        var model = ModelFile.Load(fixture.ModelPath);
        return new SampleMatrix(model.Weights, model.Options.Units, model.Features);
    }

    private static void AssertMerges(Dendrogram tree, JsonNode json)
    {
        var merges = json["merges"]!.AsArray();
        Assert.Equal(tree.Count - 1, merges.Count);
        for (int s = 0; s < merges.Count; s++)
        {
            var row = merges[s]!.AsArray();
            var m = tree.Merges[s];
            Assert.Equal((m.A, m.B, m.Height, m.Size), (row[0]!.GetValue<int>(), row[1]!.GetValue<int>(), row[2]!.GetValue<double>(), row[3]!.GetValue<int>()));
        }
        Assert.Equal(tree.LeafOrder(), json["leaf_order"]!.AsArray().Select(x => x!.GetValue<int>()));
    }

    [Theory]
    [InlineData("ward", 4)]
    [InlineData("single", 63)]
    [InlineData("complete", 2)]
    public void A_linkage_stores_the_trees_cut_and_writes_the_merges_the_map_and_the_dendrogram(string method, int k)
    {
        using var dir = new TempDirectory();
        string path = dir["model.som"];
        File.Copy(fixture.ModelPath, path);
        string pictures = dir["pictures"];
        var r = RunnerHarness.Run("cluster", path, "--method", method, "--k", k.ToString(CultureInfo.InvariantCulture), "--pictures", pictures);
        Ok(r);
        var tree = Agglomerative.Fit(Prototypes(), Enum.Parse<Linkage>(method, ignoreCase: true));
        var stored = Assert.Single(ModelFile.Load(path).Clusterings);
        Assert.Equal(($"{method}-{k}", method, k), (stored.Name, stored.Method, stored.K));
        Assert.Equal(tree.Cut(k), stored.Clusters);
        Assert.Contains($"stored clustering '{method}-{k}' ({method}, k = {k})", r.Output);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(pictures, $"cluster-{method}-{k}.json")))!;
        AssertMerges(tree, json);
        Assert.Equal(tree.CutHeight(k), json["cut_height"]!.GetValue<double>());
        Assert.Equal(tree.Cut(k), json["clusters"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal(63, json["sizes"]!.AsArray().Sum(x => x!.GetValue<int>()));
        foreach (string png in new[] { $"cluster-map-{method}-{k}.png", $"dendrogram-{method}-{k}.png" })
        {
            using var picture = new PictureReader(Path.Combine(pictures, png));
            Assert.True(picture.Ink(picture.TitleBand) > 50, $"{png}: no title");
        }
    }

    [Fact]
    public void Auto_cuts_the_tree_at_the_k_with_the_lowest_Davies_Bouldin()
    {
        using var dir = new TempDirectory();
        string path = dir["model.som"];
        File.Copy(fixture.ModelPath, path);
        var r = RunnerHarness.Run("cluster", path, "--method", "average", "--k", "auto", "--k-range", "3..9");
        Ok(r);
        Assert.Contains("the average tree cut for k = 3 … 9", r.Output);
        var prototypes = Prototypes();
        var tree = Agglomerative.Fit(prototypes, Linkage.Average);
        int best = Enumerable.Range(3, 7).Where(k => tree.Cut(k).Distinct().Count() <= 62).MinBy(k => ClusteringIndices.DaviesBouldin(prototypes, tree.Cut(k)));
        var stored = Assert.Single(ModelFile.Load(path).Clusterings);
        Assert.Equal(best, stored.K);
        Assert.Contains($"chosen: k = {best}", r.Output);
        // The model's folder got the pictures (the default of --pictures).
        Assert.True(File.Exists(dir[$"dendrogram-average-{best}.png"]));
        var json = JsonNode.Parse(File.ReadAllText(dir[$"cluster-average-{best}.json"]))!;
        Assert.Equal(7, json["auto"]!.AsArray().Count);
    }

    [Fact]
    public void Hclust_clusters_a_seeded_sample_and_scores_it_against_the_classes()
    {
        using var dir = new TempDirectory();
        string outDir = dir["h"];
        var r = RunnerHarness.Run("hclust", "--data", "fashion-mnist", "--limit", "600", "--sample", "250", "--method", "complete", "--k", "7", "--seed", "5", "--out", outDir);
        Ok(r);
        var train = DataSource.Resolve("fashion-mnist").Train.Take(600);
        int[] pick = ClusteringIndices.Subsample(600, 250, 5);
        var points = ClusteringIndices.Rows(train.Samples, pick);
        var tree = Agglomerative.Fit(points, Linkage.Complete);
        int[] labels = tree.Cut(7);
        int[] classes = pick.Select(i => train.Labels![i]).ToArray();

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "hclust.json")))!;
        AssertMerges(tree, json);
        Assert.Equal(pick, json["sample_indices"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal(250, json["points"]!.GetValue<int>());
        var indices = json["indices"]!;
        Assert.Equal(ClassAgreement.Purity(labels, classes), indices["purity"]!.GetValue<double>());
        Assert.Equal(ClassAgreement.AdjustedRand(labels, classes), indices["adjusted_rand"]!.GetValue<double>());
        Assert.Equal(ClusteringIndices.DaviesBouldin(points, labels), indices["davies_bouldin"]!.GetValue<double>());
        Assert.Contains("adjusted Rand index", r.Output);

        string[] lines = File.ReadAllLines(Path.Combine(outDir, "labels.csv"));
        Assert.Equal("sample,cluster,class", lines[0]);
        Assert.Equal(251, lines.Length);
        for (int t = 0; t < 250; t++) Assert.Equal($"{pick[t]},{labels[t]},{classes[t]}", lines[t + 1]);
        using var png = new PictureReader(Path.Combine(outDir, "dendrogram.png"));
        Assert.True(png.Ink(png.TitleBand) > 50);
    }

    [Fact]
    public void Hclust_auto_keeps_the_cut_with_the_lowest_Davies_Bouldin()
    {
        using var dir = new TempDirectory();
        var r = RunnerHarness.Run("hclust", "--data", "fashion-mnist", "--limit", "120", "--sample", "80", "--k", "auto", "--out", dir["a"]);
        Ok(r);
        var train = DataSource.Resolve("fashion-mnist").Train.Take(120);
        var points = ClusteringIndices.Rows(train.Samples, ClusteringIndices.Subsample(120, 80, 1));
        var tree = Agglomerative.Fit(points, Linkage.Ward);
        int best = Enumerable.Range(2, 19).MinBy(k => ClusteringIndices.DaviesBouldin(points, tree.Cut(k)));
        Assert.Equal(best, JsonNode.Parse(File.ReadAllText(dir["a/hclust.json"]))!["k"]!.GetValue<int>());
        Assert.Contains($"chosen: k = {best}", r.Output);
    }

    [Theory]
    [InlineData("--sample 20000 --k 3", "--sample: 20000 is too many: expected at most 16384")]
    [InlineData("--sample 50 --k 51", "--k: 51 is out of range: expected 1 … 50")]
    [InlineData("--sample 50 --k 0", "--k: 0 is out of range: expected 1 … 50")]
    [InlineData("--sample 50 --k x", "--k: 'x' is not a number or auto")]
    [InlineData("--sample 50 --k 3 --method centroid", "--method")]
    [InlineData("--sample 0 --k 3", "--sample")]
    [InlineData("--sample 2 --k auto", "--k auto: 2 points: expected at least 3")]
    public void Hclust_bad_input_is_one_line_exit_2_and_writes_nothing(string args, string expected)
    {
        using var dir = new TempDirectory();
        string outDir = dir["out"];
        var (exit, _, error) = RunnerHarness.Run(["hclust", "--data", "fashion-mnist", "--limit", "100", "--out", outDir, .. args.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(outDir));
    }
}
