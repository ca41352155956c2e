namespace Som;

/// <summary>
/// Trains one map over the ranks of a <see cref="ICommunicator"/> (docs/contract.md §16), each rank holding a shard of
/// the samples and an engine (<see cref="IShardEngine"/>): every batch epoch finds the shard's BMUs and fixed-point
/// partial sums, all-reduces them (exact integers, so the result does not depend on the split), and every rank smooths
/// and divides alike, so all ranks hold the same codebook after every epoch, with the same bits for every rank count.
/// Initialisation and the final metrics reduce the same way. The run loop is <see cref="SomTrainer"/>'s (schedules,
/// reports, checkpoints, cancellation), with this epoch in place of the engine's one-process epoch.
/// </summary>
internal static class DistributedTrainer
{
    /// <summary>Sets every rank's codebook to the options' initialisation of the whole data (docs/contract.md §16).</summary>
    public static void Initialize(DistributedShard run) => DistributedInitializer.Initialize(run);

    /// <summary>All epochs from the start (see <see cref="Train(DistributedShard, TrainingState, int, Action{TrainingState}?, Action{EpochReport}?, CancellationToken)"/>).</summary>
    public static TrainingReport Train(DistributedShard run, Action<EpochReport>? onEpoch = null, CancellationToken cancel = default) =>
        Train(run, SomTrainer.Start(run.Options), 0, null, onEpoch, cancel);

    /// <summary>
    /// Runs the epochs from <paramref name="start"/> on every rank (each rank calls it). Reports, checkpoints and
    /// cancellation are <see cref="SomTrainer"/>'s; a stop is agreed over the ranks at each epoch's end (any rank's
    /// <paramref name="cancel"/> stops all of them there, each calling <paramref name="onCheckpoint"/> with the same state
    /// and then throwing <see cref="OperationCanceledException"/>). A one-rank online run is the one-process online run.
    /// </summary>
    public static TrainingReport Train(DistributedShard run, TrainingState start, int checkpointEvery,
        Action<TrainingState>? onCheckpoint, Action<EpochReport>? onEpoch, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Options.Mode == TrainingMode.Online)
            return SomTrainer.Train(run.Engine, run.Shard, start, checkpointEvery, onCheckpoint, onEpoch, cancel);
        var epoch = new DistributedEpoch(run);
        return SomTrainer.Train(run.Engine, run.Shard, start, checkpointEvery, onCheckpoint, onEpoch, cancel,
            batchEpoch: epoch.Run, stopRequested: () => AnyRank(run.Communicator, cancel.IsCancellationRequested));
    }

    /// <summary>Whether <paramref name="mine"/> holds on any rank (one collective).</summary>
    internal static bool AnyRank(ICommunicator communicator, bool mine)
    {
        Span<double> flag = [mine ? 1 : 0];
        communicator.AllReduceMax(flag);
        return flag[0] > 0;
    }

    /// <summary>
    /// The metrics of the current codebook over every rank's samples (docs/contract.md §16): QE (fixed-point sum of the
    /// per-sample distances), TE, hits and the per-unit class counts (integers), so purity, unit labels and labelled-unit
    /// accuracy equal the one-process figures; with a test split (sharded the same way), its QE and accuracy.
    /// <see cref="MapEvaluation.TrainBmus"/> holds this shard's BMUs.
    /// </summary>
    /// <param name="run">This rank's training shard.</param>
    /// <param name="labels">The shard's class labels, or empty (on every rank) without labels.</param>
    /// <param name="test">This rank's test shard (with its global offset and count), or null on every rank.</param>
    /// <param name="testLabels">The test shard's labels, or empty.</param>
    public static MapEvaluation Evaluate(DistributedShard run, ReadOnlySpan<int> labels, (SampleMatrix Shard, long Total)? test = null,
        ReadOnlySpan<int> testLabels = default) => EvaluateWithClassHits(run, labels, test, testLabels, null).Evaluation;

    /// <summary>
    /// <see cref="Evaluate"/>, with the per-unit class counts n_jc over every rank of the training split and of the test
    /// split (units × (largest label + 1) of that split; null without labels), from which the per-class tables follow.
    /// </summary>
    /// <param name="run">This rank's training shard.</param>
    /// <param name="labels">The shard's class labels, or empty (on every rank) without labels.</param>
    /// <param name="test">This rank's test shard (null where this rank holds none of its rows) with the global count, or null on every rank.</param>
    /// <param name="testLabels">The test shard's labels, or empty.</param>
    /// <param name="testLabelled">Whether the test split has labels (the same on every rank, also on one whose test shard is empty).</param>
    public static (MapEvaluation Evaluation, int[,]? TrainClassHits, int[,]? TestClassHits) EvaluateWithClassHits(DistributedShard run,
        ReadOnlySpan<int> labels, (SampleMatrix? Shard, long Total)? test, ReadOnlySpan<int> testLabels, bool? testLabelled = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var engine = run.Engine;
        var rule = engine.Options.ResolvedAdjacency;
        var weights = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(weights);
        var train = ShardMetrics.Measure(engine, run.Communicator, weights, run.Shard, run.Total, labels, null);
        int[]? unitLabels = train.ClassHits is { } n ? SomMetrics.UnitLabelsFromClassHits(engine.Grid, n) : null;
        ShardMetrics? measured = null;
        if (test is { } t) measured = ShardMetrics.Measure(engine, run.Communicator, weights, t.Shard, t.Total, testLabels, unitLabels, testLabelled);
        var evaluation = new MapEvaluation
        {
            QuantizationError = train.QuantizationError,
            TopographicError = train.TopographicError,
            Adjacency = rule,
            Hits = train.Hits,
            UMatrix = SomMetrics.UMatrix(engine.Grid, weights, engine.Features, rule),
            Purity = train.ClassHits is { } hits ? Purity(hits, run.Total) : null,
            UnitLabels = unitLabels,
            TrainAccuracy = unitLabels is not null ? (double)Correct(train.ClassHits!, unitLabels) / run.Total : null,
            TestAccuracy = measured?.Correct is { } correct ? (double)correct / test!.Value.Total : null,
            TestQuantizationError = measured?.QuantizationError,
            TrainBmus = train.Bmus,
        };
        return (evaluation, train.ClassHits, measured?.ClassHits);
    }

    private static double Purity(int[,] n, long total)
    {
        long sum = 0;
        for (int j = 0; j < n.GetLength(0); j++)
        {
            int best = 0;
            for (int c = 0; c < n.GetLength(1); c++) best = Math.Max(best, n[j, c]);
            sum += best;
        }
        return (double)sum / total;
    }

    private static long Correct(int[,] n, int[] unitLabels)
    {
        long sum = 0;
        for (int j = 0; j < unitLabels.Length; j++)
        {
            if ((uint)unitLabels[j] < (uint)n.GetLength(1)) sum += n[j, unitLabels[j]];
        }
        return sum;
    }
}
