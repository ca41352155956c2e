using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The batch epoch's fused pass (<see cref="BmuSearch.SearchAndAccumulate"/>: search, then each block's sums while it
/// is in cache) and the samples packed once (<see cref="PackedSamples"/>) must give the bits of the separate search and
/// sums: BMUs and distances of <see cref="BmuSearch.Search"/>, and S, C as a plain sequential loop in double adds them
/// (every S_k[f] over i in increasing order, docs/contract.md §6), whatever the thread count and instruction set.
/// Sizes straddle the 12-sample micro-rows and the 192-sample blocks.
/// </summary>
public class FusedBatchPassTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        // samples, features, units
        { 1, 784, 100 },
        { 31, 17, 7 },
        { 33, 33, 33 },
        { 127, 5, 100 },
        { 193, 3, 1 },
        { 1027, 31, 65 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Fused_pass_gives_the_bits_of_the_search_and_of_a_sequential_sum(int n, int d, int m)
    {
        var data = TestData.Clusters(n, d, (ulong)(n * 31 + d));
        float[] weights = TestData.SampleCodebook(data, m, (ulong)m);
        var naiveSums = new double[m * d];
        var naiveCounts = new double[m];
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load(weights);
            var bmu = new int[n];
            var dist = new float[n];
            BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 1, bmu, null, dist);
            Naive(data, bmu, naiveSums, naiveCounts);
            using var packed = PackedSamples.For(data, null, 2, long.MaxValue);
            Assert.NotNull(packed);
            foreach (var samples in new[] { null, packed })
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    string name = $"{isa}, N={n} D={d} M={m}, {threads} threads, {(samples is null ? "packing per block" : "packed once")}";
                    var fusedBmu = new int[n];
                    var fusedDist = new float[n];
                    var sums = new double[m * d];
                    var counts = new double[m];
                    sums.AsSpan().Fill(double.NaN);   // the pass must clear what it is handed
                    BmuSearch.SearchAndAccumulate(data, samples, codebook, DistanceMetric.Euclidean, isa, threads, fusedBmu, fusedDist, sums, counts);
                    Assert.True(bmu.SequenceEqual(fusedBmu), $"{name}: BMUs differ");
                    Assert.True(TestData.Bits(dist).SequenceEqual(TestData.Bits(fusedDist)), $"{name}: distances differ");
                    Assert.True(Bits(naiveSums).SequenceEqual(Bits(sums)), $"{name}: sums differ from the sequential sum");
                    Assert.Equal(naiveCounts, counts);
                    var searched = new int[n];
                    BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, threads, searched, null, null, samples);
                    Assert.True(bmu.SequenceEqual(searched), $"{name}: the search differs");
                }
            }
        }
    }

    [Fact]
    public void Ties_go_to_the_lowest_unit_in_the_fused_pass()
    {
        // Every unit is the same vector and every sample the same too: all distances tie, so unit 0 takes all 200 samples
        // (more than one block) and S_0 is the sample times 200.
        const int n = 200, d = 19, m = 40;
        var row = Enumerable.Range(0, d).Select(f => 0.25f * f).ToArray();
        var data = new SampleMatrix([.. Enumerable.Range(0, n).SelectMany(_ => row)], n, d);
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load([.. Enumerable.Range(0, m).SelectMany(_ => row.Select(v => v + 1))]);
            using var packed = PackedSamples.For(data, null, 2, long.MaxValue);
            var bmu = new int[n];
            var sums = new double[m * d];
            var counts = new double[m];
            BmuSearch.SearchAndAccumulate(data, packed, codebook, DistanceMetric.Euclidean, isa, 2, bmu, null, sums, counts);
            Assert.All(bmu, b => Assert.Equal(0, b));
            Assert.Equal(n, counts[0]);
            Assert.Equal(0, counts.Skip(1).Sum());
            for (int f = 0; f < d; f++) Assert.Equal(n * (double)row[f], sums[f]);
        }
    }

    [Theory]
    [InlineData(1, 784)]
    [InlineData(31, 17)]
    [InlineData(33, 1)]
    [InlineData(127, 12)]
    [InlineData(1027, 33)]
    public unsafe void Packed_once_is_the_per_block_packing(int n, int d)
    {
        var data = TestData.Clusters(n, d, (ulong)n);
        using var packed = PackedSamples.For(data, null, 3, long.MaxValue);
        Assert.NotNull(packed);
        Assert.Equal((n + BmuSearch.BlockRows - 1) / BmuSearch.BlockRows, packed.Blocks);
        using var block = new AlignedBuffer((long)BmuSearch.BlockRows * d);
        for (int b = 0; b < packed.Blocks; b++)
        {
            int r0 = b * BmuSearch.BlockRows, rows = Math.Min(BmuSearch.BlockRows, n - r0);
            block.Span.Clear();
            BmuSearch.PackRows(data, r0, rows, block.Pointer);
            long used = (rows + DotKernels.Rows - 1) / DotKernels.Rows * DotKernels.Rows * (long)d;
            Assert.True(new ReadOnlySpan<float>(block.Pointer, (int)used).SequenceEqual(new ReadOnlySpan<float>(packed.Block(b), (int)used)),
                $"block {b} of N={n} D={d} differs");
        }
    }

    [Fact]
    public void The_packing_is_kept_for_the_same_matrix_and_redone_for_another()
    {
        var a = TestData.Clusters(130, 9, 1);
        var b = TestData.Clusters(130, 9, 2);
        using var first = PackedSamples.For(a, null, 2, long.MaxValue);
        Assert.Same(first, PackedSamples.For(a, first, 2, long.MaxValue));
        Assert.True(first!.IsFor(a));
        Assert.False(first.IsFor(b));
        // An equal copy is another instance: packed afresh, not trusted to be the same.
        var copy = new SampleMatrix(a.Values, a.Count, a.Features);
        using var again = PackedSamples.For(copy, PackedSamples.For(a, null, 1, long.MaxValue), 1, long.MaxValue);
        Assert.True(again!.IsFor(copy));
        Assert.False(again.IsFor(a));
        Assert.Throws<ArgumentException>(() => BmuSearch.Search(b, new PackedCodebook(2, 9, KernelIsa.Scalar), DistanceMetric.Euclidean,
            KernelIsa.Scalar, 1, new int[130], null, null, first));
    }

    [Fact]
    public void The_packing_is_made_only_when_it_is_a_quarter_of_the_memory_or_less()
    {
        var data = TestData.Clusters(200, 10, 3);
        long bytes = PackedSamples.Floats(data) * sizeof(float);
        Assert.Equal(2L * BmuSearch.BlockRows * 10, PackedSamples.Floats(data));
        Assert.True(PackedSamples.Fits(data, 4 * bytes));
        Assert.False(PackedSamples.Fits(data, 4 * bytes - 1));
        Assert.Null(PackedSamples.For(data, null, 1, 4 * bytes - 1));
        using var packed = PackedSamples.For(data, null, 1, 4 * bytes);
        Assert.NotNull(packed);
    }

    [Theory]
    [InlineData(10, 10, 127, 33, true)]
    [InlineData(10, 10, 127, 33, false)]
    [InlineData(7, 5, 1027, 17, true)]
    [InlineData(7, 5, 1027, 17, false)]
    [InlineData(1, 1, 31, 5, true)]
    public void Engine_epochs_with_the_packing_kept_equal_epochs_without_it(int w, int h, int n, int d, bool fused)
    {
        var options = new SomOptions { Width = w, Height = h, Threads = 2 };
        var a = TestData.Clusters(n, d, 5);
        var b = TestData.Clusters(n, d, 6);
        float[] init = TestData.UniformCodebook(options.Units, d, 7);

        // Reference: an engine that never keeps a packed copy, with the other sums path, trained on a, a, b, a.
        using var plain = new CpuEngine(options with { Threads = 1 }, d) { PackMemoryBytes = 0, FusedSumsMaxBytes = fused ? 0 : long.MaxValue };
        plain.SetWeights(init);
        var expected = new List<(int[] Weights, double? Qe)>();
        foreach (var data in new[] { a, a, b, a })
        {
            var qe = plain.TrainBatchEpoch(data, 1.5).QuantizationError;
            Assert.False(plain.HoldsPacked(data));
            expected.Add((Weights(plain), qe));
        }

        using var cached = new CpuEngine(options, d) { FusedSumsMaxBytes = fused ? long.MaxValue : 0 };
        cached.SetWeights(init);
        int epoch = 0;
        foreach (var data in new[] { a, a, b, a })
        {
            var qe = cached.TrainBatchEpoch(data, 1.5).QuantizationError;
            // The fused pass reads the samples where they lie and keeps no packed copy; the unfused search keeps one.
            Assert.True(cached.HoldsPacked(data) == !fused, $"epoch {epoch}: the engine should {(fused ? "hold no" : "hold the")} packing of its data");
            Assert.False(cached.HoldsPacked(data == a ? b : a), $"epoch {epoch}: the other matrix's packing should be gone");
            Assert.True(expected[epoch].Weights.SequenceEqual(Weights(cached)), $"epoch {epoch}: weights differ");
            Assert.Equal(expected[epoch].Qe, qe);
            epoch++;
        }

        // A search of other data uses no packing of its own and keeps the training data's.
        var bmu = new int[n];
        cached.FindBmus(b, bmu, default);
        Assert.True(cached.HoldsPacked(a) == !fused);
        var reference = new int[n];
        plain.FindBmus(b, reference, default);
        Assert.Equal(reference, bmu);
    }

    private static int[] Weights(CpuEngine engine)
    {
        var w = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(w);
        return TestData.Bits(w);
    }

    /// <summary>The contract's sums as written: S_k[f] += x_i[f] for i = 0 … N−1 in order, in double.</summary>
    private static void Naive(SampleMatrix data, int[] bmu, double[] sums, double[] counts)
    {
        Array.Clear(sums);
        Array.Clear(counts);
        int d = data.Features;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            counts[bmu[i]]++;
            for (int f = 0; f < d; f++) sums[bmu[i] * d + f] += x[f];
        }
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
