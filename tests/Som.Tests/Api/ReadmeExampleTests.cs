using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Som.Tests.Api;

/// <summary>
/// The README's "Use it from C#" program, taken verbatim from README.md, compiles against the built Som.Cpu with no
/// diagnostics and, run as its own process, prints a QE that says the map fits the colours.
/// </summary>
public class ReadmeExampleTests
{
    /// <summary>The global usings the SDK gives a <c>dotnet new console</c> project (ImplicitUsings), which the README's program is written for.</summary>
    private const string ConsoleImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void Readme_example_compiles_runs_and_prints_a_good_fit()
    {
        string code = ReadmeSnippet.FromRepository();
        using var dir = new TempDirectory();
        string dll = Compile(code, dir.Path);
        var (exit, stdout, stderr) = Run(dll);
        Assert.True(exit == 0, $"the README example exited with {exit}: {stderr}");

        ReadmeSnippet.AssertGoodFit(stdout);
    }

    [Fact]
    public void Snippet_is_the_first_csharp_block_under_the_heading()
    {
        const string readme = "# X\n```csharp\nwrong();\n```\n## Use it from C#\ntext\n```csharp\nright();\n```\n```csharp\nlater();\n```\n";
        Assert.Equal("right();\n", ReadmeSnippet.Extract(readme));
        Assert.Throws<InvalidOperationException>(() => ReadmeSnippet.Extract("# no such heading\n"));
    }

    /// <summary>Compiles <paramref name="code"/> as a console program against the framework and Som.Cpu; any diagnostic fails.</summary>
    private static string Compile(string code, string folder)
    {
        string somCpu = typeof(SelfOrganizingMap).Assembly.Location;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(somCpu)
            .Select(p => MetadataReference.CreateFromFile(p));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, parse);
        var implicitUsings = CSharpSyntaxTree.ParseText(ConsoleImplicitUsings, parse);
        var compilation = CSharpCompilation.Create("ReadmeExample", [tree, implicitUsings], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        string dll = Path.Combine(folder, "ReadmeExample.dll");
        var result = compilation.Emit(dll);
        var diagnostics = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && diagnostics.Count == 0,
            "the README example does not compile cleanly:\n" + string.Join("\n", diagnostics));
        File.Copy(somCpu, Path.Combine(folder, Path.GetFileName(somCpu)));
        File.WriteAllText(Path.Combine(folder, "ReadmeExample.runtimeconfig.json"),
            $$"""{ "runtimeOptions": { "tfm": "net{{Environment.Version.Major}}.0", "framework": { "name": "Microsoft.NETCore.App", "version": "{{Environment.Version}}" } } }""");
        return dll;
    }

    private static (int Exit, string Stdout, string Stderr) Run(string dll)
    {
        // The host that runs this test: DOTNET_HOST_PATH under dotnet test, else the dotnet on the PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the README example ran for more than 120 s");
        }
        return (process.ExitCode, stdout, stderr.Result);
    }
}
