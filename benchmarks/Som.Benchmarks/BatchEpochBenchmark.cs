using BenchmarkDotNet.Attributes;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// One batch epoch (distance + BMU, accumulate, smoothing, divide) of a 32 × 32 map on all 70,000 Fashion-MNIST
/// images (<c>fashion-mnist:all</c>, pixels / 255), on all cores with the best kernel. The codebook is
/// PCA-initialised once; each operation then trains one more epoch at σ = <see cref="Sigma"/> (the smoothing's cost
/// hardly depends on σ: the Gaussian is separable and only exact zeros are skipped).
/// </summary>
[Config(typeof(BenchConfig))]
public class BatchEpochBenchmark
{
    /// <summary>Map side.</summary>
    public const int Side = 32;

    /// <summary>Neighbourhood radius of the timed epochs: the start of the default schedule, max(W, H) / 4.</summary>
    public const double Sigma = 8.0;

    /// <summary>FLOPs of the epoch's distance stage, 2·N·M·D.</summary>
    public static double DistanceFlops => 2.0 * SyntheticData.Samples * Side * Side * SyntheticData.Features;

    /// <summary>The data source: all 70,000 images, training then test.</summary>
    public const string Data = "fashion-mnist:all";

    private SampleMatrix _data = null!;
    private CpuEngine _engine = null!;

    /// <summary>Loads the images and initialises the codebook.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = DataSource.Resolve(Data).Train.Samples;
        _engine = new CpuEngine(new SomOptions { Width = Side, Height = Side }, _data.Features);
        SomTrainer.Initialize(_engine, _data);
    }

    /// <summary>Frees the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>One batch epoch.</summary>
    [Benchmark]
    public int Epoch() => _engine.TrainBatchEpoch(_data, Sigma).UnitsKept;
}
