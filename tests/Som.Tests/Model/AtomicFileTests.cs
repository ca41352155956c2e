namespace Som.Tests.Model;

/// <summary>Atomic writes: readers see the old file or the whole new one, and a failed write leaves nothing behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file()
    {
        string path = _dir["model.som"];
        File.WriteAllText(path, "old content");
        var failure = new IOException("disk full");
        var thrown = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);   // more than the stream's buffer, so bytes really reach the temporary file
            throw failure;
        }));
        Assert.Same(failure, thrown);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(["model.som"], _dir.Listing());
    }

    [Fact]
    public void A_failed_first_write_creates_nothing()
    {
        string path = _dir["new.som"];
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("callback failed");
        }));
        Assert.Empty(_dir.Listing());
    }

    [Fact]
    public void A_successful_write_replaces_the_file_whole()
    {
        string path = _dir["report.json"];
        File.WriteAllText(path, new string('x', 5000));
        AtomicFile.WriteAllText(path, "{}");
        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Equal(["report.json"], _dir.Listing());
    }

    [Fact]
    public void Missing_directories_are_created()
    {
        string path = Path.Combine(_dir.Path, "a", "b", "c.txt");
        AtomicFile.WriteAllText(path, "hello");
        Assert.Equal("hello", File.ReadAllText(path));
    }
}
