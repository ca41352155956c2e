namespace Som.Runner.Data;

/// <summary>
/// What one rank of a distributed <c>som train</c> read (<see cref="ShardLoad.Read"/>): its placed shard of the
/// training rows and of the test rows, every rank's training row count in rank order, and the whole data set's class
/// count, agreed over the ranks.
/// </summary>
/// <param name="Train">This rank's training rows, placed (global offset and total).</param>
/// <param name="Test">This rank's test rows, placed, or null when the data has no test part.</param>
/// <param name="TrainCounts">Training rows held by each rank, in rank order.</param>
/// <param name="ClassCount">Classes in the whole training data (0 unlabelled): the all-reduce max where the labels alone tell it.</param>
internal sealed record RankData(DataShard Train, DataShard? Test, long[] TrainCounts, int ClassCount);
