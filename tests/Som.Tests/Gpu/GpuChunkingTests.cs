using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>
/// Streaming the samples in chunks (as for data larger than the device) gives the same bits as keeping them resident:
/// every S_k adds its samples in increasing index whatever the chunking, and BMUs depend on one sample each. Also:
/// the same run twice gives the same bits, and 300 samples cross a 256-sample ranking block.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuChunkingTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(Topology.Rectangular, 300, 64)] // separable smoothing, 5 chunks, the first crossing a ranking block
    [InlineData(Topology.Hexagonal, 33, 7)]     // separable smoothing on hexagonal rows, 5 chunks of 7
    public void Batch_epochs_in_chunks_match_resident_data_bit_for_bit(Topology topology, int samples, int chunk)
    {
        var options = new SomOptions { Width = 11, Height = 3, Topology = topology, Epochs = 2, SigmaStart = 1.5 };
        var data = GpuTestData.Samples(samples, 5, DistanceMetric.Euclidean, 11);
        var initial = GpuTestData.Codebook(options.Units, 5, DistanceMetric.Euclidean, 11);
        using var resident = new GpuEngine(fixture.Device, options, 5);
        using var streamed = new GpuEngine(fixture.Device, options, 5, chunkSamples: chunk);
        using var again = new GpuEngine(fixture.Device, options, 5);
        using var cpu = new CpuEngine(options, 5);
        Assert.Equal(chunk, streamed.ChunkFor(samples));
        Assert.Equal(samples, resident.ChunkFor(samples));
        foreach (var engine in new ISomEngine[] { resident, streamed, again, cpu }) engine.SetWeights(initial);
        for (int e = 0; e < options.Epochs; e++)
        {
            double sigma = SomTrainer.BatchSigma(options, e);
            foreach (var engine in new ISomEngine[] { resident, streamed, again, cpu }) engine.TrainBatchEpoch(data, sigma);
            var expected = Weights(resident);
            Assert.Equal(expected, Weights(streamed));
            Assert.Equal(expected, Weights(again));
            var reference = Weights(cpu);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - reference[i]) <= 1e-5 + 1e-5 * Math.Abs(reference[i]));
        }
        var (first, second) = Bmus(resident, data);
        var (chunkedFirst, chunkedSecond) = Bmus(streamed, data);
        Assert.Equal(first, chunkedFirst);
        Assert.Equal(second, chunkedSecond);
    }

    [Fact]
    public void Online_epoch_with_streamed_samples_matches_resident_data_bit_for_bit()
    {
        var options = new SomOptions { Width = 5, Height = 4, Mode = TrainingMode.Online, Epochs = 1, SigmaStart = 2 };
        var data = GpuTestData.Samples(9, 6, DistanceMetric.Euclidean, 5);
        var initial = GpuTestData.Codebook(options.Units, 6, DistanceMetric.Euclidean, 5);
        using var resident = new GpuEngine(fixture.Device, options, 6);
        using var streamed = new GpuEngine(fixture.Device, options, 6, chunkSamples: 4);
        resident.SetWeights(initial);
        streamed.SetWeights(initial);
        int[] order = [3, 8, 0, 5, 1, 7, 2, 6, 4];
        resident.TrainOnlineEpoch(data, order, 0, order.Length);
        streamed.TrainOnlineEpoch(data, order, 0, order.Length);
        Assert.Equal(Weights(resident), Weights(streamed));
    }

    private static float[] Weights(ISomEngine engine)
    {
        var w = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(w);
        return w;
    }

    private static (int[] First, int[] Second) Bmus(ISomEngine engine, SampleMatrix data)
    {
        int[] first = new int[data.Count], second = new int[data.Count];
        engine.FindBmus(data, first, second);
        return (first, second);
    }
}
