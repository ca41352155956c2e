using System.Text.RegularExpressions;

namespace Som.Tests.Runner;

/// <summary>Generated help, <c>--version</c> and completions: exit 0 and the names scripts rely on.</summary>
public partial class HelpAndVersionTests
{
    /// <summary>Every flag of <c>som train</c> that scripts use; the spelling must not change.</summary>
    public static readonly string[] TrainFlags =
    [
        "--data", "--limit", "--test-limit", "--map", "--topology", "--toroidal", "--grid-metric", "--mode", "--epochs",
        "--neighborhood", "--compact-support", "--sigma-start", "--sigma-end", "--sigma-schedule", "--rate-start", "--rate-end",
        "--rate-schedule", "--metric", "--init", "--seed", "--threads", "--adjacency", "--device", "--cpu-kernel", "--out",
    ];

    [Fact]
    public void Root_help_lists_every_command()
    {
        var (exit, output, error) = RunnerHarness.Run("--help");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        foreach (string command in new[] { "train", "devices", "bench", "--version", "--help" }) Assert.Contains(command, output);
    }

    [Fact]
    public void Train_help_lists_every_flag_with_lower_case_value_names_and_defaults()
    {
        var (exit, output, error) = RunnerHarness.Run("train", "--help");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        foreach (string flag in TrainFlags) Assert.Matches($@"(?m)^\s+{Regex.Escape(flag)}\b", output);
        Assert.Contains("--map <wxh>", output);
        Assert.Contains("--topology <rect|hex>", output);
        Assert.Contains("--neighborhood <gaussian|bubble|mexican-hat|triangle>", output);
        Assert.Contains("--adjacency <default|8|4|6>", output);
        Assert.Contains("--device <cpu|auto|ilgpu-cpu|opencl|cuda|kind:i,j|kind:all>", output);
        Assert.Contains("--cpu-kernel <auto|vector512|vector256|vector128|scalar>", output);
        Assert.Contains("--out <dir>", output);
        Assert.Contains("passes over the data (default 10)", output);
        Assert.Contains("output folder (default runs/latest)", output);
        Assert.DoesNotMatch(UpperCaseValueName(), output);
    }

    [Fact]
    public void Bench_help_lists_its_options()
    {
        var (exit, output, _) = RunnerHarness.Run("bench", "--help");
        Assert.Equal(0, exit);
        foreach (string flag in new[] { "--data", "--device", "--maps", "--repeat", "--limit", "--check-limit", "--peak-gflops", "--threads", "--out" })
            Assert.Matches($@"(?m)^\s+{Regex.Escape(flag)}\b", output);
        Assert.Contains("(default 32x32,64x64,100x100,128x128)", output);
    }

    [Fact]
    public void Version_prints_the_runner_version()
    {
        var (exit, output, error) = RunnerHarness.Run("--version");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        string expected = typeof(Som.Runner.Cli.App).Assembly.GetName().Version!.ToString(3);
        Assert.Equal(expected, output.Trim());
    }

    [Theory]
    [InlineData("train --topology ", "hex", "Rectangular")]
    [InlineData("train --neighborhood ", "mexican-hat", "MexicanHat")]
    [InlineData("train --cpu-kernel ", "vector512", "Vector512")]
    [InlineData("train --cpu-kernel ", "vector128", "Vector128")]
    [InlineData("train --device ", "ilgpu-cpu", "--epochs")]
    [InlineData("train --sig", "--sigma-start", "--epochs")]
    [InlineData("tr", "train", "bench")]
    public void Suggest_directive_offers_the_accepted_spellings(string line, string offered, string notOffered)
    {
        var (exit, output, _) = RunnerHarness.Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, exit);
        var items = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(offered, items);
        Assert.DoesNotContain(notOffered, items);
    }

    // A value name in help such as <TOPOLOGY> or <Int32> rather than the lower-case ones set.
    [GeneratedRegex(@"--[a-z-]+ <[^>]*[A-Z][^>]*>")]
    private static partial Regex UpperCaseValueName();
}
