using BenchmarkDotNet.Configs;

namespace Som.Benchmarks;

/// <summary>The default BenchmarkDotNet setup plus the GFLOP/s and GB/s columns.</summary>
public class BenchConfig : ManualConfig
{
    /// <summary>Adds <see cref="GflopsColumn"/> and <see cref="GbpsColumn"/>.</summary>
    public BenchConfig() => AddColumn(new GflopsColumn(), new GbpsColumn());
}
