namespace Som.Runner.Cli;

/// <summary>The command line is wrong: an unknown option, a missing or malformed value.</summary>
internal sealed class UsageException(string message) : Exception(message);
