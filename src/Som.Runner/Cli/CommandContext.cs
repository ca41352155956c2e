using Som.Runner.Reporting;

namespace Som.Runner.Cli;

/// <summary>What every command's action writes to: progress and results (stdout) and warnings.</summary>
/// <param name="Progress">Status lines and epoch progress.</param>
/// <param name="Error">Where warnings go (stderr), so that results piped from stdout stay clean.</param>
internal sealed record CommandContext(ProgressReporter Progress, TextWriter Error)
{
    /// <summary>Prints each warning as one <c>warning: …</c> line.</summary>
    public void Warn(IEnumerable<string> warnings)
    {
        foreach (string warning in warnings) Error.WriteLine($"warning: {warning}");
    }
}
