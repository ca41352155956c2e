using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The codebook's cached ‖w‖² (which decide BMUs but are not part of the codebook a run returns) after online
/// updates, which compute them fused into the update pass: on every instruction set they must have the bits of
/// the scalar recomputation from the updated weights.
/// </summary>
public class PanelNormTests
{
    [Theory]
    [InlineData(5, 7, 40, 33)]
    [InlineData(11, 3, 25, 1)]
    [InlineData(8, 8, 20, 100)]
    public void Online_updates_leave_norms_equal_to_a_fresh_scalar_recomputation(int width, int height, int samples, int features)
    {
        var options = new SomOptions { Width = width, Height = height, Mode = TrainingMode.Online, Epochs = 1 }.Validate();
        var data = TestData.Clusters(samples, features, (ulong)features);
        float[] init = TestData.UniformCodebook(options.Units, features, 9);
        var offsets = new OffsetTable(new MapGrid(options));
        int[] order = TestData.Permutation(samples, 4);
        int[]? reference = null;
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(options.Units, features, isa);
            codebook.Load(init);
            OnlineUpdater.Run(options, codebook, offsets, data, order, 0, samples, workers: 2);
            int[] cached = TestData.Bits(codebook.SquaredNorms);

            var weights = new float[options.Units * features];
            codebook.Store(weights);
            using var fresh = new PackedCodebook(options.Units, features, KernelIsa.Scalar);
            fresh.Load(weights);
            Assert.True(TestData.Bits(fresh.SquaredNorms).SequenceEqual(cached), $"{isa}: cached norms differ from the weights' norms");
            Assert.True(TestData.Bits(fresh.CosineScale).SequenceEqual(TestData.Bits(codebook.CosineScale)), $"{isa}: cached cosine scales differ from the scalar ones");
            Assert.True(TestData.Bits(fresh.CosineBias).SequenceEqual(TestData.Bits(codebook.CosineBias)), $"{isa}: cached cosine biases differ from the scalar ones");
            Assert.False(weights.SequenceEqual(init), "the online epoch did not move the codebook");
            reference ??= cached;
            Assert.True(reference.SequenceEqual(cached), $"{isa}: norms differ from {SupportedIsas.All()[0]}");
        }
    }

    [Theory]
    [InlineData(64, 3)]
    [InlineData(33, 17)]
    [InlineData(96, 1)]
    public void Cosine_scales_of_every_isa_have_the_scalar_bits_with_zero_units_and_padding(int units, int features)
    {
        float[] weights = TestData.UniformCodebook(units, features, 3);
        // Zero units (scale 0), a tiny and a huge one, in several panels.
        foreach (int j in new[] { 0, 17, 31, units - 1 }) Array.Clear(weights, j * features, features);
        weights[5 * features] = 1e-20f;
        weights[6 * features] = 1e19f;
        using var scalar = new PackedCodebook(units, features, KernelIsa.Scalar);
        scalar.Load(weights);
        Assert.Equal(0f, scalar.CosineScale[17]);
        Assert.True(scalar.CosineScale[1] < 0, "a non-zero unit has a negative scale");
        foreach (var isa in SupportedIsas.All())
        {
            using var codebook = new PackedCodebook(units, features, isa);
            codebook.Load(weights);
            Assert.True(TestData.Bits(scalar.CosineScale).SequenceEqual(TestData.Bits(codebook.CosineScale)), $"{isa}: cosine scales differ from scalar");
            Assert.True(TestData.Bits(scalar.CosineBias).SequenceEqual(TestData.Bits(codebook.CosineBias)), $"{isa}: cosine biases differ from scalar");
            Assert.True(TestData.Bits(scalar.SquaredNorms).SequenceEqual(TestData.Bits(codebook.SquaredNorms)), $"{isa}: norms differ from scalar");
        }
    }
}
