using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The row-major micro-kernels (<see cref="BmuSearch.RowKernel"/>, <see cref="BmuSearch.RowHalfKernel"/>), which read 12
/// consecutive sample rows where they lie, must give the bits of the packed scalar kernel on the same samples (the same
/// fused chains, docs/contract.md §5) on every instruction set: every row, every lane, 0 in lanes 16 … 31 of the half
/// kernel. Each row gets its own values so that a row read from the wrong offset shows.
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
            foreach (bool half in new[] { false, true })
            {
                using var tile = new AlignedBuffer(rows * lanes);
                tile.Span.Fill(float.NaN);   // every lane must be written
                var kernel = half ? BmuSearch.RowHalfKernel(isa) : BmuSearch.RowKernel(isa);
                fixed (float* x = values) kernel(x, wp.Pointer, d, tile.Pointer);
                for (int s = 0; s < rows; s++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        float expected = half && l >= DotKernels.HalfLanes ? 0f : reference.Pointer[s * lanes + l];
                        float actual = tile.Pointer[s * lanes + l];
                        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                            $"{isa} {(half ? "12x16" : "12x32")} rows kernel, D={d}: tile[{s},{l}] is {actual}, expected {expected}");
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
}
