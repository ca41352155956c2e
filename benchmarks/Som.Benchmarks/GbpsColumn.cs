using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Som.Benchmarks;

/// <summary>GB/s = compulsory bytes of one operation (<see cref="StageCostModel"/>) / mean time, for <see cref="StageBenchmark"/>.</summary>
public class GbpsColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(GbpsColumn);
    /// <inheritdoc />
    public string ColumnName => "GB/s";
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 1;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => "Compulsory bytes (each input read once, each output written once) per second";

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (benchmarkCase.Descriptor.Type != typeof(StageBenchmark) || meanNs is null or <= 0) return "-";
        var c = StageCatalog.Named((string)benchmarkCase.Parameters[nameof(StageBenchmark.Case)]);
        return (c.Cost.Bytes / meanNs.Value).ToString("F2", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
