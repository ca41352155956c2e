using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Som.Benchmarks;

/// <summary>The default BenchmarkDotNet setup plus the GFLOP/s, GB/s and "of peak" columns.</summary>
public class BenchConfig : ManualConfig
{
    /// <summary>Adds <see cref="GflopsColumn"/>, <see cref="GbpsColumn"/> and <see cref="PeakColumn"/>; parameter columns wide enough for a stage case's name.</summary>
    public BenchConfig()
    {
        AddColumn(new GflopsColumn(), new GbpsColumn(), new PeakColumn());
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(32);
    }
}
