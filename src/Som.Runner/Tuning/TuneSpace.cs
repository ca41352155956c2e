using Som.Cpu;
using Som.Runner.Cli;

namespace Som.Runner.Tuning;

/// <summary>
/// The search space of <c>som tune</c>: σ start and end, the σ schedule, epochs, initialisation and map size, each
/// fixed or ranged. The other options (topology, neighbourhood, …) are those of <paramref name="Base"/> for every trial.
/// </summary>
/// <param name="Base">The options every trial starts from (the core's defaults, with the run's seed).</param>
/// <param name="Maps">The map sizes to pick from.</param>
/// <param name="SigmaStart">σ at the first epoch, or null for max(W,H)/8 .. max(W,H)/2 of the drawn map (at least 1).</param>
/// <param name="SigmaEnd">σ at the last epoch.</param>
/// <param name="Schedules">The σ schedules to pick from.</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="Inits">The initialisations to pick from.</param>
internal sealed record TuneSpace(
    SomOptions Base,
    IReadOnlyList<(int Width, int Height)> Maps,
    TuneRange? SigmaStart,
    TuneRange SigmaEnd,
    IReadOnlyList<ScheduleKind> Schedules,
    TuneRange Epochs,
    IReadOnlyList<InitMethod> Inits)
{
    /// <summary>Default σ end range.</summary>
    public static readonly TuneRange DefaultSigmaEnd = new(0.25, 2, null);

    /// <summary>The σ start range for a map whose longer side is <paramref name="side"/>: side/8 .. side/2, at least 1.</summary>
    public static TuneRange DefaultSigmaStart(int side) => new(Math.Max(1, side / 8.0), Math.Max(1, side / 2.0), side <= 2 ? [1.0] : null);

    /// <summary>
    /// The options of trial <paramref name="index"/>: drawn from a stream of its own (the run's seed and the index), so a
    /// trial's options do not depend on how many trials are drawn. Exactly six numbers are taken from the stream, in
    /// the order map, σ start, σ end, schedule, epochs, initialisation.
    /// </summary>
    public SomOptions Draw(int index)
    {
        var random = new SomRandom(Base.Seed * 0x9E3779B97F4A7C15UL + (ulong)index + TrialStream);
        var (w, h) = Maps[Pick(random, Maps.Count)];
        double start = (SigmaStart ?? DefaultSigmaStart(Math.Max(w, h))).Draw(random, integer: false);
        double end = SigmaEnd.Draw(random, integer: false);
        var schedule = Schedules[Pick(random, Schedules.Count)];
        int epochs = (int)Epochs.Draw(random, integer: true);
        var init = Inits[Pick(random, Inits.Count)];
        return Base with { Width = w, Height = h, SigmaStart = start, SigmaEnd = end, SigmaSchedule = schedule, Epochs = epochs, Init = init };
    }

    /// <summary>Checks that every map size and the ranges make valid options with the base options.</summary>
    /// <exception cref="UsageException">The first combination the core rejects, in command-line terms.</exception>
    public void Validate()
    {
        foreach (var (w, h) in Maps)
        {
            var probe = Base with
            {
                Width = w, Height = h, SigmaStart = SigmaStart?.Lo ?? 1, SigmaEnd = SigmaEnd.Lo, Epochs = (int)Epochs.Lo,
                SigmaSchedule = Schedules[0], Init = Inits[0],
            };
            try
            {
                probe.Validate();
            }
            catch (SomOptionException e)
            {
                throw new UsageException(OptionFlags.Describe(e, probe));
            }
        }
    }

    private static int Pick(SomRandom random, int count) => Math.Min(count - 1, (int)(random.NextDouble() * count));

    /// <summary>Seed offset of the trials' streams, apart from the validation split's and the engines'.</summary>
    private const ulong TrialStream = 0x74756E65UL;
}
