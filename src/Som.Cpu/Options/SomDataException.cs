namespace Som;

/// <summary>Input data that cannot be used: a corrupt or truncated file, wrong dimensions, NaN, no samples.</summary>
/// <remarks>
/// The message is one line naming the file or value and what was expected. Messages quote what a damaged file holds
/// (a name, a JSON parser's excerpt), so every line break in them becomes a space here, once for every reader.
/// </remarks>
public sealed class SomDataException : Exception
{
    /// <summary>Creates the error; line breaks in <paramref name="message"/> become spaces.</summary>
    public SomDataException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the error with the exception that revealed it; line breaks in <paramref name="message"/> become spaces.</summary>
    public SomDataException(string message, Exception inner) : base(OneLine(message), inner) { }

    private static string OneLine(string message) => message?.ReplaceLineEndings(" ") ?? "";
}
