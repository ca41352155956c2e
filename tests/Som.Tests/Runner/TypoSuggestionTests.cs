using Som.Runner.Cli;

namespace Som.Tests.Runner;

/// <summary>The nearest-name guess behind "Did you mean …?".</summary>
public class TypoSuggestionTests
{
    private static readonly string[] Flags = ["--epochs", "--sigma-start", "--sigma-end", "--seed", "--map", "--maps"];

    [Theory]
    [InlineData("--epoch", "--epochs")]
    [InlineData("--epcohs", "--epochs")]
    [InlineData("--EPOCHS", "--epochs")]
    [InlineData("--sigma-strat", "--sigma-start")]
    [InlineData("--sigma-ned", "--sigma-end")]
    [InlineData("--sed", "--seed")]
    [InlineData("--mapz", "--map")]
    [InlineData("--colour", null)]
    [InlineData("--x", null)]
    public void Suggests_the_nearest_flag_or_none(string typed, string? expected) =>
        Assert.Equal(expected, TypoSuggestion.Nearest(typed, Flags));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "acb", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Distance_counts_edits_and_transpositions(string a, string b, int expected)
    {
        Assert.Equal(expected, TypoSuggestion.Distance(a, b));
        Assert.Equal(expected, TypoSuggestion.Distance(b, a));
    }
}
