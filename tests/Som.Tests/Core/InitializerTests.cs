namespace Som.Tests.Core;

/// <summary>Initial codebooks: linear (PCA) init on data lying on a plane, random-in-range, random samples.</summary>
public class InitializerTests
{
    private const int D = 5;
    private static readonly double[] Mu = [1, -2, 0.5, 3, 0];
    private static readonly double[] U = Unit([1, 2, 0, -1, 1]);           // long direction (spread ±3)
    private static readonly double[] V = Orthogonal(Unit([0, 1, 1, 1, -2]), U); // short direction (spread ±1)

    /// <summary>400 points μ + a·u + b·v with a uniform in ±3 and b uniform in ±1: a plane in 5-D.</summary>
    private static SampleMatrix Plane()
    {
        var rng = new Random(12);
        const int n = 400;
        var x = new float[n * D];
        for (int i = 0; i < n; i++)
        {
            double a = (rng.NextDouble() * 2 - 1) * 3, b = rng.NextDouble() * 2 - 1;
            for (int f = 0; f < D; f++) x[i * D + f] = (float)(Mu[f] + a * U[f] + b * V[f]);
        }
        return new SampleMatrix(x, n, D);
    }

    [Theory]
    [InlineData(8, 4, Topology.Rectangular, true)]
    [InlineData(4, 8, Topology.Rectangular, false)]
    [InlineData(8, 5, Topology.Hexagonal, true)]
    [InlineData(3, 9, Topology.Hexagonal, false)]
    public void Pca_init_spans_the_data_plane_with_the_first_component_along_the_longer_axis(int w, int h, Topology topology, bool xIsLonger)
    {
        var options = new SomOptions { Width = w, Height = h, Topology = topology, Init = InitMethod.Pca, Seed = 9 };
        float[] cb = Initializer.Create(options, Plane());
        string name = $"{w}x{h} {topology}";
        for (int j = 0; j < options.Units; j++)
        {
            double[] r = Sub(Row(cb, j), Mu);
            double residual = Norm(Sub(Sub(r, Scale(U, Dot(r, U))), Scale(V, Dot(r, V))));
            Assert.True(residual < 1e-4, $"{name}: unit {j} is {residual:G3} off the data plane");
        }
        // Corners: along x from unit 0 to unit W−1, along y from unit 0 to the first unit of the last row.
        double[] alongX = Sub(Row(cb, w - 1), Row(cb, 0)), alongY = Sub(Row(cb, (h - 1) * w), Row(cb, 0));
        double[] first = xIsLonger ? alongX : alongY, second = xIsLonger ? alongY : alongX;
        Assert.True(Math.Abs(Dot(first, U)) > 0.999 * Norm(first), $"{name}: the longer axis does not follow the first component");
        Assert.True(Math.Abs(Dot(second, V)) > 0.99 * Norm(second), $"{name}: the shorter axis does not follow the second component");
        // som_lininit spans ±√λ over the map's extent along each axis: λ₁ = Var(a) = 3 and λ₂ = Var(b) = 1/3, up to
        // sampling error. On a hexagonal map the first row covers (W−1)/(W−½) of the x extent (odd rows are shifted).
        double xShare = topology == Topology.Hexagonal ? (w - 1) / (w - 0.5) : 1;
        double firstSpan = 2 * Math.Sqrt(3) * (xIsLonger ? xShare : 1), secondSpan = 2 / Math.Sqrt(3) * (xIsLonger ? 1 : xShare);
        Assert.InRange(Norm(first), 0.92 * firstSpan, 1.08 * firstSpan);
        Assert.InRange(Norm(second), 0.92 * secondSpan, 1.08 * secondSpan);
        // Centred on the mean.
        double[] mean = new double[D];
        for (int j = 0; j < options.Units; j++) mean = Add(mean, Scale(Row(cb, j), 1.0 / options.Units));
        Assert.True(Norm(Sub(mean, Mu)) < 0.2, $"{name}: prototypes centred at {string.Join(",", mean)}");
    }

    [Fact]
    public void Pca_init_of_a_line_map_uses_the_first_component_only()
    {
        var options = new SomOptions { Width = 9, Height = 1, Init = InitMethod.Pca };
        float[] cb = Initializer.Create(options, Plane());
        for (int j = 0; j < 9; j++)
        {
            double[] r = Sub(Row(cb, j), Mu);
            double offLine = Norm(Sub(r, Scale(U, Dot(r, U))));
            Assert.True(offLine < 0.1, $"unit {j} is {offLine:G3} off the first principal axis");
        }
        Assert.True(Math.Abs(Dot(Sub(Row(cb, 8), Row(cb, 0)), U)) > 3);
    }

    [Fact]
    public void Random_init_stays_within_each_feature_range()
    {
        var data = Plane();
        var options = new SomOptions { Width = 7, Height = 6, Init = InitMethod.Random, Seed = 3 };
        float[] cb = Initializer.Create(options, data);
        for (int f = 0; f < D; f++)
        {
            float lo = Enumerable.Range(0, data.Count).Min(i => data.Row(i)[f]);
            float hi = Enumerable.Range(0, data.Count).Max(i => data.Row(i)[f]);
            var column = Enumerable.Range(0, options.Units).Select(j => cb[j * D + f]).ToArray();
            Assert.All(column, v => Assert.InRange(v, lo, hi));
            Assert.True(column.Max() - column.Min() > 0.5 * (hi - lo), $"feature {f} is not spread over its range");
        }
    }

    [Fact]
    public void Sample_init_copies_distinct_samples_when_there_are_enough()
    {
        var data = Plane();
        var options = new SomOptions { Width = 10, Height = 10, Init = InitMethod.Samples, Seed = 5 };
        float[] cb = Initializer.Create(options, data);
        var picked = new HashSet<int>();
        for (int j = 0; j < options.Units; j++)
        {
            int i = Enumerable.Range(0, data.Count).First(i => data.Row(i).SequenceEqual(cb.AsSpan(j * D, D)));
            Assert.True(picked.Add(i), $"sample {i} picked twice");
        }
        // More units than samples: repeats are allowed, and every prototype is still a sample.
        var few = data.Take(7);
        float[] many = Initializer.Create(options with { Width = 4, Height = 4 }, few);
        for (int j = 0; j < 16; j++)
            Assert.Contains(Enumerable.Range(0, 7), i => few.Row(i).SequenceEqual(many.AsSpan(j * D, D)));
    }

    private static double[] Row(float[] cb, int j) => cb.Skip(j * D).Take(D).Select(v => (double)v).ToArray();
    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
    private static double[] Scale(double[] a, double s) => a.Select(v => v * s).ToArray();
    private static double[] Add(double[] a, double[] b) => a.Zip(b, (p, q) => p + q).ToArray();
    private static double[] Sub(double[] a, double[] b) => a.Zip(b, (p, q) => p - q).ToArray();
    private static double[] Unit(double[] a) => Scale(a, 1 / Norm(a));
    private static double[] Orthogonal(double[] a, double[] u) => Unit(Sub(a, Scale(u, Dot(a, u))));
}
