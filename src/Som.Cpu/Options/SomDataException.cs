namespace Som;

/// <summary>Input data that cannot be used: a corrupt or truncated file, wrong dimensions, NaN, no samples.</summary>
/// <remarks>The message is one line naming the file or value and what was expected.</remarks>
public sealed class SomDataException : Exception
{
    /// <summary>Creates the error.</summary>
    public SomDataException(string message) : base(message) { }

    /// <summary>Creates the error with the exception that revealed it.</summary>
    public SomDataException(string message, Exception inner) : base(message, inner) { }
}
