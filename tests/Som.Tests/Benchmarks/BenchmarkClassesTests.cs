using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using Som.Benchmarks;

namespace Som.Tests.Benchmarks;

/// <summary>
/// What `-- --filter '*' --job short` needs of every benchmark class, checked without running BenchmarkDotNet's
/// processes: each class converts into cases and passes BenchmarkDotNet's own validators (all but the one that runs
/// every case), each case has a FLOP model for the GFLOP/s column and, on the CPU, a peak for the "of peak" column;
/// and every per-stage case either runs one operation here or is skipped with its reason.
/// </summary>
public class BenchmarkClassesTests
{
    private static readonly Type[] Classes =
        [.. typeof(StageBenchmark).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))];

    [Fact]
    public void The_benchmark_classes_are_the_four_documented_ones()
    {
        Assert.Equal(["BatchEpochBenchmark", "DistanceBmuBenchmark", "FmaPeakBenchmark", "StageBenchmark"], Classes.Select(t => t.Name).Order());
    }

    [Fact]
    public void Every_class_converts_passes_the_validators_and_every_case_has_a_flop_model_and_a_peak()
    {
        foreach (var type in Classes)
        {
            var info = BenchmarkConverter.TypeToBenchmarks(type);
            Assert.True(info.BenchmarksCases.Length > 0, $"{type.Name}: no cases");
            // The generated project's build must not be cut at BenchmarkDotNet's default 2 minutes (a busy 2-core machine needs more).
            Assert.True(info.Config.BuildTimeout >= BenchConfig.BuildLimit, $"{type.Name}: build timeout {info.Config.BuildTimeout}");
            var parameters = new ValidationParameters(info.BenchmarksCases, info.Config);
            var errors = info.Config.GetValidators()
                .Where(v => v is not ExecutionValidator)
                .SelectMany(v => v.Validate(parameters))
                .Where(e => e.IsCritical)
                .Select(e => e.Message)
                .ToList();
            Assert.True(errors.Count == 0, $"{type.Name}: {string.Join("; ", errors)}");
            foreach (var c in info.BenchmarksCases)
            {
                double? flops = GflopsColumn.FlopsPerOperation(c);
                Assert.True(flops > 0, $"{c.DisplayInfo}: no FLOP model for the GFLOP/s column");
                bool gpu = type == typeof(StageBenchmark) && StageRunner.IsGpu(StageCatalog.Named((string)c.Parameters[nameof(StageBenchmark.Case)]).Backend);
                Assert.True(gpu == (PeakColumn.Ceiling(c) is null), $"{c.DisplayInfo}: {(gpu ? "a GPU case with" : "no")} CPU peak for the of-peak column");
            }
        }
    }

    [Fact]
    public void Every_stage_case_runs_one_operation_here_or_is_skipped_with_a_reason()
    {
        var runnable = StageBenchmark.Cases.ToHashSet();
        foreach (var c in StageCatalog.Quick)
        {
            string? skipped = StageRunner.SkipReason(c);
            Assert.True(runnable.Contains(c.ToString()) == (skipped is null), $"{c}: listed {runnable.Contains(c.ToString())}, skip reason {skipped}");
            if (skipped is not null)
            {
                Assert.False(string.IsNullOrWhiteSpace(skipped));
                continue;
            }
            var benchmark = new StageBenchmark { Case = c.ToString() };
            benchmark.Setup();
            try
            {
                benchmark.Operation();
                benchmark.Operation();
            }
            finally
            {
                benchmark.Cleanup();
            }
        }
        // ILGPU's CPU accelerator is always there: the GPU engine's resident and with-transfer stages run here.
        foreach (var stage in new[] { Stage.DistanceBmu, Stage.DistanceBmuTransfer, Stage.BatchEpoch, Stage.BatchEpochTransfer })
            Assert.Contains($"{stage}@{StageBackend.IlgpuCpu}", runnable);
        Assert.Contains("the CPU engine reads the samples where they are", StageRunner.SkipReason(StageCatalog.Named("DistanceBmuTransfer@CpuScalar")), StringComparison.Ordinal);
        Assert.Contains($"{Stage.BatchEpoch}@{StageBackend.CpuScalar}", runnable);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(32)]
    public void The_fma_chains_of_every_width_run_and_count_their_flops(int bits)
    {
        if (bits > 32 && !(bits == 512 ? System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)) return;
        var (seconds, checksum) = FmaPeakBenchmark.Measure(2, 1000, bits);
        Assert.True(seconds > 0 && float.IsFinite(checksum) && checksum > 0, $"{bits} bits: {seconds} s, checksum {checksum}");
        Assert.Equal(2.0 * 1000 * FmaPeakBenchmark.Chains * (bits / 32) * 2, FmaPeakBenchmark.Flops(2, 1000, bits));
    }
}
