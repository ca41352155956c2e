using System.Runtime.ExceptionServices;
using Som.Runner.Cli;

namespace Som.Runner.Data;

/// <summary>
/// The loading step of a distributed <c>som train</c> (docs/architecture.md, "Past one machine"): each rank reads only
/// its shard (<see cref="DataResolver.ResolveShard"/>), then the ranks agree, through the communicator, on what the
/// readers leave to them: whether every rank could read, where an image folder's blocks fall, the class count.
/// </summary>
internal static class ShardLoad
{
    /// <summary>
    /// Reads this rank's shards and agrees on them. A read that fails on some ranks (a damaged file fails on every
    /// rank alike; a bad CSV row or image only on the rank that parses it) is agreed on too, so that no rank waits for
    /// another's first collective: the lowest failing rank throws its error, the others return null and should end
    /// quietly with the same exit code.
    /// </summary>
    /// <exception cref="SomDataException">This rank is the lowest whose read failed; or a rank holds no sample.</exception>
    public static RankData? Read(string spec, ImageLoadOptions? images, Action<IEnumerable<string>>? warn, int? limit, int? testLimit,
        ICommunicator communicator)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        int rank = communicator.Rank, size = communicator.Size;
        (DataShard Train, DataShard? Test) read = default;
        if (!Agree(communicator, () => read = DataResolver.ResolveShard(spec, images, warn, limit, testLimit, rank, size))) return null;

        var counts = new long[size];
        counts[rank] = read.Train!.Count;
        communicator.AllReduceSum(counts);
        var train = read.Train.Placed ? read.Train : read.Train.Place(counts, rank);
        Span<double> classes = [train.ClassCount ?? train.Rows.ClassCount];
        if (train.ClassCount is null) communicator.AllReduceMax(classes);
        return new RankData(train, read.Test, counts, (int)classes[0]);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on every rank and agrees on whether it failed with a data, option or usage error
    /// (one all-reduce): true when it succeeded everywhere; else the lowest failing rank throws its error and the
    /// others return false, having printed nothing, so one line reports the failure and no rank is left waiting.
    /// </summary>
    public static bool Agree(ICommunicator communicator, Action body)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(body);
        Exception? error = null;
        try
        {
            body();
        }
        catch (Exception e) when (e is SomDataException or SomOptionException or UsageException)
        {
            error = e;
        }
        Span<double> failed = [error is null ? communicator.Size : communicator.Rank];
        communicator.AllReduceMin(failed);
        if (failed[0] >= communicator.Size) return true;
        if (error is not null && (int)failed[0] == communicator.Rank) ExceptionDispatchInfo.Throw(error);
        return false;
    }
}
