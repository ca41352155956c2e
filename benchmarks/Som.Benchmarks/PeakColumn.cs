using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// "of peak" = the <see cref="GflopsColumn"/> rate over the FP32 FMA peak of the case's kernel width on as many
/// threads (halved for the double-precision stages on vector kernels, <see cref="StageCostModel.Peak"/>). The peak is
/// measured in the same run: by the host process, when the table is first printed, best of <see cref="PeakRuns"/>
/// runs of <see cref="FmaPeakBenchmark.Measure"/>. GPU cases show "-" (the CPU's FMA peak is not their ceiling).
/// </summary>
public class PeakColumn : IColumn
{
    /// <summary>Runs of the FMA chains per (width, threads); the best is the peak.</summary>
    public const int PeakRuns = 5;

    private static readonly ConcurrentDictionary<(int Bits, int Threads), double> Peaks = new();

    /// <inheritdoc />
    public string Id => nameof(PeakColumn);
    /// <inheritdoc />
    public string ColumnName => "of peak";
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 2;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => $"GFLOP/s over the FP32 FMA peak of the kernel's width on as many threads, measured by this process (best of {PeakRuns}); halved for double-precision stages";

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
        double? flops = GflopsColumn.FlopsPerOperation(benchmarkCase);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (flops is null || meanNs is null or <= 0 || Ceiling(benchmarkCase) is not { } c) return "-";
        double peak = Peaks.GetOrAdd((c.Bits, c.Threads), k => Measure(k.Bits, k.Threads));
        if (c.Stage is { } stage) peak = StageCostModel.Peak(stage, peak, c.Bits);
        return (flops.Value / meanNs.Value / peak).ToString("P1", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The vector width (512, 256, 128, 32 = scalar) and thread count whose FMA peak bounds <paramref name="benchmarkCase"/>,
    /// and the stage when its precision matters (<see cref="StageCostModel.Peak"/>); null for a GPU case or an unknown one.
    /// </summary>
    public static (int Bits, int Threads, Stage? Stage)? Ceiling(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var type = benchmarkCase.Descriptor.Type;
        var p = benchmarkCase.Parameters;
        int all = Environment.ProcessorCount;
        if (type == typeof(FmaPeakBenchmark))
            return ((int)p[nameof(FmaPeakBenchmark.Bits)], (int)p[nameof(FmaPeakBenchmark.Threads)], null);
        if (type == typeof(DistanceBmuBenchmark))
        {
            return benchmarkCase.Descriptor.WorkloadMethod.Name switch
            {
                nameof(DistanceBmuBenchmark.Vector512) => (512, all, null),
                nameof(DistanceBmuBenchmark.Vector256) => (256, all, null),
                nameof(DistanceBmuBenchmark.Vector128) => (128, all, null),
                nameof(DistanceBmuBenchmark.Scalar) => (32, all, null),
                _ => null,
            };
        }
        if (type == typeof(BatchEpochBenchmark)) return (BitsOf(KernelIsaSupport.Best), all, null);
        if (type == typeof(StageBenchmark))
        {
            var c = StageCatalog.Named((string)p[nameof(StageBenchmark.Case)]);
            if (StageRunner.IsGpu(c.Backend)) return null;
            return (BitsOf(StageRunner.IsaOf(c.Backend)), c.Stage == Stage.OnlineStep ? 1 : all, c.Stage);
        }
        return null;
    }

    private static int BitsOf(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector512 => 512,
        KernelIsa.Vector256 => 256,
        KernelIsa.Vector128 => 128,
        _ => 32,
    };

    private static double Measure(int bits, int threads)
    {
        FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations / 10, bits);
        double best = 0;
        for (int r = 0; r < PeakRuns; r++)
        {
            var (seconds, _) = FmaPeakBenchmark.Measure(threads, FmaPeakBenchmark.Iterations, bits);
            best = Math.Max(best, FmaPeakBenchmark.Flops(threads, FmaPeakBenchmark.Iterations, bits) / seconds / 1e9);
        }
        return best;
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
