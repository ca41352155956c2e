using Som.Runner.Cli;
using Som.Runner.Reporting;

namespace Som.Tests.Runner;

/// <summary>Runs the <c>som</c> program in-process and captures what it prints.</summary>
internal static class RunnerHarness
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = App.Run(args, new ProgressReporter(output, interactive: false), error);
        return (exit, output.ToString(), error.ToString());
    }
}
