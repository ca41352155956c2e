using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Som.Benchmarks;

/// <summary>The default BenchmarkDotNet setup plus the GFLOP/s and GB/s columns.</summary>
public class BenchConfig : ManualConfig
{
    /// <summary>Adds <see cref="GflopsColumn"/> and <see cref="GbpsColumn"/>; parameter columns wide enough for a stage case's name.</summary>
    public BenchConfig()
    {
        AddColumn(new GflopsColumn(), new GbpsColumn());
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(32);
    }
}
