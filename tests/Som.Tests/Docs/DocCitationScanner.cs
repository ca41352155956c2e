using System.Text.RegularExpressions;

namespace Som.Tests.Docs;

/// <summary>
/// Finds references to documents in source and Markdown text and checks them against the repository: a
/// section citation (a path ending in ".md" followed by § and a number) needs the document and a heading with that
/// number; a Markdown link to a ".md" file or a mention of a file under docs/ needs the file; the old design file
/// outside the repository may not be cited at all. Citations are resolved against the citing file's folder, then
/// the repository root.
/// </summary>
internal static partial class DocCitationScanner
{
    /// <summary>The design file that once lived outside the repository (spelt in two parts so this file does not cite it).</summary>
    public static readonly string ForbiddenDocument = "DESIGN" + ".md";

    // Folders that are build output, data or tool state, not sources.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "bin", "obj", "data", "runs", "out", "artifacts", "BenchmarkDotNet.Artifacts", "TestResults", "gpu-carry", "node_modules",
    };

    /// <summary>The folder holding SomGpu.sln, walking up from <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SomGpu.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no SomGpu.sln above {start}");
    }

    /// <summary>Every .cs and .md file of the repository, as paths relative to <paramref name="root"/> with '/' separators.</summary>
    public static List<string> SourceFiles(string root)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (string sub in Directory.EnumerateDirectories(dir))
            {
                string name = Path.GetFileName(sub);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name)) pending.Push(sub);
            }
            foreach (string file in Directory.EnumerateFiles(dir))
            {
                if (file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".md", StringComparison.Ordinal))
                    files.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Checks every file of <paramref name="root"/>.</summary>
    /// <returns>One line per broken reference ("path:line: what"), and how many references were checked.</returns>
    public static (List<string> Violations, int References) CheckRepository(string root)
    {
        var violations = new List<string>();
        int references = 0;
        foreach (string file in SourceFiles(root))
        {
            var (v, r) = Check(file, File.ReadAllText(Path.Combine(root, file)), path => ReadInRoot(root, path));
            violations.AddRange(v);
            references += r;
        }
        return (violations, references);
    }

    /// <summary>
    /// Checks the references in <paramref name="text"/>, the content of <paramref name="file"/> (relative to the root,
    /// '/' separators). <paramref name="readDocument"/> returns the text of a root-relative path, or null when there
    /// is no such file.
    /// </summary>
    public static (List<string> Violations, int References) Check(string file, string text, Func<string, string?> readDocument)
    {
        var violations = new List<string>();
        int references = 0;
        string folder = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : "";

        foreach (Match m in ForbiddenPattern().Matches(text))
            violations.Add($"{file}:{Line(text, m.Index)}: cites {m.Value}, which is not part of the repository (cite docs/ instead)");

        foreach (Match m in SectionCitation().Matches(text))
        {
            references++;
            string doc = m.Groups["doc"].Value;
            if (doc.EndsWith(ForbiddenDocument, StringComparison.OrdinalIgnoreCase)) continue;   // reported above
            var (path, content) = Resolve(folder, doc, readDocument);
            if (content is null)
            {
                violations.Add($"{file}:{Line(text, m.Index)}: cites {doc}, which does not exist");
                continue;
            }
            foreach (Capture section in m.Groups["section"].Captures)
            {
                if (!HasHeading(content, section.Value))
                    violations.Add($"{file}:{Line(text, m.Index)}: cites {doc} §{section.Value}, but {path} has no heading numbered {section.Value}");
            }
        }

        if (file.EndsWith(".md", StringComparison.Ordinal))
        {
            foreach (Match m in MarkdownLink().Matches(text))
            {
                string target = m.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal)) continue;
                references++;
                if (Resolve(folder, target, readDocument).Content is null)
                    violations.Add($"{file}:{Line(text, m.Index)}: links to {target}, which does not exist");
            }
        }

        foreach (Match m in DocsMention().Matches(text))
        {
            references++;
            if (Resolve(folder, m.Value, readDocument).Content is null)
                violations.Add($"{file}:{Line(text, m.Index)}: mentions {m.Value}, which does not exist");
        }
        return (violations, references);
    }

    /// <summary>Whether <paramref name="markdown"/> has a heading "N." or "N " (e.g. "## 3. Neighbourhoods" for N = 3).</summary>
    public static bool HasHeading(string markdown, string number) =>
        Regex.IsMatch(markdown, @"^#{1,6}[ \t]+" + Regex.Escape(number) + @"\.?(?:[ \t]|$)", RegexOptions.Multiline);

    private static (string Path, string? Content) Resolve(string folder, string reference, Func<string, string?> readDocument)
    {
        foreach (string candidate in new[] { Combine(folder, reference), Combine("", reference) })
        {
            if (candidate.StartsWith("../", StringComparison.Ordinal)) continue;
            if (readDocument(candidate) is { } content) return (candidate, content);
        }
        return (reference, null);
    }

    /// <summary>Joins and normalises "a/b" + "../c" into "a/c"; a result that leaves the root starts with "../".</summary>
    private static string Combine(string folder, string reference)
    {
        var parts = new List<string>(folder.Length == 0 ? Array.Empty<string>() : folder.Split('/'));
        foreach (string part in reference.Split('/'))
        {
            if (part is "." or "") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return "../" + reference;
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static string? ReadInRoot(string root, string relative)
    {
        string full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? File.ReadAllText(full) : null;
    }

    private static int Line(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    // A document path, an optional closing quote or backtick, then § N, optionally "and §M", ", §M" or "or §M".
    [GeneratedRegex(@"(?<doc>[A-Za-z0-9_.\-/]*[A-Za-z0-9_\-]\.md)[`'""]?[ \t]*§[ \t]*(?<section>\d+(?:\.\d+)*)(?:[ \t]*(?:,|and|or|&)[ \t]*§[ \t]*(?<section>\d+(?:\.\d+)*))*")]
    private static partial Regex SectionCitation();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])DESIGN\.md", RegexOptions.IgnoreCase)]
    private static partial Regex ForbiddenPattern();

    // [text](target.md) or [text](target.md#anchor).
    [GeneratedRegex(@"\[[^\]\n]*\]\((?<target>[^)\s#]+\.md)(?:#[^)\s]*)?\)")]
    private static partial Regex MarkdownLink();

    // A path docs/….md anywhere (a plain mention, a citation or a link).
    [GeneratedRegex(@"(?<![A-Za-z0-9_.\-/])docs/[A-Za-z0-9_\-]+\.md")]
    private static partial Regex DocsMention();
}
