using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Som.Benchmarks;

/// <summary>
/// GFLOP/s = FLOPs of one operation / mean time of one operation. FLOPs are the useful ones only:
/// 2 per lane per FMA for the peaks; 2·N·M·D for distance+BMU; StageCostModel's for the per-stage cases; for a batch epoch the same 2·N·M·D of its distance
/// stage (the other stages are not counted, so this is a lower bound on the epoch's rate).
/// </summary>
public class GflopsColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(GflopsColumn);
    /// <inheritdoc />
    public string ColumnName => "GFLOP/s";
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 0;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => "Useful FP32 FLOPs per second (distance FLOPs 2·N·M·D for distance+BMU and the epoch)";

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? flops = FlopsPerOperation(benchmarkCase);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (flops is null || meanNs is null or <= 0) return "-";
        return (flops.Value / meanNs.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <summary>FLOPs of one operation of <paramref name="benchmarkCase"/>, or null when not known.</summary>
    public static double? FlopsPerOperation(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var type = benchmarkCase.Descriptor.Type;
        var p = benchmarkCase.Parameters;
        if (type == typeof(FmaPeakBenchmark))
            return FmaPeakBenchmark.Flops((int)p[nameof(FmaPeakBenchmark.Threads)], FmaPeakBenchmark.Iterations, (int)p[nameof(FmaPeakBenchmark.Bits)]);
        if (type == typeof(DistanceBmuBenchmark)) return DistanceBmuBenchmark.FlopsPerOperation((int)p[nameof(DistanceBmuBenchmark.Side)]);
        if (type == typeof(BatchEpochBenchmark)) return BatchEpochBenchmark.DistanceFlops;
        if (type == typeof(StageBenchmark)) return StageCatalog.Named((string)p[nameof(StageBenchmark.Case)]).Cost.Flops;
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
