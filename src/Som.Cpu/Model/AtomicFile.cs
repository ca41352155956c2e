namespace Som;

/// <summary>Writes a file so that readers see the old content or the whole new content, never half.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> into a temporary file beside <paramref name="path"/>, flushes it
    /// to disk, then renames it over <paramref name="path"/>. On failure the temporary file is removed and the
    /// old file is left as it was.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
