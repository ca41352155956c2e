namespace Som;

/// <summary>
/// A self-organizing map of M = W·H units with D features each, trained and queried on one device. Unit
/// j = y·W + x sits at column x, row y of the grid (<see cref="Position"/>); its prototype w_j is row j of the
/// M × D codebook. Every answer comes from the device's engine (<see cref="ISomEngine.FindBmus"/>,
/// <see cref="ISomEngine.Measure"/>) and <see cref="SomMetrics"/>. The map owns its engine: dispose it.
/// <code>
/// using var som = new SelfOrganizingMap(new SomOptions { Width = 10, Height = 10 }, features: 3);
/// som.Train(new SampleMatrix(colours));
/// int unit = som.Winner([0.9f, 0.1f, 0.1f]);
/// </code>
/// </summary>
public sealed class SelfOrganizingMap : IDisposable
{
    private readonly ISomEngine _engine;
    private bool _hasWeights;
    private bool _disposed;

    /// <summary>Creates a map with no weights yet on <paramref name="device"/> (the CPU engine when null).</summary>
    /// <param name="options">Map size, topology, training schedule, init method and seed (validated here).</param>
    /// <param name="features">Features per sample D.</param>
    /// <param name="device"><see cref="SomDevice.Cpu"/>, or a GPU device from the GPU package.</param>
    /// <exception cref="SomOptionException">A bad option, or the device is not available here.</exception>
    /// <exception cref="SomDataException"><paramref name="features"/> is below 1.</exception>
    public SelfOrganizingMap(SomOptions options, int features, SomDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (features < 1) throw new SomDataException($"map has {features} features: expected at least 1");
        Device = device ?? SomDevice.Cpu;
        _engine = Device.CreateEngine(options, features);
        if (_engine.Features != features || _engine.Options.Units != options.Units)
        {
            string made = $"{_engine.Options.Units} units × {_engine.Features} features";
            _engine.Dispose();
            throw new InvalidOperationException($"device {Device.Name} made an engine of {made}: expected {options.Units} × {features}");
        }
    }

    /// <summary>The options the map was created with.</summary>
    public SomOptions Options => _engine.Options;

    /// <summary>The map's grid (topology, distances δ, adjacency).</summary>
    public MapGrid Grid => _engine.Grid;

    /// <summary>Features per prototype D.</summary>
    public int Features => _engine.Features;

    /// <summary>Map width W.</summary>
    public int Width => Options.Width;

    /// <summary>Map height H.</summary>
    public int Height => Options.Height;

    /// <summary>Number of units M = W·H.</summary>
    public int Units => Options.Units;

    /// <summary>The device the map computes on.</summary>
    public SomDevice Device { get; }

    /// <summary>Human-readable name of the engine's device (e.g. "CPU (AVX-512, 2 threads)").</summary>
    public string DeviceName
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _engine.DeviceName;
        }
    }

    /// <summary>Whether the map has weights (after <see cref="Train"/>, <see cref="Initialize"/>, <see cref="SetWeights"/> or <see cref="Load"/>).</summary>
    public bool HasWeights => _hasWeights;

    /// <summary>Epochs the current weights have been trained for (0 after <see cref="Initialize"/> or <see cref="SetWeights"/>).</summary>
    public int EpochsTrained { get; private set; }

    /// <summary>Unit j's grid column and row: (x, y) = (j mod W, ⌊j / W⌋).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is outside 0 … M − 1.</exception>
    public (int X, int Y) Position(int unit)
    {
        if ((uint)unit >= (uint)Units)
            throw new ArgumentOutOfRangeException(nameof(unit), unit, $"unit {unit} is outside 0…{Units - 1}");
        return (unit % Width, unit / Width);
    }

    /// <summary>The unit at grid column <paramref name="x"/>, row <paramref name="y"/>: j = y·W + x.</summary>
    /// <exception cref="ArgumentOutOfRangeException">(x, y) is outside the W × H grid.</exception>
    public int Unit(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"position ({x}, {y}) is outside the {Width}x{Height} map");
        return y * Width + x;
    }

    /// <summary>
    /// Sets the weights to the options' initialisation of <paramref name="data"/> (<see cref="SomOptions.Init"/>:
    /// PCA, random in the data's range or random samples, drawn from <see cref="SomOptions.Seed"/>).
    /// </summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    public void Initialize(SampleMatrix data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SomTrainer.Initialize(_engine, data);
        _hasWeights = true;
        EpochsTrained = 0;
    }

    /// <summary>
    /// Initialises from <paramref name="data"/> (<see cref="Initialize"/>), then trains for
    /// <see cref="SomOptions.Epochs"/> epochs: batch, w_j = Σ_i h(δ(j, b(i)), σ_e)·x_i / Σ_i h(δ(j, b(i)), σ_e) per
    /// epoch e; online, w_j ← w_j + α(t)·h(δ(b, j), σ(t))·(x − w_j) per sample.
    /// </summary>
    /// <param name="data">Training samples of <see cref="Features"/> features.</param>
    /// <param name="progress">Told after each epoch.</param>
    /// <param name="cancel">Checked between epochs; when it fires the map keeps the weights of the last finished epoch.</param>
    /// <returns>Wall time per epoch and the most batch units kept by a zero denominator.</returns>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public TrainingReport Train(SampleMatrix data, IProgress<EpochReport>? progress = null, CancellationToken cancel = default)
    {
        Initialize(data);
        return SomTrainer.Train(_engine, data, report =>
        {
            EpochsTrained = report.Epoch + 1;
            progress?.Report(report);
        }, cancel);
    }

    /// <summary>Replaces the weights: <paramref name="weights"/> is M × D, row-major, unit j's feature f at j·D + f.</summary>
    /// <exception cref="SomDataException">A length other than M·D, or a non-finite weight.</exception>
    public void SetWeights(ReadOnlySpan<float> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _engine.SetWeights(weights);
        _hasWeights = true;
        EpochsTrained = 0;
    }

    /// <summary>A copy of the weights: M × D, row-major, unit j's feature f at j·D + f.</summary>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public float[] GetWeights()
    {
        EnsureWeights();
        var weights = new float[(long)Units * Features];
        _engine.GetWeights(weights);
        return weights;
    }

    /// <summary>
    /// The best-matching unit of <paramref name="sample"/>: b = argmin_j d(x, w_j) under <see cref="SomOptions.Metric"/>
    /// (Euclidean ‖x − w_j‖², or cosine 1 − x·w_j / (‖x‖·‖w_j‖)); ties go to the lowest unit index.
    /// </summary>
    /// <exception cref="SomDataException">The sample does not have <see cref="Features"/> values, or one is not finite.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int Winner(ReadOnlySpan<float> sample)
    {
        EnsureWeights();
        if (sample.Length != Features)
            throw new SomDataException($"sample has {sample.Length} features: expected {Features}, as the map was built for");
        var bmu = new int[1];
        _engine.FindBmus(new SampleMatrix(sample, 1, Features), bmu, default);
        return bmu[0];
    }

    /// <summary>The best-matching unit b(i) of every sample, as <see cref="Winner"/> finds it.</summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int[] Winners(SampleMatrix data)
    {
        EnsureData(data);
        var bmu = new int[data.Count];
        _engine.FindBmus(data, bmu, default);
        return bmu;
    }

    /// <summary>
    /// Quantization error, topographic error (under <see cref="SomOptions.ResolvedAdjacency"/>) and hits of
    /// <paramref name="data"/> in one pass on the device.
    /// </summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public MapQuality Measure(SampleMatrix data)
    {
        EnsureData(data);
        return _engine.Measure(data, Options.ResolvedAdjacency, new int[data.Count]);
    }

    /// <summary>Quantization error QE = (1/N)·Σ_i ‖x_i − w_b(i)‖ (Euclidean, whatever the BMU metric).</summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public double QuantizationError(SampleMatrix data) => Measure(data).QuantizationError;

    /// <summary>
    /// Topographic error TE = (1/N)·|{i : b₁(i), b₂(i) not adjacent}|, with b₁, b₂ the best and second-best units and
    /// adjacency under <see cref="SomOptions.ResolvedAdjacency"/> (8-neighbourhood on a rectangular map, 6 on a
    /// hexagonal one, unless the options name another). 0 on a one-unit map.
    /// </summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public double TopographicError(SampleMatrix data) => Measure(data).TopographicError;

    /// <summary>
    /// The mean silhouette of <paramref name="data"/> clustered by BMU (docs/contract.md §10): for sample i with BMU
    /// A, a(i) = mean Euclidean distance to the other samples of A, b(i) = min over the other hit units C of the mean
    /// distance to C's samples, s(i) = (b − a)/max(a, b), 0 for a unit with one sample; units without hits are not
    /// clusters. Exact, O(N²·D), on the CPU's distance kernels whatever the map's device, or on a seeded random
    /// subsample of <paramref name="sampleSize"/> samples.
    /// </summary>
    /// <param name="data">Samples of <see cref="Features"/> features.</param>
    /// <param name="sampleSize">Compute it on this many randomly chosen samples (null: all of them).</param>
    /// <param name="seed">Seed of the subsample.</param>
    /// <exception cref="SomDataException">Wrong feature count, or the samples hit fewer than 2 units or one unit each.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleSize"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public double Silhouette(SampleMatrix data, int? sampleSize = null, ulong seed = 1)
    {
        if (sampleSize is < 1) throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, "expected a sample size of at least 1");
        int[] bmu = Winners(data);
        if (sampleSize is not { } size || size >= data.Count) return Som.Silhouette.Score(data, bmu, Cpu.KernelIsaSupport.Best, Options.Threads);
        int[] pick = ClusteringIndices.Subsample(data.Count, size, seed);
        return Som.Silhouette.Score(ClusteringIndices.Rows(data, pick), pick.Select(i => bmu[i]).ToArray(), Cpu.KernelIsaSupport.Best, Options.Threads);
    }

    /// <summary>
    /// The U-matrix as map[x, y] (W × H): U_j = (1/|N(j)|)·Σ_{k∈N(j)} ‖w_j − w_k‖ over the grid neighbours N(j) under
    /// <see cref="SomOptions.ResolvedAdjacency"/>, 0 for a unit without neighbours. Not scaled: divide by the maximum
    /// for MiniSom's distance_map.
    /// </summary>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public double[,] DistanceMap()
    {
        double[] u = SomMetrics.UMatrix(Grid, GetWeights(), Features, Options.ResolvedAdjacency);
        var map = new double[Width, Height];
        for (int j = 0; j < u.Length; j++) map[j % Width, j / Width] = u[j];
        return map;
    }

    /// <summary>
    /// Two-level clustering (Vesanto &amp; Alhoniemi 2000): k-means (docs/contract.md §13) on the M prototypes, each
    /// unit counted once whatever its hits (unweighted, as SOM Toolbox does), from k-means++ starts drawn from
    /// <paramref name="seed"/>, the best of <paramref name="restarts"/> runs by inertia. Returns the cluster
    /// (0 … k−1) of every unit j; a sample takes the cluster of its best-matching unit, clusters[Winners(data)[i]].
    /// Runs on the CPU engine whatever the map's device: the prototypes are few.
    /// </summary>
    /// <param name="k">Clusters, 1 … <see cref="Units"/>.</param>
    /// <param name="seed">Seed of the k-means++ draws.</param>
    /// <param name="restarts">k-means runs from different starts, at least 1; the lowest inertia is kept.</param>
    /// <exception cref="SomOptionException"><paramref name="k"/> is outside 1 … M, or <paramref name="restarts"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int[] ClusterUnits(int k, ulong seed = 1, int restarts = 10)
    {
        if (k < 1 || k > Units) throw new SomOptionException(nameof(k), k, $"1 … {Units}, the map's units");
        var prototypes = new SampleMatrix(GetWeights(), Units, Features);
        return KMeans.Fit(prototypes, k, restarts, KMeans.DefaultMaxIterations, seed, threads: Options.Threads).Labels;
    }

    /// <summary>Hits as map[x, y] (W × H): the number of samples whose best-matching unit is the unit at (x, y).</summary>
    /// <exception cref="SomDataException"><paramref name="data"/> does not have <see cref="Features"/> features.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int[,] ActivationResponse(SampleMatrix data)
    {
        int[] hits = SomMetrics.Hits(Winners(data), Units);
        var map = new int[Width, Height];
        for (int j = 0; j < hits.Length; j++) map[j % Width, j / Width] = hits[j];
        return map;
    }

    /// <summary>
    /// Label counts as map[x, y, c] (W × H × C, C = max label + 1): the number of samples of label c whose
    /// best-matching unit is the unit at (x, y).
    /// </summary>
    /// <param name="data">Samples of <see cref="Features"/> features.</param>
    /// <param name="labels">One label ≥ 0 per sample.</param>
    /// <exception cref="SomDataException">Wrong feature count, a label count other than N, or a negative label.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int[,,] LabelsMap(SampleMatrix data, ReadOnlySpan<int> labels)
    {
        int classes = CheckLabels(data, labels);
        int[,] n = SomMetrics.ClassHits(Winners(data), labels, Units, classes);
        var map = new int[Width, Height, classes];
        for (int j = 0; j < Units; j++)
            for (int c = 0; c < classes; c++) map[j % Width, j / Width, c] = n[j, c];
        return map;
    }

    /// <summary>
    /// Each unit's label as map[x, y] (W × H): the majority label of its samples (ties to the lowest label); a unit
    /// without samples takes the label of the nearest unit that has some (grid distance δ, ties to the lowest index).
    /// </summary>
    /// <param name="data">Samples of <see cref="Features"/> features.</param>
    /// <param name="labels">One label ≥ 0 per sample.</param>
    /// <exception cref="SomDataException">Wrong feature count, a label count other than N, or a negative label.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public int[,] MajorityLabels(SampleMatrix data, ReadOnlySpan<int> labels)
    {
        CheckLabels(data, labels);
        int[] unitLabels = SomMetrics.UnitLabels(Grid, Winners(data), labels);
        var map = new int[Width, Height];
        for (int j = 0; j < Units; j++) map[j % Width, j / Width] = unitLabels[j];
        return map;
    }

    /// <summary>Writes the map to a model file (<see cref="ModelFile"/>) at <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="image">Image shape of a prototype, when the samples are images (for the renderers).</param>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public void Save(string path, ImageShape? image = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelFile.Save(new SomModel(Options, Features, GetWeights(), image, EpochsTrained), path);
    }

    /// <summary>
    /// Writes the map with its unit labels to a model file at <paramref name="path"/>, atomically: each unit's label
    /// as <see cref="MajorityLabels"/> gives it for <paramref name="data"/> and <paramref name="labels"/>, the votes
    /// (samples of each class the unit wins) and the class names.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="data">The samples whose labels vote (the training samples).</param>
    /// <param name="labels">One class ≥ 0 per sample.</param>
    /// <param name="classNames">Names of the classes, indexed by label, or null.</param>
    /// <param name="image">Image shape of a prototype, when the samples are images.</param>
    /// <exception cref="SomDataException">Labels that do not fit the samples, or features that do not fit the map.</exception>
    /// <exception cref="InvalidOperationException">The map has no weights yet.</exception>
    public void SaveWithLabels(string path, SampleMatrix data, int[] labels, IReadOnlyList<string>? classNames = null, ImageShape? image = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labels);
        int classes = Math.Max(1, Math.Max(CheckLabels(data, labels), classNames?.Count ?? 0));
        int[] bmu = Winners(data);
        var unitLabels = Som.UnitLabels.FromVotes(SomMetrics.UnitLabels(Grid, bmu, labels), bmu, labels, classes);
        ModelFile.Save(new SomModel(Options, Features, GetWeights(), image, EpochsTrained)
        {
            UnitLabels = unitLabels,
            ClassNames = classNames,
        }, path);
    }

    /// <summary>Reads a model file into a map on <paramref name="device"/> (the CPU engine when null).</summary>
    /// <exception cref="SomDataException">The file is missing, corrupt, truncated or not a model file.</exception>
    /// <exception cref="SomOptionException">The device is not available here.</exception>
    public static SelfOrganizingMap Load(string path, SomDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        SomModel model = ModelFile.Load(path);
        var map = new SelfOrganizingMap(model.Options, model.Features, device);
        try
        {
            map.SetWeights(model.Weights);
            map.EpochsTrained = model.EpochsTrained;
            return map;
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Releases the engine (and its device memory).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _engine.Dispose();
    }

    private void EnsureWeights()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_hasWeights)
            throw new InvalidOperationException("the map has no weights yet: call Train, Initialize or SetWeights first");
    }

    private void EnsureData(SampleMatrix data)
    {
        EnsureWeights();
        EngineGuards.Features(data, Features);
    }

    private int CheckLabels(SampleMatrix data, ReadOnlySpan<int> labels)
    {
        EnsureData(data);
        if (labels.Length != data.Count)
            throw new SomDataException($"labels has {labels.Length} entries: expected {data.Count}, one per sample");
        int max = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new SomDataException($"label of sample {i} is {labels[i]}: expected a label ≥ 0");
            max = Math.Max(max, labels[i]);
        }
        return max + 1;
    }
}
