using Som.Cpu;
using Som.Tests.Engine;
using Som.Tests.Oracle;

namespace Som.Tests.Metrics;

/// <summary>The silhouette, Davies–Bouldin and Calinski–Harabasz indices against plain double-precision loops.</summary>
public class ClusteringIndicesTests
{
    /// <summary>Labels with gaps (unused label values stand for units without hits), cluster 0 of one sample.</summary>
    private static int[] Labels(int n, int k, ulong seed)
    {
        var rng = new Random((int)seed);
        var labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = 3 * (1 + rng.Next(k - 1)) + 5;
        labels[n / 2] = 1;
        return labels;
    }

    private static void Close(double expected, double actual, double relative = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-3),
            $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):E2})");

    [Theory]
    [InlineData(31, 1, 3, 1UL)]
    [InlineData(33, 5, 4, 2UL)]
    [InlineData(127, 17, 7, 3UL)]
    [InlineData(1, 1, 1, 0UL)]
    [InlineData(205, 33, 5, 4UL)]
    public void Silhouette_matches_the_naive_double_computation_on_every_isa(int n, int d, int k, ulong seed)
    {
        if (n == 1)
        {
            Assert.Throws<SomDataException>(() => Silhouette.Score(TestData.Clusters(1, d, seed), [0], KernelIsa.Auto));
            return;
        }
        var data = TestData.Clusters(n, d, seed, clusters: k);
        int[] labels = Labels(n, k, seed);
        double expected = NaiveClustering.Silhouette(data, labels);
        long? bits = null;
        foreach (var isa in SupportedIsas.All())
        {
            double actual = Silhouette.Score(data, labels, isa);
            Close(expected, actual);
            bits ??= BitConverter.DoubleToInt64Bits(actual);
            Assert.Equal(bits.Value, BitConverter.DoubleToInt64Bits(actual));
        }
        Assert.Equal(bits!.Value, BitConverter.DoubleToInt64Bits(Silhouette.Score(data, labels, KernelIsa.Auto, threads: 1)));
    }

    [Fact]
    public void Silhouette_by_hand_with_a_cluster_of_one_sample()
    {
        // Points 0, 1, 10 on a line, clusters {0, 1} and {10}: s = 0.9, 8/9 and 0 (a cluster of one).
        var data = new SampleMatrix([0f, 1f, 10f], 3, 1);
        Assert.Equal((0.9 + 8.0 / 9) / 3, Silhouette.Score(data, [4, 4, 9], KernelIsa.Auto), 12);
    }

    [Fact]
    public void Silhouette_with_ties_and_duplicates_on_integer_points()
    {
        // Integer coordinates: every distance ties with many others and the expanded form is exact before the root.
        var values = new float[64 * 2];
        for (int i = 0; i < 64; i++)
        {
            values[2 * i] = i % 4;
            values[2 * i + 1] = (i / 4) % 4;
        }
        var data = new SampleMatrix(values, 64, 2);
        int[] labels = Enumerable.Range(0, 64).Select(i => (i % 4 < 2 ? 0 : 1) + ((i / 4) % 4 < 2 ? 0 : 2)).ToArray();
        Close(NaiveClustering.Silhouette(data, labels), Silhouette.Score(data, labels, KernelIsa.Auto));
        // Two clusters of the same duplicated point: a = b = 0, s = 0 as scikit-learn's nan_to_num gives.
        Assert.Equal(0, Silhouette.Score(new SampleMatrix(new float[8], 4, 2), [0, 0, 1, 1], KernelIsa.Auto));
    }

    [Fact]
    public void Indices_refuse_one_cluster_and_one_cluster_per_sample()
    {
        var data = TestData.Clusters(10, 3, 5);
        int[] one = new int[10];
        int[] each = Enumerable.Range(0, 10).ToArray();
        foreach (var labels in new[] { one, each })
        {
            var e = Assert.Throws<SomDataException>(() => Silhouette.Score(data, labels, KernelIsa.Auto));
            Assert.Contains("expected 2…9 clusters", e.Message);
            Assert.Throws<SomDataException>(() => ClusteringIndices.DaviesBouldin(data, labels));
            Assert.Throws<SomDataException>(() => ClusteringIndices.CalinskiHarabasz(data, labels));
        }
        Assert.Contains("expected 10, one per point",
            Assert.Throws<SomDataException>(() => Silhouette.Score(data, new int[9], KernelIsa.Auto)).Message);
    }

    [Theory]
    [InlineData(31, 1, 3, 11UL)]
    [InlineData(33, 7, 4, 12UL)]
    [InlineData(127, 20, 6, 13UL)]
    public void Davies_bouldin_and_calinski_harabasz_match_the_naive_computation(int n, int d, int k, ulong seed)
    {
        var data = TestData.Clusters(n, d, seed, clusters: k);
        int[] labels = Labels(n, k, seed);
        Close(NaiveClustering.DaviesBouldin(data, labels), ClusteringIndices.DaviesBouldin(data, labels), 1e-10);
        Close(NaiveClustering.CalinskiHarabasz(data, labels), ClusteringIndices.CalinskiHarabasz(data, labels), 1e-10);
    }

    [Fact]
    public void Degenerate_clusterings_follow_scikit_learn()
    {
        // Every cluster a duplicated point: tr(W) = 0 gives CH 1, every spread 0 gives DB 0.
        var data = new SampleMatrix([0f, 0f, 5f, 5f, 9f], 5, 1);
        int[] labels = [0, 0, 1, 1, 2];
        Assert.Equal(1.0, ClusteringIndices.CalinskiHarabasz(data, labels));
        Assert.Equal(0.0, ClusteringIndices.DaviesBouldin(data, labels));
        // Two clusters of one point each 3 apart and a pair 1 apart: DB by hand.
        var line = new SampleMatrix([0f, 1f, 3f], 3, 1);
        // Clusters {0, 1} (centroid 0.5, spread 0.5) and {3} (spread 0): DB = mean(0.5/2.5, 0.5/2.5) = 0.2.
        Assert.Equal(0.2, ClusteringIndices.DaviesBouldin(line, [0, 0, 1]), 12);
    }

    [Fact]
    public void Levels_two_and_three_use_the_unit_clustering_and_the_subsample_is_the_stated_points()
    {
        var data = TestData.Clusters(150, 6, 21, clusters: 5);
        int units = 12;
        float[] weights = TestData.SampleCodebook(data, units, 22);
        int[] bmu = Enumerable.Range(0, data.Count).Select(i => (i * 7) % 11).ToArray();   // unit 11 has no hits
        int[] unitClusters = Enumerable.Range(0, units).Select(j => j % 3).ToArray();

        var levels = ClusteringIndices.AtLevels(data, bmu, weights, unitClusters, null, 1, KernelIsa.Auto);
        Assert.Equal([1, 2, 3], levels.Select(l => l.Number));
        Assert.Equal(11, levels[0].Clusters);
        Close(NaiveClustering.Silhouette(data, bmu), levels[0].Silhouette!.Value);
        int[] byCluster = bmu.Select(b => unitClusters[b]).ToArray();
        Close(NaiveClustering.Silhouette(data, byCluster), levels[1].Silhouette!.Value);
        Close(NaiveClustering.DaviesBouldin(data, byCluster), levels[1].DaviesBouldin!.Value, 1e-10);
        var prototypes = new SampleMatrix(weights, units, 6);
        Assert.Equal(units, levels[2].Points);
        Close(NaiveClustering.Silhouette(prototypes, unitClusters), levels[2].Silhouette!.Value);
        Close(NaiveClustering.CalinskiHarabasz(prototypes, unitClusters), levels[2].CalinskiHarabasz!.Value, 1e-10);
        Assert.Single(ClusteringIndices.AtLevels(data, bmu, weights, null, null, 1, KernelIsa.Auto));

        // A subsample of 40: the silhouette of exactly the chosen rows; the other indices stay on all points.
        var sampled = ClusteringIndices.AtLevels(data, bmu, weights, null, 40, 9, KernelIsa.Auto)[0];
        int[] pick = ClusteringIndices.Subsample(data.Count, 40, 9);
        Assert.Equal(40, pick.Distinct().Count());
        var rows = new SampleMatrix(pick.Select(i => data.Row(i).ToArray()).ToArray());
        Close(NaiveClustering.Silhouette(rows, pick.Select(i => bmu[i]).ToArray()), sampled.Silhouette!.Value);
        Assert.Equal(40, sampled.SilhouetteSample);
        Assert.Equal(levels[0].DaviesBouldin, sampled.DaviesBouldin);
        Assert.NotEqual(pick, ClusteringIndices.Subsample(data.Count, 40, 10));
    }
}

/// <summary><see cref="SelfOrganizingMap.Silhouette"/>: samples clustered by their BMU, exact or on a stated subsample.</summary>
public class MapSilhouetteTests
{
    [Fact]
    public void Map_silhouette_is_the_naive_silhouette_of_its_winners()
    {
        var data = TestData.Clusters(301, 8, 31, clusters: 5);
        using var som = new SelfOrganizingMap(new SomOptions { Width = 5, Height = 3, Epochs = 3 }, features: 8);
        Assert.Throws<InvalidOperationException>(() => som.Silhouette(data));
        som.Train(data);
        int[] bmu = som.Winners(data);
        double exact = som.Silhouette(data);
        double naive = NaiveClustering.Silhouette(data, bmu);
        Assert.True(Math.Abs(exact - naive) <= 1e-6 * Math.Abs(naive), $"{exact} vs {naive}");

        int[] pick = ClusteringIndices.Subsample(301, 77, 4);
        var rows = new SampleMatrix(pick.Select(i => data.Row(i).ToArray()).ToArray());
        double sampledNaive = NaiveClustering.Silhouette(rows, pick.Select(i => bmu[i]).ToArray());
        double sampled = som.Silhouette(data, sampleSize: 77, seed: 4);
        Assert.True(Math.Abs(sampled - sampledNaive) <= 1e-6 * Math.Abs(sampledNaive), $"{sampled} vs {sampledNaive}");
        Assert.Equal(exact, som.Silhouette(data, sampleSize: 301));
        Assert.Throws<ArgumentOutOfRangeException>(() => som.Silhouette(data, sampleSize: 0));
        Assert.Throws<SomDataException>(() => som.Silhouette(new SampleMatrix(new float[30], 10, 3)));
    }
}
