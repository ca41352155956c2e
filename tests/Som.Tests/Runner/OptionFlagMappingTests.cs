using System.CommandLine;
using System.Reflection;
using Som.Runner.Cli;
using Som.Runner.Commands;
using Som.Runner.Reporting;

namespace Som.Tests.Runner;

/// <summary>
/// Every option of the core has a flag on the command line, and a bad value given there comes back as one error
/// line naming that flag (the core names properties; the runner must translate every one).
/// </summary>
public class OptionFlagMappingTests
{
    /// <summary>For each settable property: a command line with a bad value for it, and the flag the error must name.</summary>
    private static readonly Dictionary<string, (string[] Args, string Flag)> BadValues = new()
    {
        [nameof(SomOptions.Width)] = (["--map", "4096x2048"], "--map"),
        [nameof(SomOptions.Height)] = (["--topology", "hex", "--toroidal", "--map", "4x3"], "--map"),
        [nameof(SomOptions.Topology)] = (["--topology", "square"], "--topology"),
        [nameof(SomOptions.Toroidal)] = (["--toroidal=sometimes"], "--toroidal"),
        [nameof(SomOptions.GridMetric)] = (["--topology", "hex", "--grid-metric", "chebyshev"], "--grid-metric"),
        [nameof(SomOptions.Neighborhood)] = (["--neighborhood", "cone"], "--neighborhood"),
        [nameof(SomOptions.CompactSupport)] = (["--compact-support", "-1"], "--compact-support"),
        [nameof(SomOptions.Mode)] = (["--mode", "stochastic"], "--mode"),
        [nameof(SomOptions.Epochs)] = (["--epochs", "0"], "--epochs"),
        [nameof(SomOptions.SigmaStart)] = (["--sigma-start", "0"], "--sigma-start"),
        [nameof(SomOptions.SigmaEnd)] = (["--sigma-end", "-1"], "--sigma-end"),
        [nameof(SomOptions.SigmaSchedule)] = (["--sigma-schedule", "cosine"], "--sigma-schedule"),
        [nameof(SomOptions.RateStart)] = (["--mode", "online", "--rate-start", "2"], "--rate-start"),
        [nameof(SomOptions.RateEnd)] = (["--mode", "online", "--rate-end", "0"], "--rate-end"),
        [nameof(SomOptions.RateSchedule)] = (["--rate-schedule", "step"], "--rate-schedule"),
        [nameof(SomOptions.Metric)] = (["--metric", "manhattan"], "--metric"),
        [nameof(SomOptions.Init)] = (["--init", "zeros"], "--init"),
        [nameof(SomOptions.Seed)] = (["--seed", "-1"], "--seed"),
        [nameof(SomOptions.Threads)] = (["--threads", "-1"], "--threads"),
        [nameof(SomOptions.Adjacency)] = (["--adjacency", "6"], "--adjacency"),
    };

    private static IEnumerable<PropertyInfo> SettableProperties() =>
        typeof(SomOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    public static TheoryData<string> Properties()
    {
        var data = new TheoryData<string>();
        foreach (var p in SettableProperties()) data.Add(p.Name);
        return data;
    }

    [Fact]
    public void The_property_list_is_what_the_options_type_has()
    {
        // Guards the theory below: a new option must get a flag, a bad-value case here, and a row in OptionFlags.
        Assert.Equal(BadValues.Keys.Order(), SettableProperties().Select(p => p.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void Every_option_has_a_train_flag_and_a_bad_value_names_it(string property)
    {
        Assert.True(OptionFlags.ByName.TryGetValue(property, out var spelling), $"no flag for {property}");
        var train = TrainCommand.Create(new CommandContext(new ProgressReporter(TextWriter.Null, false), TextWriter.Null));
        Assert.Contains(train.Options, o => o.Name == spelling.Flag);

        Assert.True(BadValues.TryGetValue(property, out var bad), $"no bad-value case for {property}");
        Assert.Equal(spelling.Flag, bad.Flag);
        var (exit, _, error) = RunnerHarness.Run(["train", "--data", "unused.csv", .. bad.Args]);
        Assert.Equal(2, exit);
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(bad.Flag, line);
        Assert.DoesNotContain(property + " is", line);
    }

    [Theory]
    [InlineData(nameof(SomOptions.SigmaStart), "-2", "--sigma-start: -2 is not allowed: expected a finite number > 0")]
    [InlineData(nameof(SomOptions.Width), "0", "--map: width 0 is not allowed: expected an integer ≥ 1")]
    [InlineData("KernelIsa", "Vector512", "--cpu-kernel: vector512 is not allowed: expected an instruction set")]
    [InlineData("KernelIsa", "Vector128", "--cpu-kernel: vector128 is not allowed: expected an instruction set")]
    [InlineData("device", "cuda", "--device: cuda is not allowed: expected a device")]
    [InlineData(nameof(SomOptions.Neighborhood), "MexicanHat", "--neighborhood: mexican-hat is not allowed")]
    public void Core_errors_are_spelt_with_flags_and_command_line_values(string name, string value, string expected)
    {
        var e = new SomOptionException(name, value, name == "device" ? "a device that is here" : name == "KernelIsa" ? "an instruction set this CPU has" : name == "Width" ? "an integer ≥ 1" : "a finite number > 0");
        Assert.StartsWith(expected, OptionFlags.Describe(e));
    }

    [Fact]
    public void An_unknown_name_keeps_the_core_message()
    {
        var e = new SomOptionException("Sigma", -1.0, "a finite number > 0");
        Assert.Equal("Sigma is -1: expected a finite number > 0", OptionFlags.Describe(e));
    }

    [Fact]
    public void Warnings_are_spelt_with_flags()
    {
        var options = new SomOptions { Width = 4, Height = 2, SigmaStart = 50 };
        string warning = Assert.Single(options.Warnings());
        Assert.StartsWith("--sigma-start 50 is larger than", OptionFlags.Describe(warning));
        Assert.Equal("something else", OptionFlags.Describe("something else"));
    }

    [Fact]
    public void Later_commands_plug_in_by_name()
    {
        var root = SomCommandLine.Build(new CommandContext(new ProgressReporter(TextWriter.Null, false), TextWriter.Null));
        Assert.Equal(["train", "evaluate", "map", "render", "devices", "bench", "kmeans", "cluster", "hclust", "quantize", "tune", "import", "mpi"], root.Subcommands.Select(c => c.Name));
        Assert.Equal(SomCommandLine.Commands.Count, root.Subcommands.Count);
    }
}
