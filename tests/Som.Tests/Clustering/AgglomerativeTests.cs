using System.Diagnostics;
using Som.Cpu;
using Som.Tests.Oracle;
using Xunit.Abstractions;

namespace Som.Tests.Clustering;

/// <summary>
/// Agglomerative clustering (docs/contract.md §15) against the naive O(n³) restatement of the oracle, Ward's closed
/// form on a hand-built set, the tie rule, the cut and the leaf order.
/// </summary>
public class AgglomerativeTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int> Sizes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var linkage in Enum.GetValues<Linkage>())
        {
            foreach (var (n, d) in new[] { (1, 3), (2, 5), (31, 3), (33, 7), (127, 4) }) data.Add(linkage.ToString(), n, d);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_linkage_makes_the_naive_merges_in_the_same_order_at_the_same_heights(string linkageName, int n, int d)
    {
        var linkage = Enum.Parse<Linkage>(linkageName);
        var points = TestData.Clusters(n, d, (ulong)(n * 7 + d), clusters: 4);
        var tree = Agglomerative.Fit(points, linkage);
        var naive = NaiveAgglomerative.Fit(points, linkage);
        Assert.Equal(n - 1, tree.Merges.Count);
        for (int s = 0; s < naive.Count; s++)
        {
            var m = tree.Merges[s];
            Assert.True((naive[s].A, naive[s].B, naive[s].Size) == (m.A, m.B, m.Size),
                $"merge {s}: ({m.A}, {m.B}, size {m.Size}), naive ({naive[s].A}, {naive[s].B}, size {naive[s].Size})");
            Assert.True(Math.Abs(m.Height - naive[s].Height) <= 1e-12 * Math.Max(naive[s].Height, 1e-300),
                $"merge {s}: height {m.Height:R}, naive {naive[s].Height:R}");
        }
    }

    [Theory]
    [InlineData("Single", 33)]
    [InlineData("Complete", 33)]
    [InlineData("Single", 127)]
    [InlineData("Complete", 127)]
    public void On_a_lattice_with_many_ties_and_duplicates_the_tie_rule_matches_the_naive_one(string linkageName, int n)
    {
        var linkage = Enum.Parse<Linkage>(linkageName);
        // Integer points in a 4 × 4 square: many equal distances and repeated points (distance 0). Single and complete
        // linkage heights are point distances, computed identically, so every tie is a real tie in both.
        var rng = new Random(n);
        var values = new float[n * 2];
        for (int i = 0; i < values.Length; i++) values[i] = rng.Next(4);
        var points = new SampleMatrix(values, n, 2);
        var tree = Agglomerative.Fit(points, linkage);
        var naive = NaiveAgglomerative.Fit(points, linkage);
        for (int s = 0; s < naive.Count; s++)
            Assert.Equal((naive[s].A, naive[s].B, naive[s].Height, naive[s].Size), (tree.Merges[s].A, tree.Merges[s].B, tree.Merges[s].Height, tree.Merges[s].Size));
    }

    [Fact]
    public void Ward_heights_are_the_closed_form_on_a_hand_built_line()
    {
        // 1-D points 0, 2, 3, 10. Ward's height of clusters a, b is √(2·n_a·n_b/(n_a + n_b))·|c_a − c_b|.
        var tree = Agglomerative.Fit(new SampleMatrix([0f, 2f, 3f, 10f], 4, 1), Linkage.Ward);
        double first = Math.Sqrt(2.0 * 1 * 1 / 2) * 1;                     // {2} + {3}, centroid 2.5
        double second = Math.Sqrt(2.0 * 1 * 2 / 3) * 2.5;                  // {0} + {2, 3}, centroid 5/3
        double third = Math.Sqrt(2.0 * 3 * 1 / 4) * (10 - 5.0 / 3);        // {0, 2, 3} + {10}
        Assert.Equal(new Merge(1, 2, first, 2), tree.Merges[0]);
        Assert.Equal((0, 4, 3), (tree.Merges[1].A, tree.Merges[1].B, tree.Merges[1].Size));
        Assert.Equal(second, tree.Merges[1].Height, 1e-12);
        Assert.Equal((3, 5, 4), (tree.Merges[2].A, tree.Merges[2].B, tree.Merges[2].Size));
        Assert.Equal(third, tree.Merges[2].Height, 1e-12);
    }

    [Fact]
    public void Ward_half_squared_heights_add_up_to_the_total_sum_of_squares()
    {
        // Each Ward merge raises the within-cluster sum of squares by h²/2; after the last merge it is the total.
        var points = TestData.Clusters(127, 5, 11);
        var tree = Agglomerative.Fit(points, Linkage.Ward);
        var mean = new double[5];
        for (int i = 0; i < 127; i++) for (int f = 0; f < 5; f++) mean[f] += points.Row(i)[f] / 127.0;
        double total = 0;
        for (int i = 0; i < 127; i++) for (int f = 0; f < 5; f++) total += (points.Row(i)[f] - mean[f]) * (points.Row(i)[f] - mean[f]);
        Assert.Equal(total, tree.Merges.Sum(m => m.Height * m.Height / 2), total * 1e-10);
    }

    [Theory]
    [InlineData("Single", new[] { 0, 1, 1, 2, 2, 4, 1, 3, 3, 5, 1, 4 })]
    [InlineData("Complete", new[] { 0, 1, 1, 2, 2, 3, 1, 2, 4, 5, 3, 4 })]
    [InlineData("Average", new[] { 0, 1, 1, 2, 2, 3, 1, 2, 4, 5, 2, 4 })]
    public void Equal_distances_merge_the_pair_with_the_lowest_points_first(string linkageName, int[] expected)
    {
        var linkage = Enum.Parse<Linkage>(linkageName);
        // Points 0, 1, 2, 3 on a line: (0,1), (1,2), (2,3) all at distance 1 → (0,1) first. Single linkage then ties
        // {0,1}–2 with 2–3 at 1; the lowest points are (0, 2) against (2, 3), so {0,1} takes 2.
        var tree = Agglomerative.Fit(new SampleMatrix([0f, 1f, 2f, 3f], 4, 1), linkage);
        for (int s = 0; s < 3; s++)
            Assert.Equal(new Merge(expected[4 * s], expected[4 * s + 1], expected[4 * s + 2], expected[4 * s + 3]), tree.Merges[s]);
        var ward = Agglomerative.Fit(new SampleMatrix([0f, 1f, 2f, 3f], 4, 1), Linkage.Ward);
        Assert.Equal([new Merge(0, 1, 1, 2), new Merge(2, 3, 1, 2), new Merge(4, 5, Math.Sqrt(8), 4)], ward.Merges);
    }

    [Theory]
    [InlineData("Single")]
    [InlineData("Ward")]
    [InlineData("Average")]
    public void Cutting_at_k_gives_k_clusters_that_refine_the_cut_at_k_minus_1(string linkageName)
    {
        var linkage = Enum.Parse<Linkage>(linkageName);
        var points = TestData.Clusters(33, 3, 5);
        var tree = Agglomerative.Fit(points, linkage);
        var naive = NaiveAgglomerative.Fit(points, linkage);
        int[]? coarser = null;
        for (int k = 1; k <= 33; k++)
        {
            int[] labels = tree.Cut(k);
            Assert.Equal(k, labels.Distinct().Count());
            // Numbered by lowest point: the first appearance of label c comes after that of c − 1.
            var firsts = Enumerable.Range(0, k).Select(c => Array.IndexOf(labels, c)).ToArray();
            Assert.Equal(firsts.Order(), firsts);
            Assert.Equal(NaiveCut(33, naive, k), labels);
            if (coarser is not null)
            {
                for (int i = 0; i < 33; i++)
                    for (int j = 0; j < 33; j++)
                        if (labels[i] == labels[j]) Assert.Equal(coarser[i], coarser[j]);
            }
            coarser = labels;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Cut(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Cut(34));
    }

    [Fact]
    public void The_cut_height_lies_between_the_last_merge_kept_and_the_first_undone()
    {
        var tree = Agglomerative.Fit(TestData.Clusters(31, 4, 9), Linkage.Complete);
        double[] h = tree.Heights();
        for (int k = 2; k < 31; k++) Assert.Equal((h[31 - k - 1] + h[31 - k]) / 2, tree.CutHeight(k));
        Assert.Equal(h[0] / 2, tree.CutHeight(31));
        Assert.True(tree.CutHeight(1) > h[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(33)]
    [InlineData(127)]
    public void The_leaf_order_lists_every_cluster_contiguously_first_child_first(int n)
    {
        var tree = Agglomerative.Fit(TestData.Clusters(n, 3, (ulong)n), Linkage.Average);
        int[] order = tree.LeafOrder();
        Assert.Equal(Enumerable.Range(0, n), order.Order());
        var position = new int[n];
        for (int p = 0; p < n; p++) position[order[p]] = p;
        var span = new (int Lo, int Hi)[2 * n - 1];
        for (int i = 0; i < n; i++) span[i] = (position[i], position[i]);
        for (int s = 0; s < n - 1; s++)
        {
            var (a, b) = (span[tree.Merges[s].A], span[tree.Merges[s].B]);
            Assert.Equal(a.Hi + 1, b.Lo); // A's leaves, then B's, side by side
            span[n + s] = (a.Lo, b.Hi);
        }
    }

    [Fact]
    public void Four_thousand_prototypes_finish_with_every_linkage()
    {
        // M = 4,096 (a 64 × 64 map): 8.4 million pair distances, computed once (squared, as Ward uses them; the other
        // linkages start from their square roots, which is what Distances gives them). The times are printed, not asserted.
        var points = TestData.Clusters(4096, 8, 3, clusters: 10);
        var clock = Stopwatch.StartNew();
        double[] squared = Agglomerative.Distances(points, Linkage.Ward);
        output.WriteLine($"distances: {clock.Elapsed.TotalSeconds:F2} s for 4096 points");
        foreach (var linkage in Enum.GetValues<Linkage>())
        {
            clock.Restart();
            double[] d = linkage == Linkage.Ward ? (double[])squared.Clone() : Array.ConvertAll(squared, Math.Sqrt);
            var tree = Agglomerative.FromDistances(4096, d, linkage);
            output.WriteLine($"{linkage}: {clock.Elapsed.TotalSeconds:F2} s for the merges of 4096 points");
            Assert.Equal(4095, tree.Merges.Count);
            Assert.Equal(4096, tree.Merges[^1].Size);
            for (int s = 1; s < 4095; s++) Assert.True(tree.Merges[s].Height >= tree.Merges[s - 1].Height * (1 - 1e-12), $"{linkage}: merge {s} lower than {s - 1}");
            Assert.Equal(10, tree.Cut(10).Distinct().Count());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(33)]
    [InlineData(784)]
    public void Pair_distances_sum_eight_lanes_in_the_documented_order_on_every_instruction_set(int d)
    {
        // Restated in scalar code: lane f mod 8, then ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)), then the tail.
        // The suite also runs with AVX-512 and with all SIMD hardware off, where this must hold bit for bit too.
        var rng = new Random(d);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = Enumerable.Range(0, d).Select(_ => (float)(rng.NextDouble() * 3 - 1)).ToArray();
            var y = Enumerable.Range(0, d).Select(_ => (float)(rng.NextDouble() * 3 - 1)).ToArray();
            var lane = new double[8];
            int f = 0;
            for (; f + 8 <= d; f += 8)
            {
                for (int l = 0; l < 8; l++)
                {
                    double diff = (double)x[f + l] - y[f + l];
                    lane[l] += diff * diff;
                }
            }
            double s = ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
            for (; f < d; f++) s += ((double)x[f] - y[f]) * ((double)x[f] - y[f]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(s), BitConverter.DoubleToInt64Bits(Agglomerative.SquaredDistance(x, y)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(s), BitConverter.DoubleToInt64Bits(Agglomerative.ScalarSquaredDistance(x, y)));
            Assert.Equal(SomMetrics.SquaredDistance<float, float>(x, y), s, s * 1e-14);
        }
    }

    [Fact]
    public void The_tree_does_not_depend_on_the_thread_count()
    {
        var points = TestData.Clusters(127, 33, 17);
        var one = Agglomerative.Fit(points, Linkage.Ward, threads: 1);
        Assert.Equal(one.Merges, Agglomerative.Fit(points, Linkage.Ward, threads: 2).Merges);
        Assert.Equal(one.Merges, Agglomerative.Fit(points, Linkage.Ward, threads: 3).Merges);
        // And not on the instruction set of the distance loop.
        Assert.Equal(one.Merges, Agglomerative.Fit(points, Linkage.Ward, isa: KernelIsa.Scalar).Merges);
        Assert.Equal(Agglomerative.Distances(points, Linkage.Average, isa: KernelIsa.Scalar), Agglomerative.Distances(points, Linkage.Average));
    }

    [Fact]
    public void Too_many_points_is_a_clear_error()
    {
        var e = Assert.Throws<SomDataException>(() => Agglomerative.Fit(new SampleMatrix(new float[Agglomerative.MaxPoints + 1], Agglomerative.MaxPoints + 1, 1), Linkage.Ward));
        Assert.Contains("at most 16384", e.Message);
    }

    private static int[] NaiveCut(int n, List<(int A, int B, double Height, int Size)> merges, int k)
    {
        var members = new List<int>[2 * n - 1];
        for (int i = 0; i < n; i++) members[i] = [i];
        var alive = new HashSet<int>(Enumerable.Range(0, n));
        for (int s = 0; s < n - k; s++)
        {
            members[n + s] = [.. members[merges[s].A], .. members[merges[s].B]];
            alive.Remove(merges[s].A);
            alive.Remove(merges[s].B);
            alive.Add(n + s);
        }
        var labels = new int[n];
        int next = 0;
        foreach (var c in alive.OrderBy(c => members[c].Min()))
        {
            foreach (int i in members[c]) labels[i] = next;
            next++;
        }
        return labels;
    }
}
