using Som.Cpu;
using Som.Tests.Engine;

namespace Som.Tests.Projection;

/// <summary>
/// Exact t-SNE (docs/contract.md §14) against its definitions: each row of P at the target perplexity, the gradient
/// against a naive double-precision O(n²) implementation and against finite differences of KL(P‖Q), KL falling,
/// separated clusters kept apart, and the same bits for the same seed on every instruction set and thread count.
/// </summary>
public sealed class TsneTests
{
    /// <summary>n points in d dimensions, uniform in [0, 1), with a few exact duplicates (ties at distance 0).</summary>
    private static float[] Points(int n, int d, int seed, int duplicates = 3)
    {
        var rng = new Random(seed);
        var x = new float[n * d];
        for (int k = 0; k < x.Length; k++) x[k] = (float)rng.NextDouble();
        for (int t = 0; t < Math.Min(duplicates, n / 2); t++) Array.Copy(x, t * d, x, (n - 1 - t) * d, d);
        return x;
    }

    /// <summary>Clusters of the given sizes around centres 10 apart on the axes of d dimensions, spread 0.3.</summary>
    private static (float[] X, int[] Cluster) Clusters(int[] sizes, int d, int seed)
    {
        var rng = new Random(seed);
        int n = sizes.Sum();
        var x = new float[n * d];
        var cluster = new int[n];
        int i = 0;
        for (int c = 0; c < sizes.Length; c++)
        {
            for (int s = 0; s < sizes[c]; s++, i++)
            {
                cluster[i] = c;
                for (int f = 0; f < d; f++) x[i * d + f] = (float)((f == c ? 10.0 : 0.0) + 0.3 * (rng.NextDouble() - 0.5));
            }
        }
        return (x, cluster);
    }

    private static double NaiveSquaredDistance(float[] x, int d, int i, int j)
    {
        double s = 0;
        for (int f = 0; f < d; f++)
        {
            double e = (double)x[i * d + f] - x[j * d + f];
            s += e * e;
        }
        return s;
    }

    [Theory]
    [InlineData(31, 7, 5.0)]
    [InlineData(33, 784, 10.0)]
    [InlineData(127, 3, 30.0)]
    [InlineData(127, 1, 2.5)]
    public void Each_row_of_P_has_the_target_perplexity(int n, int d, double perplexity)
    {
        var x = Points(n, d, n * 1000 + d);
        var d2 = Tsne.SquaredDistances(x, n, d, threads: 0, KernelIsa.Auto);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double naive = NaiveSquaredDistance(x, d, i, j);
                Assert.True(Math.Abs(d2[i * n + j] - naive) <= 1e-12 * (1 + naive), $"d²({i}, {j}) = {d2[i * n + j]}, naive {naive}");
            }
        var copy = (double[])d2.Clone();
        var beta = Tsne.ConditionalAffinities(d2, n, perplexity, threads: 0);
        for (int i = 0; i < n; i++)
        {
            double sum = 0, h = 0;
            Assert.Equal(0, d2[i * n + i]);
            for (int j = 0; j < n; j++)
            {
                double p = d2[i * n + j];
                sum += p;
                if (p > 0) h -= p * Math.Log(p);
            }
            Assert.True(Math.Abs(sum - 1) < 1e-12, $"row {i} sums to {sum}");
            Assert.True(Math.Abs(Math.Exp(h) - perplexity) < 1e-5, $"row {i}: perplexity {Math.Exp(h)}, expected {perplexity}");
            // The row is the Gaussian of its β: p_j / p_k = exp(−β (d_j − d_k)), against the nearest other point k.
            int k = Enumerable.Range(0, n).Where(j => j != i).MinBy(j => copy[i * n + j]);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double want = Math.Exp(-beta[i] * (copy[i * n + j] - copy[i * n + k]));
                double got = d2[i * n + j] / d2[i * n + k];
                Assert.True(Math.Abs(got - want) <= 1e-9 * (1 + want), $"row {i}, column {j}: ratio {got}, expected {want}");
            }
        }
    }

    [Fact]
    public void The_perplexity_is_capped_for_small_sets()
    {
        Assert.Equal(30, Tsne.EffectivePerplexity(30, 1024));
        Assert.Equal(10, Tsne.EffectivePerplexity(30, 31));
        Assert.Equal(1, Tsne.EffectivePerplexity(30, 2));
        Assert.Equal(5, Tsne.EffectivePerplexity(5, 4096));
        var r = Tsne.Embed(Points(31, 4, 9), 31, 4, new TsneSettings { Iterations = 10, ExaggerationIterations = 5 });
        Assert.Equal(10, r.Perplexity);
    }

    [Fact]
    public void Symmetrised_P_is_symmetric_and_sums_to_one()
    {
        const int n = 33, d = 5;
        var conditional = Tsne.SquaredDistances(Points(n, d, 4), n, d, 0, KernelIsa.Auto);
        Tsne.ConditionalAffinities(conditional, n, 7, 0);
        var p = Tsne.Symmetrise(conditional, n);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(p[i * n + j], p[j * n + i]);
                Assert.Equal((float)((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n)), p[i * n + j]);
                sum += p[i * n + j];
            }
        // Each entry is within half a float ulp of its double value, so the sum is 1 to float precision.
        Assert.Equal(1, sum, 6);
    }

    /// <summary>The paper's gradient, with Q formed explicitly: 4 Σ_j (α p_ij − q_ij)(y_i − y_j)/(1 + ‖y_i − y_j‖²).</summary>
    private static (double[] Gx, double[] Gy, double Kl) Naive(float[] p, double alpha, double[] x, double[] y)
    {
        int n = x.Length;
        var num = new double[n, n];
        double z = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                num[i, j] = 1 / (1 + (x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]));
                z += num[i, j];
            }
        var gx = new double[n];
        var gy = new double[n];
        double kl = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double q = num[i, j] / z, pij = p[i * n + j];
                gx[i] += 4 * (alpha * pij - q) * num[i, j] * (x[i] - x[j]);
                gy[i] += 4 * (alpha * pij - q) * num[i, j] * (y[i] - y[j]);
                if (pij > 0) kl += pij * Math.Log(pij / q);
            }
        return (gx, gy, kl);
    }

    private static float[] JointP(float[] points, int n, int d, double perplexity)
    {
        var conditional = Tsne.SquaredDistances(points, n, d, 0, KernelIsa.Auto);
        Tsne.ConditionalAffinities(conditional, n, perplexity, 0);
        return Tsne.Symmetrise(conditional, n);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(13, 1.0)]
    [InlineData(33, 12.0)]
    [InlineData(130, 4.0)]
    public void The_gradient_and_KL_equal_a_naive_double_implementation(int n, double alpha)
    {
        const int d = 6;
        var p = JointP(Points(n, d, n + 17), n, d, Tsne.EffectivePerplexity(30, n));
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => 3 * (rng.NextDouble() - 0.5)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => 3 * (rng.NextDouble() - 0.5)).ToArray();
        var (nx, ny, nkl) = Naive(p, alpha, x, y);
        foreach (var isa in SupportedIsas.All())
        {
            var gx = new double[n];
            var gy = new double[n];
            Tsne.Gradient(p, alpha, x, y, n, gx, gy, new double[n], 0, isa);
            double scale = nx.Concat(ny).Max(Math.Abs);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(gx[i] - nx[i]) <= 1e-12 * scale + 1e-15, $"{isa}: ∂/∂x_{i} = {gx[i]}, naive {nx[i]}");
                Assert.True(Math.Abs(gy[i] - ny[i]) <= 1e-12 * scale + 1e-15, $"{isa}: ∂/∂y_{i} = {gy[i]}, naive {ny[i]}");
            }
        }
        double kl = Tsne.KlDivergence(p, Tsne.PLogP(p, n), x, y, n, 0);
        Assert.True(Math.Abs(kl - nkl) <= 1e-12 * (1 + Math.Abs(nkl)), $"KL {kl}, naive {nkl}");
    }

    [Fact]
    public void The_gradient_is_the_derivative_of_KL()
    {
        const int n = 13, d = 4;
        var p = JointP(Points(n, d, 5), n, d, 3);
        var rng = new Random(2);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var gx = new double[n];
        var gy = new double[n];
        Tsne.Gradient(p, 1, x, y, n, gx, gy, new double[n], 0, KernelIsa.Auto);
        double plogp = Tsne.PLogP(p, n);
        const double h = 1e-6;
        for (int i = 0; i < n; i++)
        {
            double keep = x[i];
            x[i] = keep + h;
            double up = Tsne.KlDivergence(p, plogp, x, y, n, 0);
            x[i] = keep - h;
            double down = Tsne.KlDivergence(p, plogp, x, y, n, 0);
            x[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - gx[i]) < 1e-6, $"∂KL/∂x_{i}: gradient {gx[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void The_first_steps_follow_the_documented_update()
    {
        // Three steps: two exaggerated (α = 12, momentum 0.5), one after (α = 1, momentum 0.8), against the rule written
        // out naively: gain ← gain + 0.2 where g·u < 0, else gain·0.8 (at least 0.01); u ← μ·u − η·gain·g; y ← y + u; centre.
        const int n = 37, d = 3;
        var points = Points(n, d, 21);
        var settings = new TsneSettings { Iterations = 3, ExaggerationIterations = 2, Seed = 9 };
        var r = Tsne.Embed(points, n, d, settings);
        var p = JointP(points, n, d, Tsne.EffectivePerplexity(30, n));
        var (x, y) = Tsne.StartingPoints(n, 9);
        double rate = Math.Max(n / (4 * 12.0), 50);
        Assert.Equal(rate, r.LearningRate);
        var ux = new double[n];
        var uy = new double[n];
        var gainX = Enumerable.Repeat(1.0, n).ToArray();
        var gainY = Enumerable.Repeat(1.0, n).ToArray();
        for (int t = 0; t < 3; t++)
        {
            var (gx, gy, _) = Naive(p, t < 2 ? 12 : 1, x, y);
            double momentum = t < 2 ? 0.5 : 0.8;
            for (int i = 0; i < n; i++)
            {
                gainX[i] = Math.Max(0.01, gx[i] * ux[i] < 0 ? gainX[i] + 0.2 : gainX[i] * 0.8);
                gainY[i] = Math.Max(0.01, gy[i] * uy[i] < 0 ? gainY[i] + 0.2 : gainY[i] * 0.8);
                ux[i] = momentum * ux[i] - rate * gainX[i] * gx[i];
                uy[i] = momentum * uy[i] - rate * gainY[i] * gy[i];
                x[i] += ux[i];
                y[i] += uy[i];
            }
            double mx = x.Average(), my = y.Average();
            for (int i = 0; i < n; i++)
            {
                x[i] -= mx;
                y[i] -= my;
            }
        }
        double scale = x.Concat(y).Max(Math.Abs);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(r.X[i] - x[i]) <= 1e-9 * scale && Math.Abs(r.Y[i] - y[i]) <= 1e-9 * scale,
                $"point {i}: ({r.X[i]}, {r.Y[i]}), the naive steps give ({x[i]}, {y[i]})");
        }
    }

    [Fact]
    public void KL_falls_over_the_iterations()
    {
        var (x, _) = Clusters([11, 19, 33], 5, 3);
        var r = Tsne.Embed(x, 63, 5, new TsneSettings { TraceEvery = 25 });
        Assert.Equal(0, r.Trace[0].Iteration);
        Assert.Equal(r.Iterations, r.Trace[^1].Iteration);
        Assert.Equal(r.KlDivergence, r.Trace[^1].Kl);
        Assert.True(r.KlDivergence < 0.5 * r.Trace[0].Kl, $"KL {r.Trace[0].Kl} at the start, {r.KlDivergence} at the end");
        // Momentum makes single steps overshoot now and then, so the claim is over windows: past the exaggeration
        // (250 steps) KL falls from each 100-step record to the next, and once settled (the last 150 steps) record by record.
        var windows = r.Trace.Where(t => t.Iteration >= 300 && (t.Iteration % 100 == 0 || t.Iteration == r.Iterations)).ToArray();
        Assert.True(windows.Length >= 5);
        for (int k = 1; k < windows.Length; k++)
            Assert.True(windows[k].Kl < windows[k - 1].Kl, $"KL rose from {windows[k - 1].Kl} at step {windows[k - 1].Iteration} to {windows[k].Kl} at {windows[k].Iteration}");
        var settled = r.Trace.Where(t => t.Iteration >= r.Iterations - 150).ToArray();
        for (int k = 1; k < settled.Length; k++)
            Assert.True(settled[k].Kl <= settled[k - 1].Kl, $"KL rose from {settled[k - 1].Kl} at step {settled[k - 1].Iteration} to {settled[k].Kl} at {settled[k].Iteration}");
    }

    [Fact]
    public void Well_separated_clusters_stay_separated()
    {
        int[] sizes = [11, 19, 33, 20];
        var (x, cluster) = Clusters(sizes, 7, 8);
        int n = sizes.Sum();
        var r = Tsne.Embed(x, n, 7, new TsneSettings { Seed = 5 });
        for (int i = 0; i < n; i++)
        {
            var nearest = Enumerable.Range(0, n).Where(j => j != i)
                .OrderBy(j => (r.X[i] - r.X[j]) * (r.X[i] - r.X[j]) + (r.Y[i] - r.Y[j]) * (r.Y[i] - r.Y[j])).Take(5);
            foreach (int j in nearest) Assert.True(cluster[j] == cluster[i], $"point {i} (cluster {cluster[i]}) has point {j} of cluster {cluster[j]} among its 5 nearest");
        }
        // And the clusters are apart: the smallest gap between clusters exceeds the largest within-cluster nearest-neighbour distance.
        double within = 0, between = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double own = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dist = Math.Sqrt((r.X[i] - r.X[j]) * (r.X[i] - r.X[j]) + (r.Y[i] - r.Y[j]) * (r.Y[i] - r.Y[j]));
                if (cluster[j] == cluster[i]) own = Math.Min(own, dist);
                else between = Math.Min(between, dist);
            }
            within = Math.Max(within, own);
        }
        Assert.True(between > within, $"closest points of two clusters {between:G4} apart, a point's nearest own-cluster neighbour up to {within:G4}");
    }

    [Fact]
    public void Same_seed_gives_the_same_bits_on_every_isa_and_thread_count_and_another_seed_another_embedding()
    {
        // 131 points: past the size where rows run in parallel, and not a multiple of the four chains.
        const int n = 131, d = 33;
        var x = Points(n, d, 77);
        var settings = new TsneSettings { Iterations = 80, ExaggerationIterations = 30, Seed = 3 };
        var reference = Tsne.Embed(x, n, d, settings with { Isa = KernelIsa.Scalar, Threads = 1 });
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 0, 1, 3 })
            {
                var r = Tsne.Embed(x, n, d, settings with { Isa = isa, Threads = threads });
                Assert.True(Bits(reference.X).SequenceEqual(Bits(r.X)) && Bits(reference.Y).SequenceEqual(Bits(r.Y)),
                    $"{isa}, {threads} threads: the embedding differs from scalar on one thread");
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference.KlDivergence), BitConverter.DoubleToInt64Bits(r.KlDivergence));
            }
        }
        var other = Tsne.Embed(x, n, d, settings with { Seed = 4 });
        int same = Enumerable.Range(0, n).Count(i => other.X[i] == reference.X[i]);
        Assert.True(same == 0, $"seed 4 left {same} of {n} x coordinates as seed 3 put them");
        // The start is what the seed changes: the two starts differ, and each is the documented Box–Muller draw.
        var (sx, _) = Tsne.StartingPoints(n, 3);
        var rng = new SomRandom(3);
        double u1 = rng.NextDouble(), u2 = rng.NextDouble();
        Assert.Equal(1e-4 * Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2), sx[0]);
    }

    private static long[] Bits(double[] v) => v.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void Degenerate_sets_give_finite_embeddings()
    {
        var one = Tsne.Embed([1f, 2f], 1, 2, new TsneSettings());
        Assert.Equal([0.0], one.X);
        Assert.Equal([0.0], one.Y);
        var two = Tsne.Embed([0f, 0f, 1f, 1f], 2, 2, new TsneSettings { Iterations = 50, ExaggerationIterations = 10 });
        Assert.True(two.X.Concat(two.Y).All(double.IsFinite));
        Assert.True(Math.Abs(two.X[0] - two.X[1]) + Math.Abs(two.Y[0] - two.Y[1]) > 0, "two distinct points collapsed");
        // Every point the same: distances all 0, P uniform, nothing to separate but nothing may turn NaN.
        var same = Tsne.Embed(new float[40 * 3], 40, 3, new TsneSettings { Iterations = 60, ExaggerationIterations = 20 });
        Assert.True(same.X.Concat(same.Y).All(double.IsFinite) && double.IsFinite(same.KlDivergence));
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_value()
    {
        var x = Points(5, 2, 1);
        x[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => Tsne.Embed(x, 5, 2, new TsneSettings()));
        Assert.Contains("point 3, feature 1 is NaN", e.Message, StringComparison.Ordinal);
        var big = Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Embed(new float[4097], 4097, 1, new TsneSettings()));
        Assert.Contains("at most 4096 points", big.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Embed(Points(5, 2, 1), 5, 2, new TsneSettings { Perplexity = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Embed(Points(5, 2, 1), 5, 2, new TsneSettings { Iterations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Embed(Points(5, 2, 1), 5, 2, new TsneSettings { Iterations = 10, ExaggerationIterations = 11 }));
    }
}
