namespace Som.Runner.Cli;

/// <summary>Checks an output path before any work, so a run that cannot write its results does not start.</summary>
internal static class OutputPlace
{
    /// <summary>Throws unless <paramref name="path"/> is an existing folder or one that can be created.</summary>
    public static void EnsureFolder(string flag, string path)
    {
        if (File.Exists(path)) throw new UsageException($"{flag} {path}: is a file: expected a folder (existing, or one to create)");
        EnsureAncestorsAreFolders(flag, path);
    }

    /// <summary>Throws unless <paramref name="path"/> names a file that can be written (not a folder).</summary>
    public static void EnsureFile(string flag, string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{flag} {path}: is a folder: expected a file name");
        EnsureAncestorsAreFolders(flag, path);
    }

    private static void EnsureAncestorsAreFolders(string flag, string path)
    {
        // The nearest existing ancestor decides: a file there makes every path below it impossible to create.
        for (string? parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent)) return;
            if (File.Exists(parent)) throw new UsageException($"{flag} {path}: {parent} is a file: expected a folder there");
        }
    }
}
