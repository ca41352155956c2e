using Som.Runner.Commands;
using Som.Runner.Reporting;

namespace Som.Runner.Cli;

/// <summary>The command-line program: dispatches a command and turns bad input into one line and exit code 2.</summary>
internal static class App
{
    private const string Usage = """
        som — SomGpu, self-organizing maps on CPU and GPU

        usage: som train --data SPEC [options]     train, evaluate, write model.som + metrics.json
               som train --help                    all training options
               som devices                         the CPU engine and the ILGPU accelerators found here
               som bench --data SPEC [options]     time epochs and the distance stage per map size
                                                   (a GPU is cross-checked against the CPU engine first)
        """;

    /// <summary>Runs <paramref name="args"/>; returns the exit code (0 ok, 1 I/O failure, 2 bad input).</summary>
    public static int Run(string[] args, ProgressReporter progress, TextWriter error)
    {
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                progress.Line(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            return args[0] switch
            {
                "train" => TrainCommand.Run(args[1..], progress),
                "devices" => DevicesCommand.Run(progress),
                "bench" => BenchCommand.Run(args[1..], progress),
                _ => throw new UsageException($"unknown command '{args[0]}': expected train, devices or bench (see som --help)"),
            };
        }
        catch (Exception e) when (e is UsageException or SomOptionException or SomDataException)
        {
            progress.Flush();
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            progress.Flush();
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
