using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Som.Benchmarks;

/// <summary>The default BenchmarkDotNet setup plus the GFLOP/s, GB/s and "of peak" columns.</summary>
public class BenchConfig : ManualConfig
{
    /// <summary>How long the generated project's build may take.</summary>
    public static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(20);

    /// <summary>Adds <see cref="GflopsColumn"/>, <see cref="GbpsColumn"/> and <see cref="PeakColumn"/>; parameter columns wide enough for a stage case's name.</summary>
    public BenchConfig()
    {
        AddColumn(new GflopsColumn(), new GbpsColumn(), new PeakColumn());
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(32);
        // BenchmarkDotNet builds one generated project per run and kills that build after 2 minutes by default; on a
        // busy 2-core machine it took longer, and then every benchmark of the run failed with "Build Error".
        WithBuildTimeout(BuildLimit);
    }
}
