using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The row-major micro-kernels (<see cref="BmuSearch.RowKernel"/>, <see cref="BmuSearch.RowHalfKernel"/>), which read 12
/// consecutive sample rows where they lie, must give the bits of the packed scalar kernel on the same samples (the same
/// fused chains, docs/contract.md §5) on every instruction set: every row, every lane, 0 in the lanes past the 16 of the
/// half kernel. Each row gets its own values so that a row read from the wrong offset shows; maps whose last panel has
/// M mod 32 just below and above the 8, 16 and 32 edges must find the BMUs of a naive scan.
/// </summary>
public class RowMajorKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(127)]
    [InlineData(784)]
    public unsafe void Row_kernels_give_the_bits_of_the_packed_kernel(int d)
    {
        const int rows = DotKernels.Rows, lanes = DotKernels.Lanes;
        var rng = new SomRandom((ulong)d + 11);
        var values = new float[rows * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 0.5);
        var data = new SampleMatrix(values, rows, d);
        using var wp = new AlignedBuffer((long)lanes * d);
        for (long i = 0; i < wp.Length; i++) wp.Pointer[i] = (float)(rng.NextDouble() * 3 - 1);
        using var xp = new AlignedBuffer((long)rows * d);
        BmuSearch.PackRows(data, 0, rows, xp.Pointer);
        using var reference = new AlignedBuffer(rows * lanes);
        BmuSearch.Kernel(KernelIsa.Scalar)(xp.Pointer, wp.Pointer, d, reference.Pointer);

        foreach (var isa in SupportedIsas.All())
        {
            foreach (int width in new[] { lanes, DotKernels.HalfLanes })
            {
                using var tile = new AlignedBuffer(rows * lanes);
                tile.Span.Fill(float.NaN);   // every lane must be written
                var kernel = width == lanes ? BmuSearch.RowKernel(isa) : BmuSearch.RowHalfKernel(isa);
                fixed (float* x = values) kernel(x, wp.Pointer, d, tile.Pointer);
                for (int s = 0; s < rows; s++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        float expected = l >= width ? 0f : reference.Pointer[s * lanes + l];
                        float actual = tile.Pointer[s * lanes + l];
                        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                            $"{isa} 12x{width} rows kernel, D={d}: tile[{s},{l}] is {actual}, expected {expected}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 5, 100)]
    [InlineData(11, 31, 4)]
    [InlineData(13, 33, 100)]
    [InlineData(191, 7, 16)]
    [InlineData(193, 12, 33)]
    [InlineData(385, 1, 1)]
    public void Row_major_fused_pass_gives_the_bmus_and_distances_of_the_packed_search(int n, int d, int m)
    {
        // n straddles the 12-sample micro-rows and the 192-sample blocks: a last micro-row cut short is copied out.
        var data = TestData.Clusters(n, d, (ulong)(n + d));
        float[] weights = TestData.SampleCodebook(data, m, 5);
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load(weights);
            var bmu = new int[n];
            var dist = new float[n];
            using var packed = PackedSamples.For(data, null, 1, long.MaxValue);
            BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 1, bmu, null, dist, packed);
            foreach (int threads in new[] { 1, 2 })
            {
                var rowBmu = new int[n];
                var rowDist = new float[n];
                BmuSearch.SearchAndAccumulate(data, null, codebook, DistanceMetric.Euclidean, isa, threads, rowBmu, rowDist,
                    new double[m * d], new double[m]);
                Assert.True(bmu.SequenceEqual(rowBmu), $"{isa}, N={n} D={d} M={m}, {threads} threads: BMUs differ");
                Assert.True(TestData.Bits(dist).SequenceEqual(TestData.Bits(rowDist)), $"{isa}, N={n} D={d} M={m}, {threads} threads: distances differ");
            }
        }
    }

    [Theory]
    [InlineData(1, DistanceMetric.Euclidean)]
    [InlineData(4, DistanceMetric.Cosine)]
    [InlineData(7, DistanceMetric.Euclidean)]
    [InlineData(8, DistanceMetric.Euclidean)]
    [InlineData(9, DistanceMetric.Euclidean)]
    [InlineData(15, DistanceMetric.Euclidean)]
    [InlineData(16, DistanceMetric.Euclidean)]
    [InlineData(17, DistanceMetric.Cosine)]
    [InlineData(31, DistanceMetric.Euclidean)]
    [InlineData(32, DistanceMetric.Euclidean)]
    [InlineData(33, DistanceMetric.Euclidean)]
    [InlineData(40, DistanceMetric.Euclidean)]
    [InlineData(41, DistanceMetric.Euclidean)]
    [InlineData(100, DistanceMetric.Euclidean)]
    [InlineData(100, DistanceMetric.Cosine)]
    [InlineData(104, DistanceMetric.Euclidean)]
    [InlineData(105, DistanceMetric.Euclidean)]
    public void Row_major_maps_around_the_narrow_panel_edges_find_the_naive_bmus(int m, DistanceMetric metric)
    {
        const int n = 127, d = 31;
        var clusters = TestData.Clusters(n, d, (ulong)m + 100);
        float[] weights = TestData.SampleCodebook(clusters, m, 9);
        // Sample 5 is moved far from the others and the last unit, the last real lane of the last panel, put on it, so
        // that sample must find it (a kernel one lane too narrow loses it). Units m − 2 and m − 3 are copies of unit 0:
        // their ties must go to unit 0.
        float[] values = clusters.Values.ToArray();
        for (int f = 0; f < d; f++) values[5 * d + f] = 40f + f;
        var data = new SampleMatrix(values, n, d);
        if (m > 3) for (int f = 0; f < d; f++) weights[(m - 2) * d + f] = weights[(m - 3) * d + f] = weights[f];
        if (m > 1) for (int f = 0; f < d; f++) weights[(m - 1) * d + f] = 40f + f + 1e-3f;
        bool lastHit = false;
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load(weights);
            var first = new int[n];
            BmuSearch.SearchAndAccumulate(data, null, codebook, metric, isa, 2, first, null, new double[m * d], new double[m]);
            for (int i = 0; i < n; i++)
            {
                // The scan of the expanded distances in float, as the contract ranks them, lowest index on ties.
                var x = data.Row(i);
                float xx = data.SquaredNorms.Span[i];
                float best = float.PositiveInfinity;
                int expected = -1;
                for (int j = 0; j < m; j++)
                {
                    float dot = 0, ww = 0;
                    for (int f = 0; f < d; f++)
                    {
                        dot = MathF.FusedMultiplyAdd(x[f], weights[j * d + f], dot);
                        ww = MathF.FusedMultiplyAdd(weights[j * d + f], weights[j * d + f], ww);
                    }
                    float dist = metric == DistanceMetric.Euclidean
                        ? ExpandedDistance.Euclidean(dot, xx, ww)
                        : ExpandedDistance.Cosine(dot, ExpandedDistance.SampleTerm(metric, xx), ExpandedDistance.UnitCosineScale(ww));
                    if (dist < best)
                    {
                        best = dist;
                        expected = j;
                    }
                }
                Assert.True(expected == first[i], $"{isa}, M={m} {metric}: sample {i} has BMU {first[i]}, expected {expected}");
                lastHit |= expected == m - 1;
            }
        }
        Assert.True(lastHit, $"M={m}: no sample has the last unit as its BMU, so the last lane was not tested");
    }
}
