using System.Diagnostics;

namespace Som.Tests;

/// <summary>Runs a program to completion with a time limit and returns its exit code and output.</summary>
internal static class ChildProcess
{
    /// <summary>The dotnet host running these tests (DOTNET_HOST_PATH under dotnet test), else the one on the PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.
    /// MSBuild's variables of the test run are removed, so a child <c>dotnet build</c> starts as a user's would.
    /// </summary>
    public static (int Exit, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments,
        string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        CleanEnvironment(info);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} ran for more than {limit.TotalSeconds:F0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Drops the test host's MSBuild/VSTest variables from a child's environment and quiets the dotnet CLI.</summary>
    internal static void CleanEnvironment(ProcessStartInfo info)
    {
        foreach (string key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                info.Environment.Remove(key);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
    }
}
