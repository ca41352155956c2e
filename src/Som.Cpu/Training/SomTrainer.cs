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
        EngineGuards.Features(data, engine.Features);
        var options = engine.Options;
        var seconds = new double[options.Epochs];
        long totalSteps = (long)options.Epochs * data.Count;
        var orderRng = new SomRandom(options.Seed + OrderStream);
        var order = new int[data.Count];
        int maxKept = 0;
        for (int e = 0; e < options.Epochs; e++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double sigma;
            int kept = 0;
            if (options.Mode == TrainingMode.Batch)
            {
                sigma = BatchSigma(options, e);
                kept = engine.TrainBatchEpoch(data, sigma).UnitsKept;
                maxKept = Math.Max(maxKept, kept);
            }
            else
            {
                orderRng.Permutation(order);
                long first = (long)e * data.Count;
                sigma = Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, first, totalSteps);
                engine.TrainOnlineEpoch(data, order, first, totalSteps);
            }
            seconds[e] = clock.Elapsed.TotalSeconds;
            onEpoch?.Invoke(new EpochReport(e, options.Epochs, sigma, seconds[e], kept));
        }
        return new TrainingReport(seconds, maxKept);
    }
}
