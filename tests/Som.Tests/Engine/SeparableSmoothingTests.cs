using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The separable batch smoothing of the Gaussian and the mexican hat (docs/contract.md §6) on rectangular and hexagonal
/// maps, planar and toroidal, with the cut below 2⁻²⁴ of docs/contract.md §3: against a naive double sum over every
/// pair with the oracle's h (<see cref="NaiveSom.BatchH"/>, its own cut rule), in the same bits on every instruction set
/// and thread count, and the cut's effect on the weights against the bound the contract states.
/// </summary>
public class SeparableSmoothingTests
{
    private const int Features = 13; // a Vector512 block of 8, a Vector256 block of 4 and a tail of 1

    public static TheoryData<NeighborhoodKind, Topology, bool, int, int> Cases()
    {
        var cases = new TheoryData<NeighborhoodKind, Topology, bool, int, int>();
        foreach (var kind in new[] { NeighborhoodKind.Gaussian, NeighborhoodKind.MexicanHat })
        foreach (var topology in new[] { Topology.Rectangular, Topology.Hexagonal })
        foreach (bool torus in new[] { false, true })
        foreach (var (w, h) in new[] { (1, 1), (1, 31), (33, 1), (31, 33), (12, 11) })
        {
            // A hexagonal torus needs an even height; the odd ones are replaced by their even neighbour.
            int height = topology == Topology.Hexagonal && torus && h % 2 == 1 ? h + 1 : h;
            cases.Add(kind, topology, torus, w, height);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Separable_passes_equal_the_naive_sum_with_the_same_cut_in_the_same_bits_everywhere(NeighborhoodKind kind,
        Topology topology, bool torus, int width, int height)
    {
        // σ = 0.6 and 1.7 cut most of a 31 × 33 map away (R ≈ 3.5 … 10.8); σ = 40 cuts nothing.
        foreach (double sigma in new[] { 0.6, 1.7, 40 })
        {
            var options = new SomOptions
            {
                Width = width, Height = height, Topology = topology, Toroidal = torus, Neighborhood = kind,
            }.Validate();
            Assert.True(Neighborhood.IsSeparable(options));
            var grid = new MapGrid(options);
            var oracle = new OracleGrid(options);
            var offsets = new OffsetTable(grid);
            var (sums, counts) = Accumulated(grid.Units, (ulong)(width * 131 + height * 7 + (int)(sigma * 10)));
            var (naiveNum, naiveDen, scale, cut) = Naive(oracle, kind, sigma, sums, counts);
            double[]? reference = null;
            foreach (var isa in SupportedIsas.All())
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var buffers = new BatchBuffers(grid.Units, Features);
                    sums.CopyTo(buffers.Sums, 0);
                    counts.CopyTo(buffers.Counts, 0);
                    var weights = new float[grid.Units * Features];
                    Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, threads);
                    string what = $"{kind} {topology} torus={torus} {width}x{height} σ={sigma} {isa} threads={threads}";
                    if (reference is null)
                    {
                        reference = [.. buffers.Numerators, .. buffers.Denominators];
                        // Factorised and direct sums are equal in exact arithmetic: a few double roundings of the
                        // magnitudes summed (Σ|h|·|S|) apart.
                        for (int i = 0; i < naiveNum.Length; i++)
                            Assert.True(Math.Abs(buffers.Numerators[i] - naiveNum[i]) <= 1e-13 * scale[i / Features] + 1e-300,
                                $"{what}: numerator {i}: {buffers.Numerators[i]:R}, naive {naiveNum[i]:R}");
                        for (int j = 0; j < naiveDen.Length; j++)
                            Assert.True(Math.Abs(buffers.Denominators[j] - naiveDen[j]) <= 1e-13 * scale[j] + 1e-300,
                                $"{what}: denominator {j}: {buffers.Denominators[j]:R}, naive {naiveDen[j]:R}");
                        continue;
                    }
                    double[] got = [.. buffers.Numerators, .. buffers.Denominators];
                    for (int i = 0; i < got.Length; i++)
                    {
                        Assert.True(BitConverter.DoubleToInt64Bits(got[i]) == BitConverter.DoubleToInt64Bits(reference[i]),
                            $"{what}: slot {i} is {got[i]:R}, the first instruction set and thread count gave {reference[i]:R}");
                    }
                }
            }
            // The case really exercises the cut where σ is small on a large map.
            if (sigma == 0.6 && width * height > 300) Assert.True(cut > 0, "no pair was cut");
        }
    }

    /// <summary>
    /// A map where the cut matters: unit 0 holds one sample at 0, a unit 9 columns away (beyond the Gaussian's
    /// R = 5.77·1.5 = 8.65; 10 for the mexican hat's 9.56) ten thousand samples. Without the cut unit 0 moves by about
    /// 10⁻³ (Gaussian: 9·10⁴·g/(1 + 10⁴·g) with g = exp(−81/4.5)); with it, it stays at 0. The engine must follow the cut (its weight equals the oracle's with the cut, not the one without),
    /// and every unit's change must stay within the contract's bound 2⁻²⁴·N_cut,j·max|x − w′_j| / |den_j|.
    /// </summary>
    [Theory]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Rectangular)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Rectangular)]
    [InlineData(NeighborhoodKind.Gaussian, Topology.Hexagonal)]
    [InlineData(NeighborhoodKind.MexicanHat, Topology.Hexagonal)]
    public void The_cut_changes_the_weights_by_at_most_the_stated_bound_and_the_engine_follows_it(NeighborhoodKind kind, Topology topology)
    {
        const int w = 31, crowd = 10_000;
        const double sigma = 1.5;
        int far = kind == NeighborhoodKind.Gaussian ? 9 : 10, height = topology == Topology.Hexagonal ? 2 : 1, m = w * height;
        var options = new SomOptions { Width = w, Height = height, Topology = topology, Neighborhood = kind, Epochs = 1 }.Validate();
        var oracle = new OracleGrid(options);
        // Codebook: unit k of the first row at k (the second row far away), so a sample at 0 picks unit 0 and one at
        // `far` unit `far`.
        var codebook = new float[m];
        for (int k = 0; k < m; k++) codebook[k] = k < w ? k : 100 + k;
        var x = new float[crowd + 1];
        for (int i = 1; i <= crowd; i++) x[i] = far;
        var data = new SampleMatrix(x, crowd + 1, 1);
        var bmu = new int[crowd + 1];
        for (int i = 1; i <= crowd; i++) bmu[i] = far;

        double[] xd = Array.ConvertAll(x, v => (double)v), wd = Array.ConvertAll(codebook, v => (double)v);
        var withCut = NaiveSom.BatchEpoch(xd, crowd + 1, 1, wd, bmu, oracle, kind, sigma, 0);
        var noCut = NaiveSom.BatchEpoch(xd, crowd + 1, 1, wd, bmu, oracle, kind, sigma, 0, cut: false);

        using var engine = new CpuEngine(options, 1);
        engine.SetWeights(codebook);
        engine.TrainBatchEpoch(data, sigma);
        var trained = new float[m];
        engine.GetWeights(trained);

        // Unit 0: the cut is visible far above float rounding, and the engine has it.
        Assert.Equal(0.0, withCut.Weights[0]);
        Assert.True(Math.Abs(noCut.Weights[0]) > 1e-4, $"without the cut unit 0 is at {noCut.Weights[0]:R}");
        Assert.Equal((float)withCut.Weights[0], trained[0]);
        for (int j = 0; j < m; j++)
        {
            double expected = withCut.Weights[j];
            Assert.True(Math.Abs(trained[j] - expected) <= 1e-6 * (1 + Math.Abs(expected)),
                $"unit {j}: engine {trained[j]:R}, oracle with the cut {expected:R}, without {noCut.Weights[j]:R}");
            if (!(withCut.Denominator[j] > 0) || !(noCut.Denominator[j] > 0)) continue;
            // The bound of docs/contract.md §3: the samples whose term was cut, each |h| < 2⁻²⁴.
            double cutSamples = 0, spread = 0;
            for (int i = 0; i <= crowd; i++)
            {
                if (NaiveSom.BatchH(oracle, j, bmu[i], kind, sigma, 0) != 0) continue;
                cutSamples++;
                spread = Math.Max(spread, Math.Abs(xd[i] - withCut.Weights[j]));
            }
            double bound = NaiveSom.Cutoff * cutSamples * spread / Math.Abs(noCut.Denominator[j]);
            double change = Math.Abs(withCut.Weights[j] - noCut.Weights[j]);
            Assert.True(change <= bound * (1 + 1e-9) + 1e-15, $"unit {j}: the cut moved it by {change:R}, the bound is {bound:R}");
        }
    }

    /// <summary>Seeded signed sums S_k (all +0 where C_k = 0) and integer counts, a third of them 0.</summary>
    private static (double[] Sums, double[] Counts) Accumulated(int units, ulong seed)
    {
        var rng = new Random((int)(seed % int.MaxValue));
        var sums = new double[units * Features];
        var counts = new double[units];
        for (int k = 0; k < units; k++)
        {
            counts[k] = rng.Next(3) == 0 ? 0 : rng.Next(1, 40);
            if (counts[k] == 0) continue;
            for (int f = 0; f < Features; f++) sums[k * Features + f] = (rng.NextDouble() - 0.3) * counts[k];
        }
        return (sums, counts);
    }

    /// <summary>num_j = Σ_k h·S_k and den_j = Σ_k h·C_k over every pair with the oracle's h, the scale Σ_k |h|·(|S_k| + C_k)
    /// per unit, and how many pairs the cut removed.</summary>
    private static (double[] Num, double[] Den, double[] Scale, int Cut) Naive(OracleGrid grid, NeighborhoodKind kind,
        double sigma, double[] sums, double[] counts)
    {
        int m = grid.Units, cut = 0;
        var num = new double[m * Features];
        var den = new double[m];
        var scale = new double[m];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < m; k++)
            {
                double h = NaiveSom.BatchH(grid, j, k, kind, sigma, 0);
                if (h == 0 && NaiveSom.BatchH(grid, j, k, kind, sigma, 0, cut: false) != 0) cut++;
                double magnitude = counts[k];
                for (int f = 0; f < Features; f++)
                {
                    num[j * Features + f] += h * sums[k * Features + f];
                    magnitude += Math.Abs(sums[k * Features + f]);
                }
                den[j] += h * counts[k];
                scale[j] += Math.Abs(h) * magnitude;
            }
        }
        return (num, den, scale, cut);
    }
}
