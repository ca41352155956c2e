using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Som.Runner.Reporting;

namespace Som.Runner.Cli;

/// <summary>The command-line program: parses, runs a command, and turns bad input into one line and exit code 2.</summary>
internal static class App
{
    /// <summary>Runs <paramref name="args"/>; returns the exit code (0 ok, 1 I/O failure, 2 bad input).</summary>
    public static int Run(string[] args, ProgressReporter progress, TextWriter error)
    {
        var context = new CommandContext(progress, error);
        var parse = SomCommandLine.Build(context).Parse(args);
        if (parse.Action is ParseErrorAction shown) shown.ShowHelp = false;
        // The library's error action prints each error on a line of its own and the typo hint on stdout; a usage
        // error here is one line on stderr, so the errors are reported below rather than by invoking that action.
        if (parse.Errors.Count > 0)
        {
            progress.Flush();
            error.WriteLine($"error: {ParseErrorLine(parse, args)}");
            return 2;
        }
        try
        {
            // Exceptions reach the handlers below rather than the library's stack-trace printer.
            return parse.Invoke(new InvocationConfiguration { Output = progress.Output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or SomOptionException or SomDataException)
        {
            progress.Flush();
            string line = e switch
            {
                SomOptionException o => OptionFlags.Describe(o),
                SomDataException d => OptionFlags.Describe(d),
                _ => e.Message,
            };
            error.WriteLine($"error: {line}");
            return 2;
        }
        catch (IOException e)
        {
            progress.Flush();
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// One line for a command line that did not parse: the first stray word, with the nearest known name when there
    /// is one, else the first error (a bad value, a missing option).
    /// </summary>
    private static string ParseErrorLine(ParseResult parse, string[] args)
    {
        var command = parse.CommandResult.Command;
        string path = command is RootCommand ? "som" : $"som {command.Name}";
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                string name = token.Split('=', 2)[0];
                var known = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
                string? near = TypoSuggestion.Nearest(name, known);
                return $"unknown option {name} for '{path}'" + (near is null ? "" : $". Did you mean {near}?") + $" (see {path} --help)";
            }
            if (command is RootCommand)
            {
                var names = command.Subcommands.Select(c => c.Name).ToList();
                string? near = TypoSuggestion.Nearest(token, names);
                return $"unknown command '{token}': expected {string.Join(", ", names)}" + (near is null ? "" : $". Did you mean {near}?") + " (see som --help)";
            }
            // A flag's "--name=value" leaves a value it cannot take as a stray word: name the flag instead.
            string? given = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && a.EndsWith("=" + token, StringComparison.Ordinal));
            if (given is not null && command.Options.FirstOrDefault(o => o.Name == given.Split('=', 2)[0]) is { } flag)
                return $"{flag.Name}: '{token}' is not " + (flag.ValueType == typeof(bool) ? "true or false" : "a value it takes");
            return $"unexpected argument '{token}' for '{path}': options start with -- (see {path} --help)";
        }
        if (command is RootCommand && parse.Tokens.Count == 0)
            return $"no command given: expected {string.Join(", ", command.Subcommands.Select(c => c.Name))} (see som --help)";
        return parse.Errors[0].Message;
    }
}
