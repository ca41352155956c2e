namespace Som;

/// <summary>A training or evaluation option has a value that is not allowed.</summary>
/// <remarks>The message is one line naming the option, the bad value and what is allowed.</remarks>
public sealed class SomOptionException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="option"/> set to <paramref name="value"/>.</summary>
    public SomOptionException(string option, object? value, string expected)
        : base($"option '{option}' = {Format(value)} is not allowed: expected {expected}", option)
    {
        Option = option;
    }

    /// <summary>The option's name as the command line spells it (without dashes).</summary>
    public string Option { get; }

    /// <summary>The message without the parameter suffix that <see cref="ArgumentException"/> appends.</summary>
    public override string Message => base.Message.Split(" (Parameter", 2)[0];

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(none)",
    };
}
