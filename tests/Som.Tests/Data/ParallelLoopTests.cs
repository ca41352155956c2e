namespace Som.Tests.Data;

/// <summary>
/// <see cref="ParallelLoop"/>: one item runs on the calling thread (so a busy thread pool cannot delay a one-file
/// read: the damaged-image test timed such a read out at 10 s while the pool was blocked), and any count runs every
/// index exactly once.
/// </summary>
public class ParallelLoopTests
{
    [Fact]
    public void One_item_runs_on_the_calling_thread_and_throws_its_own_exception()
    {
        int caller = Environment.CurrentManagedThreadId, ran = -1;
        ParallelLoop.For(1, i => ran = Environment.CurrentManagedThreadId);
        Assert.Equal(caller, ran);
        var error = Assert.Throws<SomDataException>(() => ParallelLoop.For(1, i => throw new SomDataException("bad part")));
        Assert.Equal("bad part", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(37)]
    public void Every_index_runs_once(int count)
    {
        var runs = new int[count];
        ParallelLoop.For(count, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
