using BenchmarkDotNet.Configs;

namespace Som.Benchmarks;

/// <summary>The default BenchmarkDotNet setup plus the GFLOP/s column.</summary>
public class BenchConfig : ManualConfig
{
    /// <summary>Adds <see cref="GflopsColumn"/>.</summary>
    public BenchConfig() => AddColumn(new GflopsColumn());
}
