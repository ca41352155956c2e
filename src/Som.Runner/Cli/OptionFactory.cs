using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Som.Runner.Cli;

/// <summary>
/// Builds options whose errors name the flag and the bad value in one line, with lower-case value names in help
/// and completions for the choices. Values left out are null, so the core's defaults apply.
/// </summary>
internal static class OptionFactory
{
    /// <summary>A text option.</summary>
    public static Option<string?> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { HelpName = helpName, Description = description, Required = required };

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int?> Int(string name, string helpName, string description, int min = int.MinValue, int max = int.MaxValue) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = Single(r);
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                    return Fail<int?>(r, $"{name}: '{v}' is not an integer");
                if (n < min || n > max) return Fail<int?>(r, $"{name}: {n} is out of range: expected {min}…{max}");
                return n;
            },
        };

    /// <summary>An unsigned 64-bit option.</summary>
    public static Option<ulong?> UInt64(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = Single(r);
                return ulong.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong n)
                    ? n
                    : Fail<ulong?>(r, $"{name}: '{v}' is not a non-negative integer");
            },
        };

    /// <summary>A finite number (the core checks the range, so its rule is stated once).</summary>
    public static Option<double?> Double(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = Single(r);
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                    ? d
                    : Fail<double?>(r, $"{name}: '{v}' is not a finite number");
            },
        };

    /// <summary>One of the named <paramref name="choices"/> (case-insensitive); help shows <paramref name="helpName"/>.</summary>
    public static Option<T?> Choice<T>(string name, string helpName, string description, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var option = new Option<T?>(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = Single(r);
                return choices.TryGetValue(v.ToLowerInvariant(), out var value)
                    ? value
                    : Fail<T?>(r, $"{name}: '{v}' is not one of {string.Join(", ", choices.Keys)}");
            },
        };
        Complete(option, choices.Keys);
        return option;
    }

    /// <summary>One of the names in <paramref name="choices"/> (case-insensitive), returned in lower case.</summary>
    public static Option<string?> Choice(string name, string helpName, string description, IReadOnlyList<string> choices)
    {
        var option = new Option<string?>(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = Single(r).ToLowerInvariant();
                return choices.Contains(v) ? v : Fail<string?>(r, $"{name}: '{Single(r)}' is not one of {string.Join(", ", choices)}");
            },
        };
        Complete(option, choices);
        return option;
    }

    private static void Complete(Option option, IEnumerable<string> names)
    {
        // An enum-typed option would offer the C# member names; offer the spellings the parser accepts instead.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(names.ToArray());
    }

    private static string Single(ArgumentResult r) => r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;

    private static T? Fail<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default;
    }
}
