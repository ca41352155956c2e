using BenchmarkDotNet.Running;
using Som.Benchmarks;

// Quick modes print the figures of RESULTS.md without BenchmarkDotNet's process-per-benchmark overhead;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *DistanceBmu*`).
switch (args.FirstOrDefault())
{
    case "peak":
        QuickReport.Header();
        QuickReport.Peak();
        QuickReport.Footer();
        break;
    case "stage":
        QuickReport.Header();
        QuickReport.Stage(QuickReport.Peak());
        QuickReport.Footer();
        break;
    case "ratio":
        QuickReport.Header();
        IsaRatioReport.Run(args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [32]);
        QuickReport.Footer();
        break;
    case "epoch":
        QuickReport.Header();
        QuickReport.Epoch();
        QuickReport.Footer();
        break;
    case "silhouette":
        QuickReport.Header();
        SilhouetteReport.Run(QuickReport.Peak(), args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [10_000, 70_000]);
        QuickReport.Footer();
        break;
    case "stages":
        StageBackend[] backends;
        try
        {
            backends = [.. args.Skip(1).Select(StageCatalog.Backend)];
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message.Split(" (Parameter")[0]}");   // one line, without .NET's parameter suffix
            return 2;
        }
        QuickReport.Header();
        StageReport.Run(QuickReport.Peak(), backends);
        QuickReport.Footer();
        break;
    case "small":
        QuickReport.Header();
        SmallMapReport.Run(QuickReport.Peak(), [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))]);
        QuickReport.Footer();
        break;
    case "small-ab":
        QuickReport.Header();
        SmallMapReport.RunAlternating(QuickReport.Peak(), [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))], 9);
        QuickReport.Footer();
        break;
    case "online":
        QuickReport.Header();
        OnlineReport.Run(QuickReport.Peak(), args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
        QuickReport.Footer();
        break;
    case "online-fill":
        OnlineFillReport.Run();
        break;
    case "online-epoch":
        QuickReport.Header();
        OnlineEpochReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
            [.. args.Skip(3).Select(a => Enum.Parse<Som.Cpu.KernelIsa>(a, ignoreCase: true))]);
        QuickReport.Footer();
        break;
    case "online-kernels":
        QuickReport.Header();
        OnlineKernelReport.Run();
        QuickReport.Footer();
        break;
    case "tsne":
        QuickReport.Header();
        TsneReport.Run(args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [32, 64]);
        QuickReport.Footer();
        break;
    case "smooth":
        QuickReport.Header();
        SmoothReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0,
            args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : double.PositiveInfinity);
        QuickReport.Footer();
        break;
    case "distributed":
        QuickReport.Header();
        DistributedReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
        QuickReport.Footer();
        break;
    case "scaling":
        return ScalingReport.Command([.. args.Skip(1)]);
    case "quick":
        QuickReport.Header();
        QuickReport.Stage(QuickReport.Peak());
        QuickReport.Epoch();
        QuickReport.Footer();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(FmaPeakBenchmark).Assembly).Run(args);
        break;
}
return 0;
