using Som.Runner.Data;
using Som.Tests.Data;

namespace Som.Tests.Runner;

/// <summary>
/// <see cref="ShardLoad"/>, the loading step of a distributed <c>som train</c>, on ranks of one process
/// (<see cref="LocalGroup"/>): the ranks' blocks tile the data, the class count is agreed, and a read that fails on one
/// rank only ends every rank, one of them with the error.
/// </summary>
public sealed class ShardLoadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ranks_read_their_blocks_agree_on_counts_and_the_class_count()
    {
        string folder = _dir["idx"];
        IdxFiles.WriteSplit(folder, 31, 7, gzip: true);
        var full = DataSource.Resolve(folder);
        var group = new LocalGroup(3, TimeSpan.FromSeconds(60));
        var read = group.Run(c => ShardLoad.Read(folder, null, null, null, null, c)!);
        Assert.All(read, d => Assert.Equal([10L, 10, 11], d.TrainCounts));
        Assert.All(read, d => Assert.Equal(full.Train.ClassCount, d.ClassCount));
        ShardReadTests.AssertTiles(full.Train, [.. read.Select(d => d.Train)], "train");
        ShardReadTests.AssertTiles(full.Test!, [.. read.Select(d => d.Test!)], "test");

        // Labels i / 10 over 31 rows: rank 0's rows 0-9 hold label 0 only, yet every rank agrees on 4 classes.
        string csv = _dir.WriteText("rising.csv", "label,x\n" + string.Join('\n', Enumerable.Range(0, 31).Select(i => $"{i / 10},{i}")));
        var rising = group.Run(c => ShardLoad.Read(csv, null, null, null, null, c)!);
        Assert.Equal(1, rising[0].Train.Rows.ClassCount);
        Assert.All(rising, d => Assert.Equal(4, d.ClassCount));
    }

    [Fact]
    public void A_read_that_fails_on_one_rank_throws_there_and_ends_the_others_quietly()
    {
        var text = "label,a,b\n" + string.Join('\n', Enumerable.Range(0, 9).Select(i => i == 7 ? "1,2" : $"{i % 2},{i},{i + 1}"));
        string path = _dir.WriteText("bad.csv", text);
        var group = new LocalGroup(3, TimeSpan.FromSeconds(60));
        var outcome = group.Run(c =>
        {
            try
            {
                return ShardLoad.Read(path, null, null, null, null, c) is null ? "quiet" : "read";
            }
            catch (SomDataException e)
            {
                return e.Message;
            }
        });
        Assert.Equal("quiet", outcome[0]);
        Assert.Equal("quiet", outcome[1]);
        Assert.Equal($"{path} line 9: 2 columns: expected 3 (a label and 2 features, as in the header)", outcome[2]);
    }
}
