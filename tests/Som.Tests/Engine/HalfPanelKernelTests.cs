using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The 12 × 16 kernels that run the last panel of a map whose M mod 32 is 1 … 16 must give, for the panel's first 16
/// units, the bits of the 32-wide kernel of every instruction set (the same fused chains, docs/contract.md §5), and 0 in
/// the other lanes; and maps whose last panel takes them must find the BMUs a scan of the 32-wide kernel finds.
/// </summary>
public class HalfPanelKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(784)]
    public unsafe void Half_kernel_gives_the_full_kernels_first_16_lanes(int d)
    {
        var rng = new SomRandom((ulong)d);
        using var xp = new AlignedBuffer((long)DotKernels.Rows * d);
        using var wp = new AlignedBuffer((long)DotKernels.Lanes * d);
        for (long i = 0; i < xp.Length; i++) xp.Pointer[i] = (float)(rng.NextDouble() * 2 - 0.5);
        for (long i = 0; i < wp.Length; i++) wp.Pointer[i] = (float)(rng.NextDouble() * 3 - 1);
        using var reference = new AlignedBuffer(DotKernels.Rows * DotKernels.Lanes);
        BmuSearch.Kernel(KernelIsa.Scalar)(xp.Pointer, wp.Pointer, d, reference.Pointer);
        foreach (var isa in SupportedIsas.All())
        {
            using var full = new AlignedBuffer(DotKernels.Rows * DotKernels.Lanes);
            using var half = new AlignedBuffer(DotKernels.Rows * DotKernels.Lanes);
            half.Span.Fill(float.NaN);   // lanes the half kernel must overwrite with 0
            BmuSearch.Kernel(isa)(xp.Pointer, wp.Pointer, d, full.Pointer);
            var kernel = BmuSearch.HalfKernel(isa);
            Assert.True(kernel != null, $"{isa} has no half kernel");
            kernel(xp.Pointer, wp.Pointer, d, half.Pointer);
            for (int s = 0; s < DotKernels.Rows; s++)
            {
                for (int l = 0; l < DotKernels.Lanes; l++)
                {
                    float expected = l < DotKernels.HalfLanes ? reference.Pointer[s * DotKernels.Lanes + l] : 0f;
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(half.Pointer[s * DotKernels.Lanes + l]),
                        $"{isa}, D={d}: tile[{s},{l}] is {half.Pointer[s * DotKernels.Lanes + l]}, expected {expected}");
                    Assert.Equal(BitConverter.SingleToInt32Bits(reference.Pointer[s * DotKernels.Lanes + l]), BitConverter.SingleToInt32Bits(full.Pointer[s * DotKernels.Lanes + l]));
                }
            }
        }
    }

    [Theory]
    [InlineData(1, DistanceMetric.Euclidean)]
    [InlineData(4, DistanceMetric.Cosine)]
    [InlineData(16, DistanceMetric.Euclidean)]
    [InlineData(17, DistanceMetric.Euclidean)]
    [InlineData(100, DistanceMetric.Euclidean)]
    [InlineData(100, DistanceMetric.Cosine)]
    [InlineData(113, DistanceMetric.Euclidean)]
    public void Maps_whose_last_panel_is_half_empty_find_the_naive_bmus(int m, DistanceMetric metric)
    {
        const int n = 127, d = 31;
        var data = TestData.Clusters(n, d, (ulong)m);
        float[] weights = TestData.SampleCodebook(data, m, 3);
        // Units m − 1 and m − 2 are copies of unit 0: their ties must go to unit 0.
        if (m > 2) for (int f = 0; f < d; f++) weights[(m - 1) * d + f] = weights[(m - 2) * d + f] = weights[f];
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load(weights);
            var first = new int[n];
            var second = new int[n];
            var only = new int[n];
            BmuSearch.Search(data, codebook, metric, isa, 2, first, second);
            BmuSearch.Search(data, codebook, metric, isa, 2, only, null);
            Assert.Equal(first, only);
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
                Assert.NotEqual(first[i], second[i]);
            }
        }
    }
}
