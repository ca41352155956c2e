using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// Whole runs (initialisation included) on every instruction set this machine runs, in this process: batch,
/// online and PCA-initialised runs must give bit-identical codebooks. Shapes are odd on purpose: sample counts
/// off the 12/192 blocking, D = 1 (no 16-wide block at all), 33 (one block and a tail), 784 (Fashion-MNIST).
/// </summary>
public class IsaReproducibilityTests
{
    public static TheoryData<TrainingMode, InitMethod, Topology, DistanceMetric, int, int, int, int> Runs() => new()
    {
        // mode, init, topology, metric, width, height, samples, features
        { TrainingMode.Batch, InitMethod.Pca, Topology.Rectangular, DistanceMetric.Euclidean, 7, 5, 31, 33 },
        { TrainingMode.Batch, InitMethod.Pca, Topology.Hexagonal, DistanceMetric.Cosine, 6, 6, 397, 784 },
        { TrainingMode.Batch, InitMethod.Random, Topology.Hexagonal, DistanceMetric.Euclidean, 9, 4, 211, 1 },
        { TrainingMode.Batch, InitMethod.Samples, Topology.Rectangular, DistanceMetric.Cosine, 11, 3, 193, 17 },
        { TrainingMode.Online, InitMethod.Pca, Topology.Rectangular, DistanceMetric.Euclidean, 5, 7, 31, 784 },
        { TrainingMode.Online, InitMethod.Pca, Topology.Hexagonal, DistanceMetric.Cosine, 8, 5, 67, 33 },
        { TrainingMode.Online, InitMethod.Samples, Topology.Rectangular, DistanceMetric.Euclidean, 3, 3, 45, 1 },
        { TrainingMode.Online, InitMethod.Random, Topology.Hexagonal, DistanceMetric.Euclidean, 13, 3, 101, 35 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Every_isa_gives_the_same_codebook_bits(TrainingMode mode, InitMethod init, Topology topology,
        DistanceMetric metric, int width, int height, int samples, int features)
    {
        var options = new SomOptions
        {
            Width = width, Height = height, Topology = topology, Metric = metric, Mode = mode, Init = init,
            Epochs = mode == TrainingMode.Online ? 2 : 4, Seed = (ulong)(samples * 7 + features),
        };
        var data = TestData.Clusters(samples, features, (ulong)(samples + features));
        var isas = SupportedIsas.All();
        var initial = new List<int[]>();
        var trained = new List<int[]>();
        foreach (var isa in isas)
        {
            using var engine = new CpuEngine(options, features, isa);
            Assert.Equal(isa, engine.Isa);
            SomTrainer.Initialize(engine, data);
            initial.Add(Weights(engine));
            SomTrainer.Train(engine, data);
            trained.Add(Weights(engine));
        }
        for (int k = 1; k < isas.Length; k++)
        {
            Assert.True(initial[0].SequenceEqual(initial[k]), $"{init} initial codebook: {isas[k]} differs from {isas[0]}");
            Assert.True(trained[0].SequenceEqual(trained[k]), $"{mode} codebook: {isas[k]} differs from {isas[0]}");
        }
        // Training must have moved the codebook, or equal bits would say nothing about the training loops.
        Assert.False(initial[0].SequenceEqual(trained[0]), "training left the codebook unchanged");
    }

    [Fact]
    public void Pca_initialisation_gives_the_same_bits_on_every_isa()
    {
        var data = TestData.Clusters(1500, 97, 5);
        var reference = TestData.Bits(Initializer.Create(new SomOptions { Width = 6, Height = 4 }, data, KernelIsa.Scalar));
        foreach (var isa in SupportedIsas.All())
        {
            var bits = TestData.Bits(Initializer.Create(new SomOptions { Width = 6, Height = 4 }, data, isa));
            Assert.True(reference.SequenceEqual(bits), $"PCA initialisation on {isa} differs from scalar");
        }
    }

    private static int[] Weights(CpuEngine engine)
    {
        var w = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(w);
        return TestData.Bits(w);
    }
}
