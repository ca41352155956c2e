using System.Diagnostics;

namespace Som;

/// <summary>
/// Drives an engine through a run: initial codebook from the seed, then the epochs with σ (and, online, α)
/// from the schedules. A batch run steps the schedules once per epoch (T = epochs); an online run once per
/// sample (T = epochs × N), visiting the samples each epoch in an order drawn from the seed.
/// </summary>
public static class SomTrainer
{
    /// <summary>Seed offset of the visiting-order stream, so it is independent of the initialisation stream.</summary>
    private const ulong OrderStream = 0x6F72646572UL;

    /// <summary>Sets the engine's codebook to the options' initialisation of <paramref name="data"/>.</summary>
    public static void Initialize(ISomEngine engine, SampleMatrix data)
    {
        ArgumentNullException.ThrowIfNull(engine);
        EngineGuards.Features(data, engine.Features);
        // The CPU engine's PCA runs on the engine's instruction set, so a run can be replayed on each.
        engine.SetWeights(Initializer.Create(engine.Options, data, engine is Cpu.CpuEngine cpu ? cpu.Isa : Cpu.KernelIsa.Auto));
    }

    /// <summary>σ of batch epoch <paramref name="epoch"/>.</summary>
    public static double BatchSigma(SomOptions options, int epoch) =>
        Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, epoch, options.Epochs);

    /// <summary>Runs all epochs on the engine's current codebook.</summary>
    /// <param name="engine">The engine, already initialised (<see cref="Initialize"/>).</param>
    /// <param name="data">Training samples.</param>
    /// <param name="onEpoch">Called after each epoch with its report.</param>
    /// <param name="cancel">Stops between epochs.</param>
    public static TrainingReport Train(ISomEngine engine, SampleMatrix data, Action<EpochReport>? onEpoch = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        cancel.ThrowIfCancellationRequested();
        return Train(engine, data, Start(engine.Options), 0, null, onEpoch, cancel, stopAtBoundary: false);
    }

    /// <summary>The state of a run that has not started.</summary>
    internal static TrainingState Start(SomOptions options) => new(0, 0, new SomRandom(options.Seed + OrderStream).State);

    /// <summary>
    /// Runs the rest of a run from <paramref name="start"/> on the engine's codebook (the one the run had reached
    /// there), ending with the same bits as an uninterrupted run: the schedules continue from the step reached and
    /// the visiting order from the saved generator. <paramref name="onCheckpoint"/> gets the state every
    /// <paramref name="checkpointEvery"/> epochs (batch) or samples (online), when non-zero and the run is not done.
    /// </summary>
    /// <param name="engine">The engine, holding the codebook of <paramref name="start"/>.</param>
    /// <param name="data">Training samples.</param>
    /// <param name="start">Where to start (<see cref="Start"/> for a fresh run).</param>
    /// <param name="checkpointEvery">Epochs (batch) or samples (online) between checkpoints; 0 for none.</param>
    /// <param name="onCheckpoint">Receives each checkpoint's state, with the engine holding its codebook.</param>
    /// <param name="onEpoch">Called after each epoch with its report.</param>
    /// <param name="cancel">
    /// Stops at the next boundary (an epoch's end in batch; a checkpoint or an epoch's end online): the state
    /// there goes to <paramref name="onCheckpoint"/>, then <see cref="OperationCanceledException"/> is thrown.
    /// </param>
    /// <param name="stopAtBoundary">Whether a cancellation waits for a boundary and checkpoints there.</param>
    /// <param name="frameEvery">
    /// Epochs (batch) or samples (online) between frames; 0 for none. A frame falls on every global step that is a
    /// multiple of it and on the run's last step (<see cref="FrameCount"/>).
    /// </param>
    /// <param name="batchEpoch">
    /// The batch epoch at σ (default: the engine's <see cref="ISomEngine.TrainBatchEpoch"/>); a distributed run passes its
    /// shard-and-reduce epoch (<see cref="DistributedTrainer"/>).
    /// </param>
    /// <param name="stopRequested">
    /// Whether to stop at this boundary (default: whether <paramref name="cancel"/> is cancelled); called once per batch
    /// epoch when <paramref name="stopAtBoundary"/>, so a distributed run can agree on it over every rank.
    /// </param>
    /// <param name="onFrame">
    /// Receives each frame's state, with the engine holding its codebook; it may read the codebook, never change it.
    /// Online chunks also end at frame steps, which leaves the bits unchanged (each step sees the same codebook).
    /// </param>
    internal static TrainingReport Train(ISomEngine engine, SampleMatrix data, TrainingState start, int checkpointEvery,
        Action<TrainingState>? onCheckpoint, Action<EpochReport>? onEpoch, CancellationToken cancel, bool stopAtBoundary = true,
        int frameEvery = 0, Action<TrainingState>? onFrame = null, Func<double, BatchEpochResult>? batchEpoch = null,
        Func<bool>? stopRequested = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEvery);
        ArgumentOutOfRangeException.ThrowIfNegative(frameEvery);
        EngineGuards.Features(data, engine.Features);
        var options = engine.Options;
        if (start.Epoch < 0 || start.Epoch > options.Epochs || start.Sample < 0 || (start.Sample > 0 && (options.Mode == TrainingMode.Batch || start.Sample >= data.Count)))
            throw new ArgumentOutOfRangeException(nameof(start), $"start at epoch {start.Epoch}, sample {start.Sample} does not fit {options.Epochs} epochs of {data.Count} samples");
        var seconds = new double[options.Epochs];
        long totalSteps = (long)options.Epochs * data.Count;
        var orderRng = SomRandom.FromState(start.OrderRng);
        var order = new int[data.Count];
        int maxKept = 0;
        int n = data.Count;

        void Frame(TrainingState state, long step, long last)
        {
            if (frameEvery > 0 && onFrame is not null && (step % frameEvery == 0 || step == last)) onFrame(state);
        }

        void Boundary(TrainingState state, bool checkpoint)
        {
            bool stop = stopAtBoundary && !state.Done(options) && (stopRequested?.Invoke() ?? cancel.IsCancellationRequested);
            if ((checkpoint || stop) && onCheckpoint is not null && !state.Done(options)) onCheckpoint(state);
            if (stop) throw new OperationCanceledException(cancel);
        }

        for (int e = start.Epoch; e < options.Epochs; e++)
        {
            if (!stopAtBoundary) cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double sigma;
            int kept = 0;
            if (options.Mode == TrainingMode.Batch)
            {
                sigma = BatchSigma(options, e);
                var result = batchEpoch is null ? engine.TrainBatchEpoch(data, sigma) : batchEpoch(sigma);
                kept = result.UnitsKept;
                maxKept = Math.Max(maxKept, kept);
                seconds[e] = clock.Elapsed.TotalSeconds;
                onEpoch?.Invoke(new EpochReport(e, options.Epochs, sigma, seconds[e], kept) { QuantizationError = result.QuantizationError });
                var done = new TrainingState(e + 1, 0, orderRng.State);
                Frame(done, e + 1, options.Epochs);
                Boundary(done, checkpointEvery > 0 && (e + 1) % checkpointEvery == 0);
                continue;
            }
            ulong[] epochRng = orderRng.State;
            orderRng.Permutation(order);
            long first = (long)e * n;
            sigma = Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, first, totalSteps);
            int s = e == start.Epoch ? start.Sample : 0;
            while (s < n)
            {
                // Chunks end at the next multiple of K global steps (checkpoints and frames), or the epoch's end.
                int end = Math.Min(ChunkEnd(first, s, n, checkpointEvery), ChunkEnd(first, s, n, onFrame is null ? 0 : frameEvery));
                engine.TrainOnlineEpoch(data, order.AsSpan(s, end - s), first + s, totalSteps);
                s = end;
                bool atCheckpoint = checkpointEvery > 0 && (first + s) % checkpointEvery == 0;
                if (s < n)
                {
                    var mid = new TrainingState(e, s, epochRng);
                    Frame(mid, first + s, totalSteps);
                    Boundary(mid, atCheckpoint);
                }
                else
                {
                    seconds[e] = clock.Elapsed.TotalSeconds;
                    onEpoch?.Invoke(new EpochReport(e, options.Epochs, sigma, seconds[e], kept));
                    var done = new TrainingState(e + 1, 0, orderRng.State);
                    Frame(done, first + s, totalSteps);
                    Boundary(done, atCheckpoint);
                }
            }
        }
        return new TrainingReport(seconds, maxKept);
    }

    /// <summary>
    /// Frames a run of <paramref name="samples"/> samples gives when trained from the start with
    /// <c>frameEvery</c> = <paramref name="every"/>: one per multiple of it among the global steps
    /// 1 … T (T = epochs in batch, epochs × N online), plus the last step when T is not a multiple.
    /// </summary>
    internal static long FrameCount(SomOptions options, int samples, int every)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        long total = options.Mode == TrainingMode.Batch ? options.Epochs : (long)options.Epochs * samples;
        return total / every + (total % every == 0 ? 0 : 1);
    }

    /// <summary>Where an online chunk from sample <paramref name="s"/> of the epoch starting at step <paramref name="first"/> ends: the next multiple of <paramref name="every"/> global steps, or the epoch's end.</summary>
    private static int ChunkEnd(long first, int s, int n, int every)
    {
        if (every <= 0) return n;
        long next = ((first + s) / every + 1) * every;
        return (int)Math.Min(n, next - first);
    }
}
