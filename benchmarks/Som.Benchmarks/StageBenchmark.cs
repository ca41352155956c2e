using BenchmarkDotNet.Attributes;

namespace Som.Benchmarks;

/// <summary>
/// Every case of <see cref="StageCatalog.Quick"/> under BenchmarkDotNet (<c>--filter *StageBenchmark* --job short</c>),
/// with the GFLOP/s and GB/s columns of <see cref="StageCostModel"/>. Only the cases this machine can run are
/// benchmarked; the quick run (<c>-- stages</c>) lists the others with the reason.
/// </summary>
[Config(typeof(BenchConfig))]
public class StageBenchmark
{
    private StageRunner _runner = null!;

    /// <summary>The case, by name (stage@backend, as <see cref="StageCase.ToString"/>): one of <see cref="StageCatalog.Quick"/>.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = StageCatalog.Quick[0].ToString();

    /// <summary>The names (strings, so BenchmarkDotNet shows them whole) of the cases this machine can run; the quick run lists the others with the reason.</summary>
    public static IEnumerable<string> Cases => StageCatalog.Quick.Where(c => StageRunner.SkipReason(c) is null).Select(c => c.ToString());

    /// <summary>Builds the case's data and engine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _runner = StageRunner.Prepare(StageCatalog.Named(Case));
        if (_runner.Run is null) throw new InvalidOperationException($"{Case} cannot run here: {_runner.Skipped}");
    }

    /// <summary>Frees the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    /// <summary>One operation of the case.</summary>
    [Benchmark]
    public void Operation() => _runner.Run!.Invoke();
}
