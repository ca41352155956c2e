using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Clustering;

/// <summary>Two-level clustering (docs/contract.md §13): k-means on a trained map's prototypes, unweighted.</summary>
public class ClusterUnitsTests
{
    [Fact]
    public void Units_get_the_clusters_of_kmeans_on_the_prototypes_and_samples_take_their_bmus_cluster()
    {
        var data = TestData.Clusters(400, 6, 21, clusters: 3);
        using var som = new SelfOrganizingMap(new SomOptions { Width = 7, Height = 5, Epochs = 8, Seed = 2 }, 6);
        som.Train(data);
        int[] clusters = som.ClusterUnits(3, seed: 9, restarts: 4);
        Assert.Equal(35, clusters.Length);
        Assert.Equal(3, clusters.Distinct().Count());

        // The same as k-means on the prototypes as samples (each unit once, whatever its hits).
        var prototypes = new SampleMatrix(som.GetWeights(), 35, 6);
        var direct = KMeans.Fit(prototypes, 3, restarts: 4, seed: 9);
        Assert.Equal(direct.Labels, clusters);
        // Each unit's cluster is its nearest centre, checked in double.
        for (int j = 0; j < 35; j++)
        {
            var distances = Enumerable.Range(0, 3).Select(c => NaiveKMeans.Distance(prototypes.Row(j), direct.Centres.AsSpan(c * 6, 6))).ToArray();
            Assert.Equal(Array.IndexOf(distances, distances.Min()), clusters[j]);
        }
        // Three well-separated blobs: samples of one blob land on units of one cluster, so the sample clusters
        // (their BMUs' clusters) split the data into three large groups.
        int[] bmus = som.Winners(data);
        var sizes = bmus.Select(b => clusters[b]).GroupBy(c => c).Select(g => g.Count()).ToArray();
        Assert.Equal(3, sizes.Length);
        Assert.All(sizes, s => Assert.True(s > 50, $"cluster sizes {string.Join(", ", sizes)}"));
    }

    [Fact]
    public void One_cluster_and_one_cluster_per_unit_are_the_edge_cases()
    {
        var data = TestData.Clusters(127, 33, 4);
        using var som = new SelfOrganizingMap(new SomOptions { Width = 4, Height = 3, Epochs = 3 }, 33);
        som.Train(data);
        Assert.All(som.ClusterUnits(1), c => Assert.Equal(0, c));
        Assert.Equal(12, som.ClusterUnits(12).Distinct().Count());
    }

    [Theory]
    [InlineData(0, 1, "k is 0: expected 1 … 12, the map's units")]
    [InlineData(13, 1, "k is 13: expected 1 … 12, the map's units")]
    [InlineData(3, 0, "Restarts is 0: expected at least 1")]
    public void Bad_arguments_name_the_value(int k, int restarts, string message)
    {
        using var som = new SelfOrganizingMap(new SomOptions { Width = 4, Height = 3, Init = InitMethod.Random }, 2);
        som.Initialize(TestData.Clusters(20, 2, 1));
        Assert.Equal(message, Assert.Throws<SomOptionException>(() => som.ClusterUnits(k, restarts: restarts)).Message);
    }

    [Fact]
    public void A_map_without_weights_cannot_be_clustered()
    {
        using var som = new SelfOrganizingMap(new SomOptions { Width = 4, Height = 3 }, 2);
        Assert.Throws<InvalidOperationException>(() => som.ClusterUnits(2));
    }
}
