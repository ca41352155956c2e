namespace Som;

/// <summary>
/// The base of the engines: it holds the options, grid and feature count, checks every argument with the same
/// one-line errors on every engine (wrong feature count, a codebook of the wrong size or with a non-finite weight,
/// a bad σ, visiting order or output span, use after <see cref="Dispose()"/>), and then calls the engine's
/// <c>…Core</c> method, which may assume valid arguments. An engine of a new device derives from it.
/// </summary>
public abstract class SomEngine : ISomEngine
{
    private bool _disposed;

    /// <summary>Validates <paramref name="options"/> and <paramref name="features"/> and builds the grid.</summary>
    /// <param name="options">Options (validated here).</param>
    /// <param name="features">Features per sample D, at least 1.</param>
    /// <exception cref="SomOptionException">A bad option.</exception>
    /// <exception cref="SomDataException"><paramref name="features"/> is below 1.</exception>
    protected SomEngine(SomOptions options, int features)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        if (features < 1) throw new SomDataException($"data has {features} features: expected at least 1");
        Features = features;
        Grid = new MapGrid(options);
    }

    /// <inheritdoc />
    public abstract string DeviceName { get; }

    /// <inheritdoc />
    public SomOptions Options { get; }

    /// <inheritdoc />
    public MapGrid Grid { get; }

    /// <inheritdoc />
    public int Features { get; }

    /// <summary>Whether <see cref="Dispose()"/> has run.</summary>
    protected bool IsDisposed => _disposed;

    /// <inheritdoc />
    public void SetWeights(ReadOnlySpan<float> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Weights(weights, Options.Units, Features);
        SetWeightsCore(weights);
    }

    /// <inheritdoc />
    public void GetWeights(Span<float> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long expected = (long)Options.Units * Features;
        if (weights.Length != expected)
            throw new ArgumentException($"weights has {weights.Length} entries: expected {expected}", nameof(weights));
        GetWeightsCore(weights);
    }

    /// <inheritdoc />
    public BatchEpochResult TrainBatchEpoch(SampleMatrix data, double sigma)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Sigma(sigma);
        return TrainBatchEpochCore(data, sigma);
    }

    /// <inheritdoc />
    public void TrainOnlineEpoch(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Order(data, order, firstStep, totalSteps);
        TrainOnlineEpochCore(data, order, firstStep, totalSteps);
    }

    /// <inheritdoc />
    public void FindBmus(SampleMatrix data, Span<int> first, Span<int> second)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Bmus(data, first, second);
        FindBmusCore(data, first, second);
    }

    /// <inheritdoc />
    public MapQuality Measure(SampleMatrix data, Adjacency rule, Span<int> first)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EngineGuards.Features(data, Features);
        EngineGuards.Bmus(data, first, default);
        EngineGuards.Adjacency(Options, rule);
        return MeasureCore(data, rule, first);
    }

    /// <summary>Disposes the engine once; later calls do nothing and every other member throws.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary><see cref="SetWeights"/> with a codebook of M × D finite weights.</summary>
    protected abstract void SetWeightsCore(ReadOnlySpan<float> weights);

    /// <summary><see cref="GetWeights"/> into a span of exactly M × D entries.</summary>
    protected abstract void GetWeightsCore(Span<float> weights);

    /// <summary><see cref="TrainBatchEpoch"/> with data of D features and a finite σ &gt; 0.</summary>
    protected abstract BatchEpochResult TrainBatchEpochCore(SampleMatrix data, double sigma);

    /// <summary><see cref="TrainOnlineEpoch"/> with data of D features and an order and steps that fit.</summary>
    protected abstract void TrainOnlineEpochCore(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps);

    /// <summary><see cref="FindBmus"/> with data of D features and spans of N entries (<paramref name="second"/> may be empty).</summary>
    protected abstract void FindBmusCore(SampleMatrix data, Span<int> first, Span<int> second);

    /// <summary><see cref="Measure"/> with data of D features, a span of N entries and a rule valid on this lattice.</summary>
    protected abstract MapQuality MeasureCore(SampleMatrix data, Adjacency rule, Span<int> first);

    /// <summary>Releases the engine's buffers and devices; called once, by <see cref="Dispose()"/>.</summary>
    protected abstract void Dispose(bool disposing);
}
