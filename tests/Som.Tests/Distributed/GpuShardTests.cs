using Som.Gpu;
using Som.Tests.Gpu;
using Som.Tests.Oracle;

namespace Som.Tests.Distributed;

/// <summary>
/// Several ILGPU accelerators in one process (docs/contract.md §16): two ILGPU CPU accelerators, one engine and shard
/// each, give the bits of one accelerator holding all the samples, and of the CPU engine's distributed run.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuShardTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(Topology.Rectangular, NeighborhoodKind.Gaussian, InitMethod.Pca)]
    [InlineData(Topology.Hexagonal, NeighborhoodKind.Bubble, InitMethod.Samples)]
    public void Two_cpu_accelerators_give_the_bits_of_one(Topology topology, NeighborhoodKind kind, InitMethod init)
    {
        var options = new SomOptions { Width = 5, Height = 4, Topology = topology, Neighborhood = kind, Init = init, Epochs = 3, SigmaStart = 2, Seed = 3 };
        var data = TestData.Clusters(67, 6, 12);
        int[] labels = ShardedRun.Labels(67, 3, 1);
        using var second = GpuAccelerators.Open(GpuAccelerators.IlgpuCpu, assertions: true);
        GpuAccelerator[] devices = [fixture.Device, second];
        var two = ShardedRun.Train(options, data, [33, 34], labels, r => new GpuEngine(devices[r], options, data.Features));
        var one = ShardedRun.Train(options, data, [67], labels, _ => new GpuEngine(fixture.Device, options, data.Features));
        var cpu = ShardedRun.Train(options, data, [33, 34], labels);
        foreach (var rank in two)
        {
            Assert.True(TestData.Bits(rank.Weights).SequenceEqual(TestData.Bits(one[0].Weights)), "two accelerators differ from one");
            Assert.Equal(one[0].EpochQe, rank.EpochQe);
            Assert.Equal(one[0].Evaluation.Hits, rank.Evaluation.Hits);
            Assert.Equal(one[0].Evaluation.QuantizationError, rank.Evaluation.QuantizationError);
            Assert.Equal(one[0].Evaluation.TrainAccuracy, rank.Evaluation.TrainAccuracy);
            // On this accelerator the GPU engine's batch epochs have the CPU engine's bits (docs/contract.md §11).
            Assert.True(TestData.Bits(rank.Weights).SequenceEqual(TestData.Bits(cpu[0].Weights)), "the GPU shards differ from the CPU shards");
        }
        Assert.False(TestData.Bits(one[0].Weights).SequenceEqual(TestData.Bits(one[0].Initial)), "training left the codebook unchanged");
    }
}
