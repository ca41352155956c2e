namespace Som;

/// <summary>
/// A file written over time (an animation's frames as they come) that readers see only once it is whole: the bytes
/// go to a temporary file beside the target, <see cref="Commit"/> flushes it to disk and renames it over the target,
/// and disposing without a commit removes it, leaving any old file as it was.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable
{
    private readonly string _path, _temp;
    private readonly FileStream _stream;
    private bool _closed;

    /// <summary>Opens the temporary file for <paramref name="path"/>, creating its folder.</summary>
    public AtomicFileWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(_path) ?? ".";
        Directory.CreateDirectory(dir);
        _temp = Path.Combine(dir, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the content to disk and renames it over the target; on failure the temporary file is removed.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _closed = true;
        try
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temp, _path, overwrite: true);
        }
        catch
        {
            Discard();
            throw;
        }
    }

    /// <summary>Removes the temporary file unless <see cref="Commit"/> has renamed it.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        Discard();
    }

    private void Discard()
    {
        _stream.Dispose();
        try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
