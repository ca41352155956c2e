using BenchmarkDotNet.Attributes;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The fused distance + BMU stage (<see cref="CpuEngine.FindBmus"/>, first BMU only) of 70,000 × 784 seeded
/// samples in [0, 1) against a Side × Side map, per kernel instruction set, on all cores.
/// <para>The scalar kernel is an order of magnitude slower, so it runs on the first
/// <see cref="SamplesPerOperation"/> samples only; the vector kernels run on all 70,000 and count as
/// 70,000 / <see cref="SamplesPerOperation"/> operations. Every row of the table is therefore the time of
/// <see cref="SamplesPerOperation"/> samples, and Ratio compares like with like. FLOPs per operation:
/// 2·<see cref="SamplesPerOperation"/>·M·D.</para>
/// </summary>
[Config(typeof(BenchConfig))]
public class DistanceBmuBenchmark
{
    /// <summary>Samples in one benchmark operation.</summary>
    public const int SamplesPerOperation = 7_000;

    private const int VectorOperations = SyntheticData.Samples / SamplesPerOperation;

    private SampleMatrix _all = null!;
    private SampleMatrix _part = null!;
    private int[] _bmu = null!;
    private CpuEngine _vector512 = null!;
    private CpuEngine _vector256 = null!;
    private CpuEngine _vector128 = null!;
    private CpuEngine _scalar = null!;

    /// <summary>Map side: the map is Side × Side units.</summary>
    [Params(32, 64)]
    public int Side { get; set; }

    /// <summary>FLOPs of one operation on a <paramref name="side"/> × <paramref name="side"/> map.</summary>
    public static double FlopsPerOperation(int side) => 2.0 * SamplesPerOperation * side * side * SyntheticData.Features;

    /// <summary>Builds the data and the four engines once, with the same seeded codebook.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _all = SyntheticData.Matrix(SyntheticData.Samples, SyntheticData.Features, seed: 1);
        _part = _all.Take(SamplesPerOperation);
        _ = _all.SquaredNorms;
        _ = _part.SquaredNorms;
        _bmu = new int[SyntheticData.Samples];
        var options = new SomOptions { Width = Side, Height = Side };
        float[] weights = SyntheticData.Uniform(Side * Side, SyntheticData.Features, seed: 2);
        _vector512 = Engine(options, weights, KernelIsa.Vector512);
        _vector256 = Engine(options, weights, KernelIsa.Vector256);
        _vector128 = Engine(options, weights, KernelIsa.Vector128);
        _scalar = Engine(options, weights, KernelIsa.Scalar);
    }

    /// <summary>Frees the engines.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _vector512.Dispose();
        _vector256.Dispose();
        _vector128.Dispose();
        _scalar.Dispose();
    }

    /// <summary>AVX-512 kernel, all 70,000 samples.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = VectorOperations)]
    public int Vector512()
    {
        _vector512.FindBmus(_all, _bmu, default);
        return _bmu[^1];
    }

    /// <summary>AVX2 kernel, all 70,000 samples.</summary>
    [Benchmark(OperationsPerInvoke = VectorOperations)]
    public int Vector256()
    {
        _vector256.FindBmus(_all, _bmu, default);
        return _bmu[^1];
    }

    /// <summary>128-bit kernel (NEON, SSE with FMA), all 70,000 samples.</summary>
    [Benchmark(OperationsPerInvoke = VectorOperations)]
    public int Vector128()
    {
        _vector128.FindBmus(_all, _bmu, default);
        return _bmu[^1];
    }

    /// <summary>Scalar kernel, the first <see cref="SamplesPerOperation"/> samples.</summary>
    [Benchmark]
    public int Scalar()
    {
        _scalar.FindBmus(_part, _bmu.AsSpan(0, SamplesPerOperation), default);
        return _bmu[SamplesPerOperation - 1];
    }

    private static CpuEngine Engine(SomOptions options, float[] weights, KernelIsa isa)
    {
        var engine = new CpuEngine(options, SyntheticData.Features, isa);
        engine.SetWeights(weights);
        return engine;
    }
}
