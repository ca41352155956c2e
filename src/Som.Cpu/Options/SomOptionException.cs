using System.Globalization;

namespace Som;

/// <summary>A training or evaluation option has a value that is not allowed.</summary>
/// <remarks>
/// The message is one line in library terms, naming the option as its property is named
/// (<c>SigmaStart is 0: expected a finite number &gt; 0</c>); a front end maps <see cref="OptionName"/> to its own
/// spelling of the option and may rebuild the line from <see cref="ValueText"/> and <see cref="Expected"/>.
/// </remarks>
public sealed class SomOptionException : ArgumentException
{
    /// <summary>Creates the error for the option <paramref name="optionName"/> set to <paramref name="value"/>.</summary>
    /// <param name="optionName">The property (or parameter) that holds the option, e.g. <c>nameof(SomOptions.SigmaStart)</c>.</param>
    /// <param name="value">The value that is not allowed.</param>
    /// <param name="expected">What is allowed, as a phrase that follows "expected".</param>
    public SomOptionException(string optionName, object? value, string expected)
        : base($"{optionName} is {Format(value)}: expected {expected}", optionName)
    {
        OptionName = optionName;
        ValueText = Format(value);
        Expected = expected;
    }

    /// <summary>The property or parameter holding the option, e.g. <c>SigmaStart</c> or <c>Width</c>.</summary>
    public string OptionName { get; }

    /// <summary>The bad value as the message prints it (doubles round-trip; a missing value is "(none)").</summary>
    public string ValueText { get; }

    /// <summary>What is allowed, as a phrase that follows "expected".</summary>
    public string Expected { get; }

    /// <summary>The message without the parameter suffix that <see cref="ArgumentException"/> appends.</summary>
    public override string Message => base.Message.Split(" (Parameter", 2)[0];

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "(none)",
    };
}
