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
            Assert.False(weights.SequenceEqual(init), "the online epoch did not move the codebook");
            reference ??= cached;
            Assert.True(reference.SequenceEqual(cached), $"{isa}: norms differ from {SupportedIsas.All()[0]}");
        }
    }
}
