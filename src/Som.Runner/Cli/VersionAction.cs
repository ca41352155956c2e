using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Som.Runner.Cli;

/// <summary>
/// <c>som --version</c>: the runner's own version. The built-in action reads the entry assembly, which is the test
/// host when the program runs in-process.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The version of the <c>som</c> assembly, without the source revision suffix.</summary>
    public static string Version
    {
        get
        {
            var assembly = typeof(VersionAction).Assembly;
            string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        }
    }

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
