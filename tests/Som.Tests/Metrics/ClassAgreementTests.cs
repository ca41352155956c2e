namespace Som.Tests.Metrics;

/// <summary>Purity and the adjusted Rand index against hand-computed values and a pair-counting restatement.</summary>
public class ClassAgreementTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }, 1.0)]
    [InlineData(new[] { 1, 1, 0, 0 }, new[] { 0, 0, 1, 1 }, 1.0)]             // relabelled: the same partition
    [InlineData(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 4.0 / 7)]         // scikit-learn's documented 0.571428…
    [InlineData(new[] { 0, 1, 0, 1 }, new[] { 0, 0, 1, 1 }, -0.5)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, 1.0)]             // one group each: the denominator is 0
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 1, 2 }, 1.0)]                   // all singletons
    public void Adjusted_rand_index_of_hand_built_partitions(int[] clusters, int[] classes, double expected) =>
        Assert.Equal(expected, ClassAgreement.AdjustedRand(clusters, classes), 1e-15);

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(127)]
    public void Adjusted_rand_index_equals_its_pair_counting_definition(int n)
    {
        var rng = new Random(n);
        int[] a = Enumerable.Range(0, n).Select(_ => rng.Next(4)).ToArray();
        int[] b = Enumerable.Range(0, n).Select(i => rng.Next(3) == 0 ? rng.Next(5) : a[i]).ToArray();
        // Over all pairs: together in both (n11), in a only, in b only; ARI from the Rand index's expectation.
        double n11 = 0, inA = 0, inB = 0, pairs = n * (n - 1) / 2.0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                bool sa = a[i] == a[j], sb = b[i] == b[j];
                if (sa && sb) n11++;
                if (sa) inA++;
                if (sb) inB++;
            }
        }
        double expected = pairs == 0 ? 0 : inA * inB / pairs, max = (inA + inB) / 2;
        double ari = max == expected ? 1 : (n11 - expected) / (max - expected);
        Assert.Equal(ari, ClassAgreement.AdjustedRand(a, b), 1e-12);
    }

    [Fact]
    public void Purity_is_the_share_of_points_in_their_clusters_majority_class()
    {
        // Cluster 0: classes 1, 1, 2 → 2; cluster 1: 0, 0 → 2; cluster 5: 3 → 1 (cluster ids need not be dense).
        Assert.Equal(5.0 / 6, ClassAgreement.Purity([0, 0, 0, 1, 1, 5], [1, 1, 2, 0, 0, 3]), 1e-15);
        Assert.Equal(0, ClassAgreement.Purity([], []));
        Assert.Throws<ArgumentException>(() => ClassAgreement.Purity([0, 1], [0]));
    }
}
