namespace Som.Cpu;

/// <summary>
/// The CPU engine: the contract of docs/contract.md on all cores with SIMD. Batch epochs run the fused
/// distance + BMU kernel (<see cref="BmuSearch"/>), the deterministic per-unit sums
/// (<see cref="BatchAccumulator"/>) and the smoothing (<see cref="Smoother"/>); online epochs run
/// <see cref="OnlineUpdater"/>. Same options, data and seed give the same bits whatever the thread count
/// and whatever instruction set the kernel uses.
/// </summary>
public sealed class CpuEngine : ISomEngine
{
    private readonly PackedCodebook _codebook;
    private readonly OffsetTable _offsets;
    private readonly float[] _rowMajor;
    private BatchBuffers? _batch;
    private readonly int _threads;
    private bool _disposed;

    /// <summary>Creates an engine with a zero codebook of M units × <paramref name="features"/>.</summary>
    /// <param name="options">Options (validated here).</param>
    /// <param name="features">Features per sample D.</param>
    /// <param name="isa">Instruction set of the distance kernel; <see cref="KernelIsa.Auto"/> picks the best.</param>
    public CpuEngine(SomOptions options, int features, KernelIsa isa = KernelIsa.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        if (features < 1) throw new SomDataException($"data has {features} features: expected at least 1");
        Features = features;
        Isa = KernelIsaSupport.Resolve(isa);
        Grid = new MapGrid(options);
        _offsets = new OffsetTable(Grid);
        _codebook = new PackedCodebook(options.Units, features);
        _rowMajor = new float[(long)options.Units * features];
        _threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
    }

    /// <summary>Instruction set the distance kernel runs with.</summary>
    public KernelIsa Isa { get; }

    /// <inheritdoc />
    public string DeviceName => $"CPU ({KernelIsaSupport.Describe(Isa)}, {_threads} thread{(_threads == 1 ? "" : "s")})";

    /// <inheritdoc />
    public SomOptions Options { get; }

    /// <inheritdoc />
    public MapGrid Grid { get; }

    /// <inheritdoc />
    public int Features { get; }

    /// <inheritdoc />
    public void SetWeights(ReadOnlySpan<float> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Weights(weights, Options.Units, Features);
        weights.CopyTo(_rowMajor);
        _codebook.Load(_rowMajor);
    }

    /// <inheritdoc />
    public void GetWeights(Span<float> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (weights.Length != _rowMajor.Length)
            throw new ArgumentException($"weights has {weights.Length} entries: expected {_rowMajor.Length}", nameof(weights));
        _codebook.Store(_rowMajor);
        _rowMajor.CopyTo(weights);
    }

    /// <inheritdoc />
    public BatchEpochResult TrainBatchEpoch(SampleMatrix data, double sigma)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Sigma(sigma);
        _batch ??= new BatchBuffers(Options.Units, Features);
        int[] bmu = _batch.BmusFor(data.Count);
        BmuSearch.Search(data, _codebook, Options.Metric, Isa, _threads, bmu, null);
        BatchAccumulator.Accumulate(data, bmu, _batch.Sums, _batch.Counts, _threads);
        _codebook.Store(_rowMajor);
        int kept = Smoother.Apply(Options, Grid, _offsets, sigma, _batch, _rowMajor, _threads);
        _codebook.Load(_rowMajor);
        return new BatchEpochResult(kept);
    }

    /// <inheritdoc />
    public void TrainOnlineEpoch(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Order(data, order, firstStep, totalSteps);
        OnlineUpdater.Run(Options, _codebook, _offsets, data, order, firstStep, totalSteps);
    }

    /// <inheritdoc />
    public void FindBmus(SampleMatrix data, Span<int> first, Span<int> second)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Bmus(data, first, second);
        var a = new int[data.Count];
        int[]? b = second.IsEmpty ? null : new int[data.Count];
        BmuSearch.Search(data, _codebook, Options.Metric, Isa, _threads, a, b);
        a.CopyTo(first);
        b?.CopyTo(second);
    }

    /// <inheritdoc />
    public MapQuality Measure(SampleMatrix data, Adjacency rule, Span<int> first)
    {
        var second = new int[data.Count];
        FindBmus(data, first, second);
        var weights = new float[_rowMajor.Length];
        GetWeights(weights);
        return new MapQuality(SomMetrics.QuantizationError(data, weights, first),
            SomMetrics.TopographicError(Grid, first, second, rule), SomMetrics.Hits(first, Options.Units));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _codebook.Dispose();
    }
}
