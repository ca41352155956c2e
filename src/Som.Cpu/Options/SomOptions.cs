namespace Som;

/// <summary>
/// Everything that defines a training run. Immutable; <see cref="Validate"/> checks every field eagerly and
/// throws <see cref="SomOptionException"/> naming the first bad one. Same options, data and seed give the
/// same codebook bits on the same engine, whatever the thread count.
/// </summary>
public sealed record SomOptions
{
    /// <summary>Map width W (units per row). A 1-D map is W × 1.</summary>
    public int Width { get; init; } = Defaults.Width;

    /// <summary>Map height H (rows).</summary>
    public int Height { get; init; } = Defaults.Height;

    /// <summary>Rectangular or hexagonal lattice.</summary>
    public Topology Topology { get; init; } = Topology.Rectangular;

    /// <summary>Wrap both axes (minimum image). A hexagonal torus needs an even height.</summary>
    public bool Toroidal { get; init; }

    /// <summary>Grid distance δ used by the neighbourhood. Manhattan and Chebyshev need a rectangular map.</summary>
    public GridMetric GridMetric { get; init; } = GridMetric.Euclidean;

    /// <summary>Neighbourhood function h(δ, σ).</summary>
    public NeighborhoodKind Neighborhood { get; init; } = NeighborhoodKind.Gaussian;

    /// <summary>Compact support factor c: h = 0 for δ &gt; c·σ. 0 means none.</summary>
    public double CompactSupport { get; init; }

    /// <summary>Batch (the fast path) or online training.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Batch;

    /// <summary>Number of passes over the data.</summary>
    public int Epochs { get; init; } = Defaults.Epochs;

    /// <summary>Neighbourhood radius at the first step; null means max(1, max(W, H) / 4).</summary>
    public double? SigmaStart { get; init; }

    /// <summary>Neighbourhood radius at the last step (not used by the inverse schedule).</summary>
    public double SigmaEnd { get; init; } = Defaults.SigmaEnd;

    /// <summary>How σ moves from start to end. Batch runs step once per epoch, online runs once per sample.</summary>
    public ScheduleKind SigmaSchedule { get; init; } = ScheduleKind.Exponential;

    /// <summary>
    /// Online learning rate at the first step; null means <see cref="Defaults.RateStart"/>.
    /// The batch map has no learning rate (it would cancel in the division), so a batch run rejects one.
    /// </summary>
    public double? RateStart { get; init; }

    /// <summary>Online learning rate at the last step; null means <see cref="Defaults.RateEnd"/>.</summary>
    public double? RateEnd { get; init; }

    /// <summary>How the online learning rate moves from start to end.</summary>
    public ScheduleKind RateSchedule { get; init; } = ScheduleKind.Exponential;

    /// <summary>Distance used to find the best-matching unit.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>Codebook initialisation.</summary>
    public InitMethod Init { get; init; } = InitMethod.Pca;

    /// <summary>Seed of every random choice (initialisation, online visiting order).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads for the CPU engine; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Adjacency rule of the topographic error and the U-matrix.</summary>
    public Adjacency Adjacency { get; init; } = Adjacency.Default;

    /// <summary>Number of units M = W·H.</summary>
    public int Units => Width * Height;

    /// <summary>σ at the first step, with the default applied.</summary>
    public double ResolvedSigmaStart => SigmaStart ?? Math.Max(1.0, Math.Max(Width, Height) / 4.0);

    /// <summary>Online learning rate at the first step, with the default applied.</summary>
    public double ResolvedRateStart => RateStart ?? Defaults.RateStart;

    /// <summary>Online learning rate at the last step, with the default applied.</summary>
    public double ResolvedRateEnd => RateEnd ?? Defaults.RateEnd;

    /// <summary>The adjacency rule with <see cref="Adjacency.Default"/> resolved for this topology.</summary>
    public Adjacency ResolvedAdjacency => MapGrid.Resolve(Adjacency, Topology);

    /// <summary>Largest map accepted (units).</summary>
    public const int MaxUnits = 1 << 22;

    /// <summary>Checks every option; throws <see cref="SomOptionException"/> naming the first bad one.</summary>
    /// <returns>This instance, for chaining.</returns>
    public SomOptions Validate()
    {
        if (Width < 1) throw new SomOptionException(nameof(Width), Width, "an integer ≥ 1");
        if (Height < 1) throw new SomOptionException(nameof(Height), Height, "an integer ≥ 1");
        if ((long)Width * Height > MaxUnits)
            throw new SomOptionException(nameof(Width), Width, $"at most {MaxUnits} units in all (Width × Height = {Width} × {Height})");
        if (!Enum.IsDefined(Topology)) throw new SomOptionException(nameof(Topology), Topology, Allowed<Topology>());
        if (!Enum.IsDefined(GridMetric)) throw new SomOptionException(nameof(GridMetric), GridMetric, Allowed<GridMetric>());
        if (!Enum.IsDefined(Neighborhood)) throw new SomOptionException(nameof(Neighborhood), Neighborhood, Allowed<NeighborhoodKind>());
        if (!Enum.IsDefined(Mode)) throw new SomOptionException(nameof(Mode), Mode, Allowed<TrainingMode>());
        if (!Enum.IsDefined(Metric)) throw new SomOptionException(nameof(Metric), Metric, Allowed<DistanceMetric>());
        if (!Enum.IsDefined(Init)) throw new SomOptionException(nameof(Init), Init, Allowed<InitMethod>());
        if (!Enum.IsDefined(SigmaSchedule)) throw new SomOptionException(nameof(SigmaSchedule), SigmaSchedule, Allowed<ScheduleKind>());
        if (!Enum.IsDefined(RateSchedule)) throw new SomOptionException(nameof(RateSchedule), RateSchedule, Allowed<ScheduleKind>());
        if (!Enum.IsDefined(Adjacency)) throw new SomOptionException(nameof(Adjacency), Adjacency, Allowed<Adjacency>());
        if (Topology == Topology.Hexagonal && Toroidal && Height % 2 != 0)
            throw new SomOptionException(nameof(Height), Height, "an even height for a hexagonal torus");
        if (Topology == Topology.Hexagonal && GridMetric != GridMetric.Euclidean)
            throw new SomOptionException(nameof(GridMetric), GridMetric, "Euclidean on a hexagonal map");
        if (Topology == Topology.Hexagonal && Adjacency is Adjacency.Eight or Adjacency.Four)
            throw new SomOptionException(nameof(Adjacency), Adjacency, "Six (or Default) on a hexagonal map");
        if (Topology == Topology.Rectangular && Adjacency == Adjacency.Six)
            throw new SomOptionException(nameof(Adjacency), Adjacency, "Eight or Four (or Default) on a rectangular map");
        if (!(CompactSupport >= 0) || double.IsInfinity(CompactSupport))
            throw new SomOptionException(nameof(CompactSupport), CompactSupport, "a finite number ≥ 0 (0 = none)");
        if (Epochs < 1) throw new SomOptionException(nameof(Epochs), Epochs, "an integer ≥ 1");
        if (SigmaStart is { } s0 && !(s0 > 0 && double.IsFinite(s0)))
            throw new SomOptionException(nameof(SigmaStart), s0, "a finite number > 0");
        if (!(SigmaEnd > 0 && double.IsFinite(SigmaEnd)))
            throw new SomOptionException(nameof(SigmaEnd), SigmaEnd, "a finite number > 0");
        if (Mode == TrainingMode.Batch && (RateStart is not null || RateEnd is not null))
            throw new SomOptionException(RateStart is not null ? nameof(RateStart) : nameof(RateEnd), RateStart ?? RateEnd,
                "no learning rate in batch mode (the batch map has none: it cancels in the division; online mode has one)");
        if (RateStart is { } r0 && !(r0 > 0 && r0 <= 1))
            throw new SomOptionException(nameof(RateStart), r0, "a number in (0, 1]");
        if (RateEnd is { } r1 && !(r1 > 0 && r1 <= 1))
            throw new SomOptionException(nameof(RateEnd), r1, "a number in (0, 1]");
        if (Threads < 0) throw new SomOptionException(nameof(Threads), Threads, "an integer ≥ 0 (0 = all cores)");
        return this;
    }

    /// <summary>
    /// Settings that are legal but probably not what was meant; the run goes ahead with them. Each warning is one
    /// line that begins with the name of the property it is about (so a front end can name its own spelling).
    /// </summary>
    /// <remarks>Call on validated options.</remarks>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        // No two units of a plain map are farther apart than about max(W, H); the torus's minimum image halves that.
        // A radius beyond it only flattens h further: every unit is already within reach of every other.
        double diameter = Toroidal ? Math.Max(Width, Height) / 2.0 : Math.Max(Width, Height);
        string shape = Toroidal ? "half the torus size max(W, H) / 2" : "the map's diameter max(W, H)";
        foreach (var (name, sigma) in new[] { (nameof(SigmaStart), SigmaStart), (nameof(SigmaEnd), (double?)SigmaEnd) })
        {
            if (sigma is { } s && s > diameter)
            {
                warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{name} {s:R} is larger than {shape} = {diameter:R}: a radius beyond it has no effect beyond making the neighbourhood flatter over the whole map"));
            }
        }
        return warnings;
    }

    private static string Allowed<T>() where T : struct, Enum => $"one of {string.Join(", ", Enum.GetNames<T>())}";

    /// <summary>The default values, chosen so that a plain run gives a good map.</summary>
    public static class Defaults
    {
        /// <summary>Default map width.</summary>
        public const int Width = 32;
        /// <summary>Default map height.</summary>
        public const int Height = 32;
        /// <summary>Default epochs.</summary>
        public const int Epochs = 10;
        /// <summary>
        /// Default final radius. With σ from max(W,H)/4 down to 0.5 (exponential) over 10 batch epochs, a 32×32
        /// map labels 79.4% of the Fashion-MNIST test images; ending at 1.0 (linear, from W/2) gives 73.9%.
        /// </summary>
        public const double SigmaEnd = 0.5;
        /// <summary>Default online start rate.</summary>
        public const double RateStart = 0.5;
        /// <summary>Default online end rate.</summary>
        public const double RateEnd = 0.01;
    }
}
