using System.Text.RegularExpressions;
using Som.Runner.Cli;
using Som.Runner.Reporting;

namespace Som.Tests.Docs;

/// <summary>
/// Every <c>som …</c> command in the README's shell blocks parses: its command and every flag exist and every value
/// has the right form, so a newcomer copying one gets a run, not a usage error. The scripts the blocks call exist.
/// </summary>
public sealed partial class ReadmeCommandTests
{
    private const string DotnetRun = "dotnet run -c Release --project src/Som.Runner -- ";

    /// <summary>The command lines of the README's ```sh blocks, comments and the <c>setup.sh &amp;&amp;</c> prefix removed.</summary>
    private static List<string> ShellLines()
    {
        string readme = File.ReadAllText(Path.Combine(ReadmeSnippet.RepositoryRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = new List<string>();
        foreach (Match block in ShellBlock().Matches(readme))
        {
            foreach (string raw in block.Groups[1].Value.Split('\n'))
            {
                string line = Comment().Replace(raw, "").Trim();
                if (line.StartsWith("data-scripts/setup.sh && ", StringComparison.Ordinal)) line = line["data-scripts/setup.sh && ".Length..];
                if (line.Length > 0 && !line.StartsWith('#')) lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>The <c>som</c> arguments of each line that runs the runner (as <c>som</c> or through <c>dotnet run</c>).</summary>
    private static List<string[]> SomCommands() =>
        [.. ShellLines()
            .Select(l => l.StartsWith(DotnetRun, StringComparison.Ordinal) ? l[DotnetRun.Length..] : l.StartsWith("som ", StringComparison.Ordinal) ? l[4..] : null)
            .OfType<string>()
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    [Fact]
    public void Every_som_command_in_the_readme_parses()
    {
        var commands = SomCommands();
        Assert.True(commands.Count >= 15, $"only {commands.Count} som commands found in the README");
        foreach (var args in commands)
        {
            var root = SomCommandLine.Build(new CommandContext(new ProgressReporter(TextWriter.Null, false), TextWriter.Null));
            var parse = root.Parse(args);
            Assert.True(parse.Errors.Count == 0, $"som {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void The_readme_shows_evaluate_map_of_data_an_image_file_and_a_folder_and_resume()
    {
        var commands = SomCommands().Select(a => string.Join(' ', a)).ToList();
        Assert.Contains(commands, c => c.StartsWith("evaluate runs/fmnist/model.som --data fashion-mnist", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("map runs/fmnist/model.som --data ", StringComparison.Ordinal));
        Assert.Contains(commands, c => Regex.IsMatch(c, @"^map runs/fmnist/model\.som \S+\.png$"));
        Assert.Contains(commands, c => Regex.IsMatch(c, @"^map runs/fmnist/model\.som runs/fmnist-png( |$)"));
        Assert.Contains(commands, c => c.StartsWith("train ", StringComparison.Ordinal) && c.Contains("--resume ", StringComparison.Ordinal));
        // The first training command writes the model the others use.
        Assert.Contains("--out runs/fmnist", commands.First(c => c.StartsWith("train ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_scripts_the_readme_runs_exist()
    {
        var scripts = ShellLines().Where(l => l.StartsWith("data-scripts/", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Contains("data-scripts/fashion-mnist-to-png.sh", scripts);
        foreach (string script in scripts) Assert.True(File.Exists(Path.Combine(ReadmeSnippet.RepositoryRoot(), script)), $"{script} is not in the repository");
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex Comment();
}
