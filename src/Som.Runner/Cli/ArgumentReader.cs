using System.Globalization;

namespace Som.Runner.Cli;

/// <summary>
/// Reads <c>--name value</c> and <c>--flag</c> arguments. Each option may appear once; every argument must be
/// consumed, so a misspelt option is an error rather than silently ignored.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public ArgumentReader(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}': expected an option such as --data");
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= args.Count) throw new UsageException($"--{name} needs a value");
                value = args[++i];
            }
            if (!_values.TryAdd(name, value)) throw new UsageException($"--{name} is given twice");
        }
    }

    /// <summary>Whether <c>--name</c> was given.</summary>
    public bool Has(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    /// <summary>The value of <c>--name</c>, or null.</summary>
    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>A flag: present (or <c>=true</c>) means true.</summary>
    public bool Flag(string name)
    {
        string? v = String(name);
        if (!_values.ContainsKey(name)) return false;
        return v switch
        {
            null or "true" => true,
            "false" => false,
            _ => throw new UsageException($"--{name}: '{v}' is not true or false"),
        };
    }

    /// <summary>An integer option within [min, max].</summary>
    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        string? v = String(name);
        if (v is null) return null;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            throw new UsageException($"--{name}: '{v}' is not an integer");
        if (n < min || n > max)
            throw new UsageException($"--{name}: {n} is out of range: expected {min}…{max}");
        return n;
    }

    /// <summary>An unsigned 64-bit option.</summary>
    public ulong? UInt64(string name)
    {
        string? v = String(name);
        if (v is null) return null;
        if (!ulong.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong n))
            throw new UsageException($"--{name}: '{v}' is not a non-negative integer");
        return n;
    }

    /// <summary>A finite number.</summary>
    public double? Double(string name)
    {
        string? v = String(name);
        if (v is null) return null;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
            throw new UsageException($"--{name}: '{v}' is not a finite number");
        return d;
    }

    /// <summary>One of the named choices (case-insensitive).</summary>
    public T? Choice<T>(string name, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        string? v = String(name);
        if (v is null) return null;
        if (choices.TryGetValue(v.ToLowerInvariant(), out var value)) return value;
        throw new UsageException($"--{name}: '{v}' is not one of {string.Join(", ", choices.Keys)}");
    }

    /// <summary>Throws for any option no one asked about.</summary>
    public void EnsureAllUsed(string command)
    {
        foreach (string name in _values.Keys)
        {
            if (!_used.Contains(name)) throw new UsageException($"unknown option --{name} for '{command}' (see 'som {command} --help')");
        }
    }
}
