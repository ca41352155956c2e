using Som.Cpu;
using Som.Gpu;
using Som.Tests.Engine;

namespace Som.Tests.Gpu;

/// <summary>
/// The GPU engine's per-epoch QE (docs/contract.md §10) on ILGPU's CPU accelerator, resident or streamed in chunks:
/// within the stated per-sample bound of the QE measured in double on the codebook entering the epoch, and so within
/// twice that bound of the CPU engine's (the CPU engine fuses the dot product's multiply-adds, this accelerator does
/// not, so the last bits differ; the BMUs and the batch weights still agree). Under the cosine metric there is none.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuEpochQuantizationErrorTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(7, 5, Topology.Rectangular, 127, 33, 0)]
    [InlineData(11, 3, Topology.Hexagonal, 33, 17, 7)]   // dense smoothing, streamed in 5 chunks
    [InlineData(1, 1, Topology.Rectangular, 31, 1, 0)]
    [InlineData(3, 4, Topology.Rectangular, 3, 784, 2)]
    public void Gpu_epoch_qe_equals_the_cpu_engines_bits(int width, int height, Topology topology, int samples, int features, int chunk)
    {
        var options = new SomOptions { Width = width, Height = height, Topology = topology, Epochs = 3 };
        var data = GpuTestData.Samples(samples, features, DistanceMetric.Euclidean, (ulong)(samples + features));
        var initial = GpuTestData.Codebook(options.Units, features, DistanceMetric.Euclidean, 5);
        using var cpu = new CpuEngine(options, features);
        using var gpu = new GpuEngine(fixture.Device, options, features, chunkSamples: chunk);
        cpu.SetWeights(initial);
        gpu.SetWeights(initial);
        var w = new float[options.Units * features];
        for (int e = 0; e < options.Epochs; e++)
        {
            gpu.GetWeights(w);
            var (exact, bound) = EpochQuantizationErrorTests.NaiveQe(data, w);
            double sigma = SomTrainer.BatchSigma(options, e);
            double expected = cpu.TrainBatchEpoch(data, sigma).QuantizationError!.Value;
            double actual = gpu.TrainBatchEpoch(data, sigma).QuantizationError!.Value;
            string where = $"{width}x{height}, N = {samples}, D = {features}, chunk {chunk}, epoch {e}: GPU {actual:R}, CPU {expected:R}, double {exact:R}, bound {bound:E2}";
            Assert.True(Math.Abs(actual - exact) <= bound, where);
            Assert.True(Math.Abs(actual - expected) <= 2 * bound, where);
        }
    }

    [Fact]
    public void Cosine_batch_epochs_record_no_qe_on_the_gpu()
    {
        var options = new SomOptions { Width = 4, Height = 3, Epochs = 1, Metric = DistanceMetric.Cosine };
        var data = GpuTestData.Samples(20, 5, DistanceMetric.Cosine, 1);
        using var gpu = new GpuEngine(fixture.Device, options, 5);
        gpu.SetWeights(GpuTestData.Codebook(options.Units, 5, DistanceMetric.Cosine, 1));
        Assert.Null(gpu.TrainBatchEpoch(data, 1.0).QuantizationError);
    }
}
