using System.Text.RegularExpressions;
using Som.Cpu;

namespace Som.Runner.Cli;

/// <summary>
/// How the command line spells the core's options: maps the property an error or warning names
/// (<see cref="SomOptionException.OptionName"/>) to its flag, and adds the hints that only make sense here.
/// </summary>
internal static partial class OptionFlags
{
    /// <summary>The flag of each option the core can name, with a word for the part of the value it is about.</summary>
    public static readonly IReadOnlyDictionary<string, (string Flag, string? Part)> ByName =
        new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
        {
            [nameof(SomOptions.Width)] = ("--map", "width"),
            [nameof(SomOptions.Height)] = ("--map", "height"),
            [nameof(SomOptions.Topology)] = ("--topology", null),
            [nameof(SomOptions.Toroidal)] = ("--toroidal", null),
            [nameof(SomOptions.GridMetric)] = ("--grid-metric", null),
            [nameof(SomOptions.Neighborhood)] = ("--neighborhood", null),
            [nameof(SomOptions.CompactSupport)] = ("--compact-support", null),
            [nameof(SomOptions.Mode)] = ("--mode", null),
            [nameof(SomOptions.Epochs)] = ("--epochs", null),
            [nameof(SomOptions.SigmaStart)] = ("--sigma-start", null),
            [nameof(SomOptions.SigmaEnd)] = ("--sigma-end", null),
            [nameof(SomOptions.SigmaSchedule)] = ("--sigma-schedule", null),
            [nameof(SomOptions.RateStart)] = ("--rate-start", null),
            [nameof(SomOptions.RateEnd)] = ("--rate-end", null),
            [nameof(SomOptions.RateSchedule)] = ("--rate-schedule", null),
            [nameof(SomOptions.Metric)] = ("--metric", null),
            [nameof(SomOptions.Init)] = ("--init", null),
            [nameof(SomOptions.Seed)] = ("--seed", null),
            [nameof(SomOptions.Threads)] = ("--threads", null),
            [nameof(SomOptions.Adjacency)] = ("--adjacency", null),
            [nameof(KernelIsa)] = ("--cpu-kernel", null),
            // The GPU engine names the device by its parameter.
            ["device"] = ("--device", null),
        };

    /// <summary>
    /// The error line for <paramref name="e"/> in command-line terms: <c>--sigma-start: -2 is not allowed: expected …</c>.
    /// <paramref name="options"/>, when known, lets the line say how to fix a combination.
    /// </summary>
    public static string Describe(SomOptionException e, SomOptions? options = null)
    {
        if (!ByName.TryGetValue(e.OptionName, out var spelling)) return e.Message;
        string value = spelling.Part is null ? Spell(e.ValueText) : $"{spelling.Part} {e.ValueText}";
        string expected = MemberName().Replace(e.Expected, m => Spell(m.Value));
        string line = $"{spelling.Flag}: {value} is not allowed: expected {expected}";
        if (options?.Mode == TrainingMode.Batch && e.OptionName is nameof(SomOptions.RateStart) or nameof(SomOptions.RateEnd))
            line += "; use --mode online";
        return line;
    }

    /// <summary>A core warning with its leading property name replaced by the flag.</summary>
    public static string Describe(string warning)
    {
        int space = warning.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && ByName.TryGetValue(warning[..space], out var spelling)
            ? $"{spelling.Flag}{warning[space..]}"
            : warning;
    }

    /// <summary>The error line for a data error, with how to fetch a named data set that is missing.</summary>
    public static string Describe(SomDataException e) => e.Data[DataSource.MissingDataSetKey] switch
    {
        "fashion-mnist" => $"{e.Message}, or run data-scripts/get-fashion-mnist.sh",
        "mnist" => $"{e.Message}, or put the MNIST files in data/mnist",
        _ => e.Message,
    };

    // A capitalised word that may be an enum member the core names in what it expects ("Six (or Default)").
    [GeneratedRegex(@"\b[A-Z][a-z][A-Za-z0-9]*\b")]
    private static partial Regex MemberName();

    // An enum member the core prints (MexicanHat, Eight) in the spelling the command line accepts (mexican-hat, 8).
    private static string Spell(string value)
    {
        foreach (var names in OptionNames.All)
        {
            foreach (var (spelt, member) in names)
            {
                if (string.Equals(member, value, StringComparison.Ordinal)) return spelt;
            }
        }
        return value;
    }
}
