namespace Som.Cpu;

/// <summary>
/// The CPU engine: the contract of docs/contract.md on all cores with SIMD. Batch epochs run the fused
/// distance + BMU kernel (<see cref="BmuSearch"/>), the deterministic per-unit sums
/// (<see cref="BatchAccumulator"/>) and the smoothing (<see cref="Smoother"/>); online epochs run
/// <see cref="OnlineUpdater"/>. Same options, data and seed give the same bits whatever the thread count
/// and whatever instruction set the kernel uses.
/// </summary>
public sealed class CpuEngine : SomEngine, IShardEngine
{
    private readonly PackedCodebook _codebook;
    private readonly OffsetTable _offsets;
    private readonly float[] _rowMajor;
    private BatchBuffers? _batch;
    private PackedSamples? _packed;
    private readonly int _threads;

    /// <summary>Creates an engine with a zero codebook of M units × <paramref name="features"/>.</summary>
    /// <param name="options">Options (validated here).</param>
    /// <param name="features">Features per sample D.</param>
    /// <param name="isa">Instruction set of the distance kernel; <see cref="KernelIsa.Auto"/> picks the best.</param>
    public CpuEngine(SomOptions options, int features, KernelIsa isa = KernelIsa.Auto)
        : base(options, features)
    {
        Isa = KernelIsaSupport.Resolve(isa);
        _offsets = new OffsetTable(Grid);
        _codebook = new PackedCodebook(options.Units, features, Isa);
        _rowMajor = new float[(long)options.Units * features];
        _threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
    }

    /// <summary>
    /// Fewest weights per worker before an online epoch splits the codebook over threads
    /// (<see cref="OnlineUpdater.MinWeightsPerWorker"/>; tests lower it to split small maps).
    /// </summary>
    internal long OnlineMinWeightsPerWorker { get; set; } = OnlineUpdater.MinWeightsPerWorker;

    /// <summary>
    /// Memory (bytes) the engine may count on when it decides whether to keep a packed copy of a batch epoch's samples
    /// (<see cref="PackedSamples.Fits"/>); tests lower it to 0 to run the search that packs per block.
    /// </summary>
    internal long PackMemoryBytes { get; set; } = PackedSamples.AvailableBytes();

    /// <summary>
    /// Largest S (M·D doubles, in bytes) whose sums are added inside the search pass (<see cref="BmuSearch.SearchAndAccumulate"/>);
    /// larger maps add them in a pass of their own (<see cref="BatchAccumulator.Accumulate"/>). Fused, consecutive blocks
    /// are added by alternating cores into the whole of S, which pays while S is small beside a core's cache (measured:
    /// faster at 10 × 10 and 16 × 16, S = 0.6 and 1.6 MB at D = 784; slower at 32 × 32, 6.4 MB; benchmarks/RESULTS.md).
    /// Both give the same bits. Tests change it to run either path.
    /// </summary>
    internal long FusedSumsMaxBytes { get; set; } = 2L << 20;

    /// <summary>Whether the engine holds a packed copy of <paramref name="data"/> (for tests).</summary>
    internal bool HoldsPacked(SampleMatrix data) => _packed is not null && _packed.IsFor(data);

    /// <summary>Instruction set the distance kernel runs with.</summary>
    public KernelIsa Isa { get; }

    /// <inheritdoc />
    public override string DeviceName => $"CPU ({KernelIsaSupport.Describe(Isa)}, {_threads} thread{(_threads == 1 ? "" : "s")})";

    /// <inheritdoc />
    protected override void SetWeightsCore(ReadOnlySpan<float> weights)
    {
        weights.CopyTo(_rowMajor);
        _codebook.Load(_rowMajor);
    }

    /// <inheritdoc />
    protected override void GetWeightsCore(Span<float> weights)
    {
        _codebook.Store(_rowMajor);
        _rowMajor.CopyTo(weights);
    }

    /// <inheritdoc />
    protected override BatchEpochResult TrainBatchEpochCore(SampleMatrix data, double sigma)
    {
        _batch ??= new BatchBuffers(Options.Units, Features);
        int[] bmu = _batch.BmusFor(data.Count);
        // The BMU distances come with the search, so the QE of the codebook entering the epoch costs no extra pass
        // (docs/contract.md §10); the cosine distance is not Euclidean, so there is none then.
        float[]? distances = Options.Metric == DistanceMetric.Euclidean ? _batch.DistancesFor(data.Count) : null;
        // On a small map the per-unit sums are added block by block right after each block's search, which reads the
        // samples where they lie (row-major kernels), so the sums add rows that are still in cache. A larger map packs
        // its samples into the kernel's layout once per data set, not once per epoch, when memory allows.
        if ((long)Options.Units * Features * sizeof(double) <= FusedSumsMaxBytes)
        {
            _packed?.Dispose();
            _packed = null;
            BmuSearch.SearchAndAccumulate(data, null, _codebook, Options.Metric, Isa, _threads, bmu, distances, _batch.Sums, _batch.Counts);
        }
        else
        {
            _packed = PackedSamples.For(data, _packed, _threads, PackMemoryBytes);
            BmuSearch.Search(data, _codebook, Options.Metric, Isa, _threads, bmu, null, distances, _packed);
            BatchAccumulator.Accumulate(data, bmu, _batch.Sums, _batch.Counts, Isa, _threads);
        }
        _codebook.Store(_rowMajor);
        int kept = Smoother.Apply(Options, Grid, _offsets, sigma, _batch, _rowMajor, Isa, _threads);
        _codebook.Load(_rowMajor);
        return new BatchEpochResult(kept) { QuantizationError = distances is null ? null : SomMetrics.EpochQuantizationError(distances) };
    }

    /// <inheritdoc />
    public void AccumulateShard(SampleMatrix shard, ShardSums partial, Span<float> distances)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(partial);
        EngineGuards.Features(shard, Features);
        ShardGuards.Partial(partial, Options.Units, Features);
        ShardGuards.Distances(distances, shard.Count);
        _batch ??= new BatchBuffers(Options.Units, Features);
        int[] bmu = _batch.BmusFor(shard.Count);
        float[]? d = distances.IsEmpty ? null : _batch.DistancesFor(shard.Count);
        BmuSearch.Search(shard, _codebook, Options.Metric, Isa, _threads, bmu, null, d);
        partial.Add(shard, bmu, _threads);
        d?.CopyTo(distances);
    }

    /// <inheritdoc />
    public int SmoothAndDivide(ReadOnlySpan<double> sums, ReadOnlySpan<double> counts, double sigma)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ShardGuards.Totals(sums, counts, Options.Units, Features);
        EngineGuards.Sigma(sigma);
        _batch ??= new BatchBuffers(Options.Units, Features);
        sums.CopyTo(_batch.Sums);
        counts.CopyTo(_batch.Counts);
        _codebook.Store(_rowMajor);
        int kept = Smoother.Apply(Options, Grid, _offsets, sigma, _batch, _rowMajor, Isa, _threads);
        _codebook.Load(_rowMajor);
        return kept;
    }

    /// <summary>
    /// <see cref="SomEngine.TrainBatchEpoch"/> that also hands back the BMUs the epoch assigned (on the codebook at
    /// its start), so a caller that needs them (k-means' convergence test) does not search twice.
    /// </summary>
    internal BatchEpochResult TrainBatchEpoch(SampleMatrix data, double sigma, Span<int> bmus)
    {
        if (bmus.Length != data.Count)
            throw new ArgumentException($"bmus has {bmus.Length} entries: expected {data.Count}", nameof(bmus));
        var result = TrainBatchEpoch(data, sigma);
        _batch!.Bmus.AsSpan(0, data.Count).CopyTo(bmus);
        return result;
    }

    /// <inheritdoc />
    protected override void TrainOnlineEpochCore(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        int workers = OnlineUpdater.Workers(_threads, Options.Units, Features, OnlineMinWeightsPerWorker);
        OnlineUpdater.Run(Options, _codebook, _offsets, data, order, firstStep, totalSteps, workers);
    }

    /// <inheritdoc />
    protected override void FindBmusCore(SampleMatrix data, Span<int> first, Span<int> second)
    {
        var a = new int[data.Count];
        int[]? b = second.IsEmpty ? null : new int[data.Count];
        // A search reuses the training data's packing when it is that data, but never packs (nor evicts) for itself.
        BmuSearch.Search(data, _codebook, Options.Metric, Isa, _threads, a, b, null, HoldsPacked(data) ? _packed : null);
        a.CopyTo(first);
        b?.CopyTo(second);
    }

    /// <inheritdoc />
    protected override MapQuality MeasureCore(SampleMatrix data, Adjacency rule, Span<int> first)
    {
        var second = new int[data.Count];
        FindBmusCore(data, first, second);
        var weights = new float[_rowMajor.Length];
        GetWeightsCore(weights);
        return new MapQuality(SomMetrics.QuantizationError(data, weights, first),
            SomMetrics.TopographicError(Grid, first, second, rule), SomMetrics.Hits(first, Options.Units));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _codebook.Dispose();
        _packed?.Dispose();
        _packed = null;
    }
}
