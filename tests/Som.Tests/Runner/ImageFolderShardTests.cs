using Som.Runner.Data;
using Som.Tests.Data;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <see cref="ImageFolderReader.LoadShard"/> and <see cref="DataResolver.ResolveShard"/> for a folder of images
/// (docs/contract.md §16): every rank decodes only its block of the sorted files, and the blocks, placed from every
/// rank's count, are <see cref="ImageFolderReader.Load"/>'s rows, labels, shape and class names bit for bit.
/// </summary>
public sealed class ImageFolderShardTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// <paramref name="count"/> grey images in three class folders (ordinal names: "B" &lt; "a" &lt; "c"), the first of
    /// 5×3 and a few of other sizes (resized to it), with <paramref name="broken"/> files that are not images among them.
    /// </summary>
    private string WriteFolder(string name, int count, int broken)
    {
        string[] classes = ["a", "B", "c"];
        for (int i = 0; i < count; i++)
        {
            int w = i % 7 == 3 ? 6 : 5, h = i % 7 == 3 ? 4 : 3;
            var pixels = Enumerable.Range(0, w * h).Select(p => IdxFiles.Noise(i * 97 + p)).ToArray();
            _dir.Write($"{name}/{classes[i % 3]}/{i:D3}.png", TestImages.GreyPng(w, h, pixels));
        }
        for (int b = 0; b < broken; b++) _dir.Write($"{name}/{classes[b % 3]}/{b * 13 % count:D3}-broken.png", [1, 2, 3, 4]);
        return _dir[name];
    }

    /// <summary>Every rank's shard, placed as the caller does it from every rank's count.</summary>
    private static DataShard[] Shards(string folder, int? limit, int ranks, ImageLoadOptions? options = null)
    {
        var read = Enumerable.Range(0, ranks).Select(r => ImageFolderReader.LoadShard(folder, options ?? ImageLoadOptions.Default, limit, r, ranks).Shard).ToArray();
        Assert.All(read, s => Assert.False(s.Placed));
        long[] counts = [.. read.Select(s => (long)s.Count)];
        return [.. read.Select((s, r) => s.Place(counts, r))];
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(31, 2, 0)]
    [InlineData(33, 3, 2)]
    [InlineData(33, 5, 0)]
    [InlineData(20, 5, 3)]
    public void Placed_shards_are_the_full_read(int count, int ranks, int broken)
    {
        string folder = WriteFolder("imgs", count, broken);
        var (full, _) = ImageFolderReader.Load(folder, ImageLoadOptions.Default);
        Assert.Equal(count, full.Count);
        var shards = Shards(folder, null, ranks);
        ShardReadTests.AssertTilesPlaced(full, shards, $"{count} images, {broken} broken, {ranks} ranks");
        Assert.All(shards, s => Assert.Equal(full.ClassCount, s.ClassCount));
        // Through the runner's resolver too, with a size given.
        var sized = new ImageLoadOptions((4, 2));
        var (fullSized, _) = ImageFolderReader.Load(folder, sized);
        var viaResolver = Enumerable.Range(0, ranks).Select(r => DataResolver.ResolveShard(folder, sized, null, null, null, r, ranks).Train).ToArray();
        long[] counts = [.. viaResolver.Select(s => (long)s.Count)];
        ShardReadTests.AssertTilesPlaced(fullSized, [.. viaResolver.Select((s, r) => s.Place(counts, r))], "resolver");
    }

    [Theory]
    [InlineData(31, 2, 17)]
    [InlineData(33, 3, 5)]
    [InlineData(33, 5, 31)]
    public void With_a_limit_and_every_file_an_image_the_shards_are_the_full_reads_first_images(int count, int ranks, int limit)
    {
        string folder = WriteFolder("imgs", count, 0);
        var (full, _) = ImageFolderReader.Load(folder, ImageLoadOptions.Default);
        ShardReadTests.AssertTilesPlaced(full.Take(limit), Shards(folder, limit, ranks), $"limit {limit}");
    }

    [Fact]
    public void A_rank_decodes_only_its_block_and_warns_of_its_own_skipped_files()
    {
        string folder = WriteFolder("imgs", 12, 0);
        // Sorted, B/ (001, 004, 007, 010) comes first, then a/ and c/: rank 0 of 3 holds files 1-4, all of B/, and rank 2
        // files 9-12, c/'s. A broken B/001.png is rank 0's to skip and report, not rank 2's.
        _dir.Write("imgs/B/001.png", [9, 9, 9]);
        var (shard, warnings) = ImageFolderReader.LoadShard(folder, ImageLoadOptions.Default, null, 2, 3);
        Assert.Equal(4, shard.Count);
        Assert.Empty(warnings);
        var (first, firstWarnings) = ImageFolderReader.LoadShard(folder, ImageLoadOptions.Default, null, 0, 3);
        Assert.Equal(3, first.Count);
        Assert.Contains(firstWarnings, w => w.Contains("skipped 1 of files 1–4", StringComparison.Ordinal) && w.Contains("001.png", StringComparison.Ordinal));
        // The size is the first decodable file's (file 2, B/004.png, 5×3; a/003.png is 6×4), found by every rank.
        Assert.Equal(new ImageShape(5, 3, 1), shard.Rows.Image);
    }

    [Fact]
    public void A_rank_left_without_an_image_and_fewer_files_than_ranks_are_one_line_errors()
    {
        string folder = WriteFolder("imgs", 2, 0);
        var e = Assert.Throws<SomDataException>(() => ImageFolderReader.LoadShard(folder, ImageLoadOptions.Default, null, 0, 3));
        Assert.Equal("imgs: 2 samples over 3 ranks: expected at least one per rank (fewer ranks, or more data)", e.Message);
        var shard = ImageFolderReader.LoadShard(folder, ImageLoadOptions.Default, null, 1, 2).Shard;
        e = Assert.Throws<SomDataException>(() => shard.Place([0, 1], 1));
        Assert.Equal("imgs: rank 0 of 2 holds no sample: expected at least one per rank (fewer ranks, or more data)", e.Message);
    }
}
