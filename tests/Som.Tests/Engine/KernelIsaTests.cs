using System.Runtime.Intrinsics;
using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The four distance kernels (AVX-512, AVX2, 128-bit, scalar) form every dot product as the same fused chain, so BMUs and
/// batch codebooks must be bit-identical whichever one runs. Shapes straddle the kernel's edges: 12-sample
/// micro-rows (6-sample sub-tiles), 192-sample blocks, 32-unit panels, 16-, 8- and 4-lane vectors.
/// </summary>
public class KernelIsaTests
{
    private static KernelIsa[] Available() => SupportedIsas.All();

    public static TheoryData<int, int, int, int, DistanceMetric> Shapes() => new()
    {
        // width, height, samples, features, metric
        { 11, 3, 400, 784, DistanceMetric.Euclidean },
        { 11, 3, 400, 784, DistanceMetric.Cosine },
        { 127, 1, 31, 17, DistanceMetric.Euclidean },
        { 1, 1, 13, 1, DistanceMetric.Euclidean },
        { 8, 4, 12, 3, DistanceMetric.Cosine },
        { 7, 5, 193, 33, DistanceMetric.Euclidean },
        { 16, 4, 385, 2, DistanceMetric.Cosine },
        { 31, 1, 33, 1027, DistanceMetric.Euclidean },
        { 33, 1, 127, 31, DistanceMetric.Cosine },
        { 1, 1027, 7, 3, DistanceMetric.Euclidean },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bmus_and_batch_weights_are_bit_identical_across_isas(int w, int h, int n, int d, DistanceMetric metric)
    {
        var options = new SomOptions { Width = w, Height = h, Metric = metric, Neighborhood = NeighborhoodKind.Gaussian };
        var data = TestData.Clusters(n, d, (ulong)(n + d));
        float[] init = TestData.UniformCodebook(options.Units, d, (ulong)w);
        (int[] First, int[] Second, int[] Only, int[] Bits)? reference = null;
        foreach (var isa in Available())
        {
            using var engine = new CpuEngine(options, d, isa);
            Assert.Equal(isa, engine.Isa);
            engine.SetWeights(init);
            var first = new int[n];
            var second = new int[n];
            var only = new int[n];
            engine.FindBmus(data, first, second);
            engine.FindBmus(data, only, default);
            Assert.Equal(first, only);
            engine.TrainBatchEpoch(data, 2.0);
            engine.TrainBatchEpoch(data, 1.0);
            var weights = new float[options.Units * d];
            engine.GetWeights(weights);
            var result = (first, second, only, TestData.Bits(weights));
            if (reference is { } r)
            {
                string name = $"{isa} vs {KernelIsa.Scalar}, {w}x{h} N={n} D={d} {metric}";
                Assert.True(r.First.SequenceEqual(first), $"{name}: BMUs differ");
                Assert.True(r.Second.SequenceEqual(second), $"{name}: second BMUs differ");
                Assert.True(r.Bits.SequenceEqual(result.Item4), $"{name}: batch weights differ");
            }
            reference ??= result;
        }
        Assert.NotNull(reference);
    }

    [Fact]
    public void Auto_picks_the_widest_available()
    {
        var expected = Vector512.IsHardwareAccelerated ? KernelIsa.Vector512
            : Vector256.IsHardwareAccelerated ? KernelIsa.Vector256
            : SupportedIsas.Vector128Fused ? KernelIsa.Vector128 : KernelIsa.Scalar;
        Assert.Equal(expected, KernelIsaSupport.Resolve(KernelIsa.Auto));
        using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 2 }, 3);
        Assert.Equal(expected, engine.Isa);
        Assert.Contains(KernelIsaSupport.Describe(expected), engine.DeviceName);
    }

    [Fact]
    public void A_missing_instruction_set_is_an_option_error()
    {
        // Each branch asserts something: where the instruction set is absent (DOTNET_EnableAVX512=0,
        // DOTNET_EnableHWIntrinsic=0 or an older CPU) the request must be refused, naming the setting.
        foreach (var (isa, accelerated) in new[]
        {
            (KernelIsa.Vector512, Vector512.IsHardwareAccelerated), (KernelIsa.Vector256, Vector256.IsHardwareAccelerated),
            (KernelIsa.Vector128, SupportedIsas.Vector128Fused),
        })
        {
            if (accelerated)
            {
                Assert.Equal(isa, KernelIsaSupport.Resolve(isa));
                using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 2 }, 3, isa);
                Assert.Equal(isa, engine.Isa);
            }
            else
            {
                var ex = Assert.Throws<SomOptionException>(() => KernelIsaSupport.Resolve(isa));
                Assert.Equal(nameof(KernelIsa), ex.OptionName);
                Assert.Contains(isa.ToString(), ex.Message);
                Assert.Contains("Scalar", ex.Message);
                Assert.Throws<SomOptionException>(() => new CpuEngine(new SomOptions { Width = 2, Height = 2 }, 3, isa));
            }
        }
        Assert.Equal(KernelIsa.Scalar, KernelIsaSupport.Resolve(KernelIsa.Scalar));
    }

    [Fact]
    public void An_undefined_instruction_set_is_an_option_error()
    {
        var ex = Assert.Throws<SomOptionException>(() => KernelIsaSupport.Resolve((KernelIsa)99));
        Assert.Equal(nameof(KernelIsa), ex.OptionName);
        Assert.Contains("Vector128", ex.Message);
    }

    [Fact]
    public unsafe void The_distance_epilogue_has_the_scalar_bits_for_nan_infinities_and_signed_zeros()
    {
        // One panel of dot products with the awkward values at every lane position (so each vector width sees them in
        // every lane), against unit norms and cosine scales that include 0, ∞ and the padding of a 33-unit codebook.
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e30f, -1e30f, 1.5f, float.Epsilon];
        const int lanes = DotKernels.Lanes;
        using var codebook = new PackedCodebook(33, 2, KernelIsa.Scalar);
        for (int j = 0; j < 33; j++)
        {
            codebook.SquaredNorms[j] = specials[(j * 5 + 1) % specials.Length] is var v && v >= 0 ? v : -v;
            codebook.CosineScale[j] = -specials[(j * 7 + 2) % specials.Length];
        }
        using var dots = new AlignedBuffer(lanes);
        using var dist = new AlignedBuffer(lanes);
        using var expected = new AlignedBuffer(lanes);
        foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Cosine })
        {
            foreach (float term in new[] { 0f, 2f, float.PositiveInfinity, float.NaN })
            {
                for (int shift = 0; shift < specials.Length; shift++)
                {
                    for (int l = 0; l < lanes; l++) dots.Pointer[l] = specials[(l + shift) % specials.Length];
                    for (int p = 0; p < 2; p++)
                    {
                        BmuSearch.Distances(dots.Pointer, term, codebook, p, metric, KernelIsa.Scalar, expected.Pointer);
                        foreach (var isa in Available())
                        {
                            BmuSearch.Distances(dots.Pointer, term, codebook, p, metric, isa, dist.Pointer);
                            for (int l = 0; l < lanes; l++)
                            {
                                Assert.True(BitConverter.SingleToInt32Bits(expected.Pointer[l]) == BitConverter.SingleToInt32Bits(dist.Pointer[l]),
                                    $"{isa} {metric} term {term} panel {p} lane {l}: {dist.Pointer[l]} vs scalar {expected.Pointer[l]}");
                            }
                        }
                    }
                }
            }
        }
    }
}
