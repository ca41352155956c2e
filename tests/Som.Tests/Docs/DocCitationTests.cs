using System.Text.RegularExpressions;

namespace Som.Tests.Docs;

/// <summary>
/// The documents the code cites live in the repository: every "docs/….md §N" citation in a .cs or .md file names a
/// file that exists and a heading numbered N in it, every Markdown link to a .md file resolves, and nothing cites the
/// old design file from outside the repository. The checker itself is tested on made-up text, so a citation of a
/// missing section is known to fail. (Citations in the strings below are split after "§" so that the repository scan
/// does not read them as citations.)
/// </summary>
public class DocCitationTests
{
    private static readonly string Root = DocCitationScanner.FindRepositoryRoot(AppContext.BaseDirectory);

    // A made-up document tree for the checker's own tests.
    private static readonly Dictionary<string, string> Fake = new(StringComparer.Ordinal)
    {
        ["notes/guide.md"] = "# Guide\n\n## 1. One\n\ntext\n\n## 2. Two\n\n### 2.1 Part\n\n## 12. Twelve\n",
        ["notes/other.md"] = "# Other\n",
    };

    private static (List<string> Violations, int References) CheckFake(string file, string text) =>
        DocCitationScanner.Check(file, text, path => Fake.GetValueOrDefault(path));

    [Fact]
    public void Every_citation_in_the_repository_points_at_an_existing_document_and_section()
    {
        var files = DocCitationScanner.SourceFiles(Root);
        Assert.Contains("docs/contract.md", files);
        Assert.Contains("src/Som.Cpu/Maps/MapGrid.cs", files);
        Assert.DoesNotContain(files, f => f.Contains("/obj/", StringComparison.Ordinal) || f.Contains("/bin/", StringComparison.Ordinal));

        var (violations, references) = DocCitationScanner.CheckRepository(Root);
        Assert.True(violations.Count == 0, "broken document references:\n" + string.Join('\n', violations));
        // The code cites the contract in about twenty places; far fewer means the scan missed them.
        Assert.True(references >= 20, $"only {references} document references found: the scan is not reading the sources");
    }

    [Fact]
    public void The_contract_numbers_its_sections_one_to_twelve_in_order()
    {
        string contract = File.ReadAllText(Path.Combine(Root, "docs", "contract.md"));
        var numbers = Regex.Matches(contract, @"^## (\d+)\. \S", RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(numbers.Length >= 12, $"contract.md has {numbers.Length} numbered sections");
        Assert.Equal(Enumerable.Range(1, numbers.Length), numbers);
    }

    [Fact]
    public void A_citation_of_an_existing_section_passes()
    {
        var (violations, references) = CheckFake("src/A.cs", "/// see notes/guide.md §" + "2 and notes/guide.md §" + "2.1.");
        Assert.Empty(violations);
        Assert.Equal(2, references);
    }

    [Fact]
    public void A_citation_of_a_missing_section_fails()
    {
        var (violations, _) = CheckFake("src/A.cs", "line one\n/// see notes/guide.md §" + "9.\n");
        string v = Assert.Single(violations);
        Assert.Contains("src/A.cs:2:", v, StringComparison.Ordinal);
        Assert.Contains("§9", v, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_number_is_not_matched_by_a_longer_one_or_a_subsection()
    {
        // "§1" must not be satisfied by "## 12." nor "§2.1" by "## 2." alone.
        Assert.Single(CheckFake("src/A.cs", "notes/other.md §" + "1").Violations);
        Assert.False(DocCitationScanner.HasHeading("## 12. Twelve", "1"));
        Assert.False(DocCitationScanner.HasHeading("## 2. Two", "2.1"));
        Assert.False(DocCitationScanner.HasHeading("### 2.1 Part", "2"));
        Assert.True(DocCitationScanner.HasHeading("## 12. Twelve", "12"));
        Assert.True(DocCitationScanner.HasHeading("### 2.1 Part", "2.1"));
    }

    [Fact]
    public void Every_section_of_a_multiple_citation_is_checked()
    {
        var (violations, _) = CheckFake("src/A.cs", "(notes/guide.md §" + "1 and §" + "77, §" + "2)");
        string v = Assert.Single(violations);
        Assert.Contains("§77", v, StringComparison.Ordinal);
    }

    [Fact]
    public void A_citation_of_a_missing_document_fails()
    {
        var (violations, _) = CheckFake("src/A.cs", "/// notes/" + "missing.md §" + "1");
        Assert.Contains("does not exist", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void A_mention_of_a_missing_file_under_docs_fails()
    {
        var (violations, _) = CheckFake("src/A.cs", "/// the format is in docs/" + "nowhere.md");
        Assert.Contains("nowhere.md", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_design_file_may_not_be_cited_at_all()
    {
        var (violations, _) = CheckFake("src/A.cs", "/// the contract of " + DocCitationScanner.ForbiddenDocument + " §" + "1");
        Assert.Contains(DocCitationScanner.ForbiddenDocument, Assert.Single(violations), StringComparison.Ordinal);
        Assert.Single(CheckFake("README.md", "see the `" + DocCitationScanner.ForbiddenDocument.ToLowerInvariant() + "` notes").Violations);
    }

    [Fact]
    public void Citations_and_links_resolve_from_the_citing_file_then_the_root()
    {
        Assert.Empty(CheckFake("notes/other.md", "see guide.md §" + "2 and [the guide](guide.md#2-two)").Violations);
        Assert.Empty(CheckFake("src/Deep/A.cs", "/// notes/guide.md §" + "1").Violations);
        Assert.Empty(CheckFake("src/Lib/README.md", "[guide](../../notes/guide.md)").Violations);
        Assert.Single(CheckFake("src/Lib/README.md", "[guide](../notes/guide.md)").Violations);
        Assert.Single(CheckFake("notes/other.md", "[gone](gone.md)").Violations);
        Assert.Empty(CheckFake("notes/other.md", "[site](https://example.org/page.md)").Violations);
    }
}
