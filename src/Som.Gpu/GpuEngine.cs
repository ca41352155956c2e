using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using Som.Cpu;
using Som.Gpu.Kernels;

namespace Som.Gpu;

/// <summary>
/// The ILGPU engine: the contract of docs/contract.md on a CUDA, OpenCL or ILGPU CPU accelerator, with the same
/// guards and errors as the CPU engine.
/// <para>A batch epoch runs every stage on the device, enqueued on the engine's one stream, and synchronises once
/// at the end: per chunk of samples the fused distance + BMU kernel, then the deterministic per-unit sums
/// (a stable counting sort by BMU and segmented sums in double); then the smoothing (separable for the Gaussian
/// on a rectangular map, dense otherwise) and the division, which also refreshes ‖w‖² for the next epoch. S, C
/// and the smoothing are accumulated in double, as on the CPU engine (double is native on CUDA and on the CPU
/// accelerator, and OpenCL devices ILGPU accepts have cl_khr_fp64). No float atomics: the same inputs give the
/// same bits on the same device.</para>
/// <para>An online epoch is two small launches per sample (BMU, then update) with σ(t) and α(t) from the
/// schedules on the host; it is correct but launch-bound. Batch mode is the fast path.</para>
/// <para>Data larger than the device can hold are streamed in chunks of <c>chunkSamples</c> samples; a set that
/// fits stays resident across epochs.</para>
/// </summary>
public sealed class GpuEngine : SomEngine, IShardEngine
{
    private readonly GpuAccelerator _device;
    private readonly bool _ownsDevice;
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly GpuKernels _kernels;
    private readonly DeviceCodebook _codebook;
    private readonly DeviceSamples _samples;
    private readonly int _chunkSamples;
    private readonly bool _separable;
    private DeviceBatchBuffers? _batch;
    private GpuBmuKernel _bmuKernel;
    private float[] _bmuDistances = [];

    /// <summary>Creates an engine with a zero codebook on <paramref name="device"/>, which the caller keeps owning.</summary>
    /// <param name="device">An open accelerator (<see cref="GpuAccelerators.Open"/>).</param>
    /// <param name="options">Options (validated here).</param>
    /// <param name="features">Features per sample D.</param>
    /// <param name="chunkSamples">Most samples on the device at once; 0 picks the most that fit in half the device memory.</param>
    public GpuEngine(GpuAccelerator device, SomOptions options, int features, int chunkSamples = 0)
        : this(device, options, features, chunkSamples, ownsDevice: false)
    {
    }

    private GpuEngine(GpuAccelerator device, SomOptions options, int features, int chunkSamples, bool ownsDevice)
        : base(options, features)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSamples);
        _device = device;
        _ownsDevice = ownsDevice;
        _accelerator = device.Accelerator;
        _chunkSamples = chunkSamples;
        _separable = Neighborhood.IsSeparable(options);
        _kernels = GpuKernels.For(_accelerator);
        _stream = _accelerator.CreateStream();
        try
        {
            _codebook = new DeviceCodebook(_accelerator, Grid, features);
            _samples = new DeviceSamples(_accelerator, features, options.Metric);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the accelerator <paramref name="device"/> names and creates an engine that owns it. Under
    /// <c>auto</c> a device whose kernels do not load is skipped for the next.
    /// </summary>
    /// <param name="device">auto, cuda, opencl or ilgpu-cpu.</param>
    /// <param name="options">Options (validated first).</param>
    /// <param name="features">Features per sample D.</param>
    /// <param name="chunkSamples">Most samples on the device at once; 0 picks the most that fit.</param>
    /// <exception cref="SomOptionException">A bad option, an unknown device, or a named device that is not available.</exception>
    public static GpuEngine Create(string device, SomOptions options, int features, int chunkSamples = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (features < 1) throw new SomDataException($"data has {features} features: expected at least 1");
        return GpuAccelerators.OpenFirst(device, assertions: false,
            accelerator => new GpuEngine(accelerator, options, features, chunkSamples, ownsDevice: true));
    }

    /// <inheritdoc />
    public override string DeviceName => _device.Name;

    /// <summary>The accelerator the engine runs on.</summary>
    public GpuAccelerator Device => _device;

    /// <summary>
    /// The distance + BMU kernel of batch epochs, <see cref="SomEngine.FindBmus"/> and <see cref="SomEngine.Measure"/> (default
    /// <see cref="GpuBmuKernel.Auto"/>); every kernel gives the same BMUs. Online epochs search one sample at a time
    /// and always use <see cref="GpuBmuKernel.Tile32x32"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a <see cref="GpuBmuKernel"/>.</exception>
    public GpuBmuKernel BmuKernel
    {
        get => _bmuKernel;
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "expected a GpuBmuKernel");
            _bmuKernel = value;
        }
    }

    /// <summary>The kernel <see cref="BmuKernel"/> stands for on this device.</summary>
    public GpuBmuKernel ResolvedBmuKernel => _kernels.Bmu.Resolve(_bmuKernel);

    /// <summary>
    /// When true, a batch epoch synchronises the device after each stage and records the times in
    /// <see cref="LastEpochStages"/> (for benchmarks: the extra synchronisations cost a little time).
    /// </summary>
    public bool ProfileStages { get; set; }

    /// <summary>The stage times of the last batch epoch run with <see cref="ProfileStages"/>, or null.</summary>
    public GpuStageTimes? LastEpochStages { get; private set; }

    /// <summary>
    /// Measures the device's FP32 multiply-add rate in GFLOP/s (<see cref="PeakKernels.FmaPeakKernel"/>: enough
    /// threads to fill every multiprocessor twice over, <paramref name="iterations"/> steps of 8 chains each): the
    /// median of <paramref name="repeat"/> timed launches after a warm-up. For benchmarks on a GPU; on ILGPU's CPU
    /// accelerator it is very slow.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">iterations or repeat below 1.</exception>
    public double MeasurePeakGflops(int iterations = 1 << 16, int repeat = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        long threads = Math.Max(1L, 2L * _accelerator.NumMultiprocessors * _accelerator.MaxNumThreadsPerMultiprocessor);
        using var sink = _accelerator.Allocate1D<float>(threads);
        var times = new double[repeat];
        _kernels.FmaPeak(_stream, (int)threads, sink.View, iterations, 0.999f);
        Synchronize();
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            _kernels.FmaPeak(_stream, (int)threads, sink.View, iterations, 0.999f);
            Synchronize();
            times[r] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return 2.0 * PeakKernels.Chains * iterations * threads / times[repeat / 2] / 1e9;
    }

    /// <summary>Device synchronisations so far (a batch epoch without profiling does exactly one).</summary>
    internal int Synchronizations { get; private set; }

    /// <summary>The batch buffers of the last epoch or search, for tests.</summary>
    internal DeviceBatchBuffers? BatchBuffers => _batch;

    /// <summary>Samples per chunk for a data set of <paramref name="count"/> samples.</summary>
    internal int ChunkFor(int count)
    {
        if (_chunkSamples > 0) return Math.Min(count, _chunkSamples);
        long m = Options.Units, d = Features;
        long fixedBytes = m * d * (4 + 8 * 3) + m * 64;
        long perSample = 4 * d + 4 + 4 * 5 + (4 * m + AccumulateKernels.BlockSize - 1) / AccumulateKernels.BlockSize;
        long budget = _accelerator.MemorySize / 2 - fixedBytes;
        long fit = Math.Max(AccumulateKernels.BlockSize, budget / perSample);
        return (int)Math.Min(count, Math.Min(fit, int.MaxValue / Math.Max(1, d)));
    }

    /// <inheritdoc />
    protected override void SetWeightsCore(ReadOnlySpan<float> weights)
    {
        _codebook.Weights.View.CopyFromCPU(_stream, weights);
        _kernels.ComputeUnitNorms(_stream, Options.Units, _codebook.Weights.View, _codebook.SquaredNorms.View,
            _codebook.NegInverseNorms.View, Features);
        Synchronize();
    }

    /// <inheritdoc />
    protected override void GetWeightsCore(Span<float> weights)
    {
        _codebook.Weights.View.CopyToCPU(_stream, weights);
        Synchronize();
    }

    /// <inheritdoc />
    protected override BatchEpochResult TrainBatchEpochCore(SampleMatrix data, double sigma)
    {
        int chunk = ChunkFor(data.Count);
        var batch = Batch(chunk);
        var clock = ProfileStages ? Stopwatch.StartNew() : null;
        double distance = 0, sums = 0;
        batch.Sums.View.MemSetToZero(_stream);
        batch.Counts.View.MemSetToZero(_stream);
        // The per-epoch QE (docs/contract.md §10): each BMU's distance on the codebook entering the epoch, read back
        // with the kept count and added on the host in sample order, as the CPU engine adds them.
        bool measure = Options.Metric == DistanceMetric.Euclidean;
        if (measure && _bmuDistances.Length != data.Count) _bmuDistances = new float[data.Count];
        // A training epoch needs the best unit only: no second-best search (docs/contract.md §6).
        foreach (var c in Chunks(data, chunk, batch, wantSecond: false))
        {
            if (measure)
            {
                var dist = batch.BmuDistances.View.SubView(0, c.Count);
                _kernels.BmuDistance(_stream, c.Count, c.X, c.Terms, _codebook.Weights.View, _codebook.SquaredNorms.View, c.First,
                    dist, Features);
                dist.CopyToCPU(_stream, _bmuDistances.AsSpan(c.Start, c.Count));
            }
            distance += Lap(clock);
            Accumulate(batch, c.X, c.First, c.Count);
            sums += Lap(clock);
        }
        Smooth(batch, sigma);
        double smoothing = Lap(clock);
        int kept = DivideUnits(batch);
        if (clock is not null) LastEpochStages = new GpuStageTimes(distance, sums, smoothing, clock.Elapsed.TotalSeconds);
        return new BatchEpochResult(kept) { QuantizationError = measure ? SomMetrics.EpochQuantizationError(_bmuDistances) : null };
    }

    /// <inheritdoc />
    /// <remarks>The BMU search (and the distances) run on the device; the BMUs come back and the shard's fixed-point
    /// sums are added on the host (<see cref="ShardSums.Add"/>), an O(N·D) pass beside the search's O(N·M·D).</remarks>
    public void AccumulateShard(SampleMatrix shard, ShardSums partial, Span<float> distances)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(partial);
        if (shard.Features != Features) throw new SomDataException($"data has {shard.Features} features: expected {Features}");
        if (partial.Units != Options.Units || partial.Features != Features)
            throw new ArgumentException($"partial sums are for {partial.Units} units × {partial.Features} features: expected {Options.Units} × {Features}", nameof(partial));
        if (!distances.IsEmpty && distances.Length != shard.Count)
            throw new ArgumentException($"distances has {distances.Length} entries: expected 0 or {shard.Count}", nameof(distances));
        int chunk = ChunkFor(shard.Count);
        var batch = Batch(chunk);
        var bmus = new int[shard.Count];
        foreach (var c in Chunks(shard, chunk, batch, wantSecond: false))
        {
            c.First.CopyToCPU(_stream, bmus.AsSpan(c.Start, c.Count));
            if (distances.IsEmpty) continue;
            var dist = batch.BmuDistances.View.SubView(0, c.Count);
            _kernels.BmuDistance(_stream, c.Count, c.X, c.Terms, _codebook.Weights.View, _codebook.SquaredNorms.View, c.First,
                dist, Features);
            dist.CopyToCPU(_stream, distances.Slice(c.Start, c.Count));
        }
        Synchronize();
        partial.Add(shard, bmus);
    }

    /// <inheritdoc />
    public int SmoothAndDivide(ReadOnlySpan<double> sums, ReadOnlySpan<double> counts, double sigma)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        long expected = (long)Options.Units * Features;
        if (sums.Length != expected) throw new ArgumentException($"sums has {sums.Length} entries: expected {expected}", nameof(sums));
        if (counts.Length != Options.Units) throw new ArgumentException($"counts has {counts.Length} entries: expected {Options.Units}", nameof(counts));
        if (!double.IsFinite(sigma) || sigma <= 0) throw new SomOptionException("sigma", sigma, "a finite number > 0");
        var batch = _batch ?? Batch(1);
        batch.Sums.View.CopyFromCPU(_stream, sums);
        batch.Counts.View.CopyFromCPU(_stream, counts);
        Smooth(batch, sigma);
        return DivideUnits(batch);
    }

    /// <summary>w_j = num_j / den_j where den_j &gt; 0 on the device, then synchronises; returns the units kept.</summary>
    private int DivideUnits(DeviceBatchBuffers batch)
    {
        _codebook.Kept.View.MemSetToZero(_stream);
        _kernels.DivideUnits(_stream, Options.Units, batch.Numerators.View,
            batch.Denominators.View, _codebook.Weights.View, _codebook.SquaredNorms.View, _codebook.NegInverseNorms.View,
            _codebook.Kept.View, Features);
        Span<int> kept = stackalloc int[1];
        _codebook.Kept.View.CopyToCPU(_stream, kept);
        Synchronize();
        return kept[0];
    }

    /// <summary>With profiling: synchronises and returns the seconds since the last lap. Without: 0, no synchronisation.</summary>
    private double Lap(Stopwatch? clock)
    {
        if (clock is null) return 0;
        Synchronize();
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }

    private void Synchronize()
    {
        _stream.Synchronize();
        Synchronizations++;
    }

    /// <inheritdoc />
    protected override void TrainOnlineEpochCore(SampleMatrix data, ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        var o = Options;
        int d = Features;
        bool resident = ChunkFor(data.Count) >= data.Count;
        ArrayView<float> all = default, allTerms = default;
        if (resident) (all, allTerms) = _samples.Rows(data, 0, data.Count, data.Count, _stream);
        float[] hostTerms = _samples.HostTerms(data);
        double s0 = o.ResolvedSigmaStart, r0 = o.ResolvedRateStart, r1 = o.ResolvedRateEnd;
        int onlineGrid = (o.Topology == Topology.Hexagonal ? 1 : 0) | (o.Toroidal ? 2 : 0) | (Neighborhood.IsSeparable(o) ? 4 : 0);
        for (int s = 0; s < order.Length; s++)
        {
            long t = firstStep + s;
            int i = order[s];
            double sigma = Schedule.Value(o.SigmaSchedule, s0, o.SigmaEnd, t, totalSteps);
            double alpha = Schedule.Value(o.RateSchedule, r0, r1, t, totalSteps);
            ArrayView<float> x, term;
            if (resident)
            {
                x = all.SubView((long)i * d, d);
                term = allTerms.SubView(i, 1);
            }
            else
            {
                x = _codebook.OnlineSample.View;
                term = _codebook.OnlineTerm.View;
                x.CopyFromCPU(_stream, data.Row(i));
                term.CopyFromCPU(_stream, hostTerms.AsSpan(i, 1));
            }
            _kernels.Bmu.Launch(GpuBmuKernel.Tile32x32, wantSecond: false, _stream, x, term, _codebook.Weights.View,
                _codebook.Terms(o.Metric), _codebook.OnlineFirst.View, _codebook.OnlineSecond.View,
                _codebook.OnlineDistance.View, 1, o.Units, d, o.Metric == DistanceMetric.Cosine ? 1 : 0);
            _kernels.UpdateOnline(_stream, o.Units, x, _codebook.OnlineFirst.View, _codebook.Deltas.View,
                _codebook.Weights.View, _codebook.SquaredNorms.View, _codebook.NegInverseNorms.View, (int)o.Neighborhood,
                onlineGrid, sigma, o.CompactSupport, alpha, o.Width, o.Height, d);
        }
        Synchronize();
    }

    /// <inheritdoc />
    protected override void FindBmusCore(SampleMatrix data, Span<int> first, Span<int> second)
    {
        int chunk = ChunkFor(data.Count);
        var batch = Batch(chunk);
        foreach (var c in Chunks(data, chunk, batch, wantSecond: !second.IsEmpty))
        {
            c.First.CopyToCPU(_stream, first.Slice(c.Start, c.Count));
            if (!second.IsEmpty) c.Second.CopyToCPU(_stream, second.Slice(c.Start, c.Count));
        }
        Synchronize();
    }

    /// <inheritdoc />
    protected override MapQuality MeasureCore(SampleMatrix data, Adjacency rule, Span<int> first)
    {
        int chunk = ChunkFor(data.Count);
        var batch = Batch(chunk);
        var errors = new double[data.Count];
        var topo = new int[data.Count];
        var hits = new int[Options.Units];
        using var error = _accelerator.Allocate1D<double>(chunk);
        using var adjacent = _accelerator.Allocate1D<int>(chunk);
        using var unitHits = _accelerator.Allocate1D<int>(Options.Units);
        unitHits.View.MemSetToZero(_stream);
        foreach (var c in Chunks(data, chunk, batch, wantSecond: true))
        {
            int start = c.Start, n = c.Count;
            var a = c.First;
            _kernels.MeasureSamples(_stream, n, c.X, _codebook.Weights.View, a, c.Second, error.View.SubView(0, n),
                adjacent.View.SubView(0, n), Features, Options.Width, Options.Height,
                (int)Options.Topology, Options.Toroidal ? 1 : 0, (int)rule);
            _kernels.CountHits(_stream, n, a, unitHits.View);
            a.CopyToCPU(_stream, first.Slice(start, n));
            error.View.SubView(0, n).CopyToCPU(_stream, errors.AsSpan(start, n));
            adjacent.View.SubView(0, n).CopyToCPU(_stream, topo.AsSpan(start, n));
        }
        unitHits.View.CopyToCPU(_stream, hits);
        Synchronize();
        double qe = 0;
        long te = 0;
        for (int i = 0; i < data.Count; i++)
        {
            qe += errors[i];
            te += topo[i];
        }
        return new MapQuality(qe / data.Count, (double)te / data.Count, hits);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _batch?.Dispose();
        _samples.Dispose();
        _codebook.Dispose();
        _stream.Dispose();
        if (_ownsDevice) _device.Dispose();
    }

    private DeviceBatchBuffers Batch(int chunk)
    {
        if (_batch is { } existing && existing.Chunk >= chunk) return existing;
        _batch?.Dispose();
        _batch = null;
        _batch = new DeviceBatchBuffers(_accelerator, Options.Units, Features, chunk, SeparableTerms);
        return _batch;
    }

    /// <summary>One chunk of samples on the device with its BMUs (and, when asked, second BMUs) enqueued.</summary>
    private readonly record struct Chunk(int Start, int Count, ArrayView<float> X, ArrayView<float> Terms, ArrayView<int> First, ArrayView<int> Second);

    /// <summary>
    /// Walks <paramref name="data"/> in chunks of <paramref name="chunk"/> samples: uploads each (or uses the resident
    /// set) and enqueues the fused distance + BMU kernel (<see cref="BmuKernel"/>) into the batch buffers' BMU and
    /// distance views, on the engine's stream; the second-best unit only when <paramref name="wantSecond"/>.
    /// </summary>
    private IEnumerable<Chunk> Chunks(SampleMatrix data, int chunk, DeviceBatchBuffers batch, bool wantSecond)
    {
        for (int start = 0; start < data.Count; start += chunk)
        {
            int n = Math.Min(chunk, data.Count - start);
            var (x, terms) = _samples.Rows(data, start, n, chunk, _stream);
            var a = batch.First.View.SubView(0, n);
            var b = batch.Second.View.SubView(0, n);
            _kernels.Bmu.Launch(_bmuKernel, wantSecond, _stream, x, terms, _codebook.Weights.View,
                _codebook.Terms(Options.Metric), a, b, batch.Distances.View.SubView(0, n), n, Options.Units, Features,
                Options.Metric == DistanceMetric.Cosine ? 1 : 0);
            yield return new Chunk(start, n, x, terms, a, b);
        }
    }

    /// <summary>Adds the chunk's samples into S and C (see <see cref="AccumulateKernels"/>).</summary>
    private void Accumulate(DeviceBatchBuffers batch, ArrayView<float> x, ArrayView<int> bmu, int n)
    {
        int m = Options.Units, d = Features;
        int blocks = (n + AccumulateKernels.BlockSize - 1) / AccumulateKernels.BlockSize;
        var blockCounts = batch.BlockCounts.View.SubView(0, (long)blocks * m);
        blockCounts.MemSetToZero(_stream);
        _kernels.RankSamples(_stream, new KernelConfig(blocks, AccumulateKernels.RankGroupSize), bmu, batch.Ranks.View,
            blockCounts, n, m);
        _kernels.ScanBlockCounts(_stream, m, blockCounts, batch.UnitCounts.View, batch.Counts.View, blocks, m);
        _kernels.ScanUnitCounts(_stream, new KernelConfig(1, AccumulateKernels.ScanGroupSize), batch.UnitCounts.View,
            batch.UnitStart.View, m);
        _kernels.ScatterSamples(_stream, n, bmu, batch.Ranks.View, blockCounts, batch.UnitStart.View, batch.Sorted.View, m);
        int featureGroups = (d + AccumulateKernels.SumGroupSize - 1) / AccumulateKernels.SumGroupSize;
        _kernels.SumUnitSamples(_stream, new KernelConfig(new Index2D(m, featureGroups), new Index2D(AccumulateKernels.SumGroupSize, 1)),
            x, batch.Sorted.View, batch.UnitStart.View, batch.Sums.View, d);
    }

    /// <summary>Terms of the separable smoothing: 0 when it is dense, 1 for the Gaussian, 2 for the mexican hat.</summary>
    private int SeparableTerms => !_separable ? 0 : Options.Neighborhood == NeighborhoodKind.MexicanHat ? 2 : 1;

    /// <summary>num and den from S and C (see <see cref="SmoothKernels"/>).</summary>
    private void Smooth(DeviceBatchBuffers batch, double sigma)
    {
        var o = Options;
        int m = o.Units, d = Features;
        int featureGroups = (d + 1 + SmoothKernels.GroupSize - 1) / SmoothKernels.GroupSize;
        var perUnit = new KernelConfig(new Index2D(m, featureGroups), new Index2D(SmoothKernels.GroupSize, 1));
        if (_separable)
        {
            var g = _codebook.AxisFactors.View;
            _kernels.TabulateAxisFactors(_stream, (int)g.Length, g, (int)o.Neighborhood, o.Width, o.Height, (int)o.Topology,
                o.Toroidal ? 1 : 0, sigma);
            // As the CPU engine: a hexagonal map runs both passes once per target-row parity (the half-column shift).
            bool hex = o.Topology == Topology.Hexagonal;
            for (int phase = 0; phase < (hex ? 2 : 1); phase++)
            {
                _kernels.SmoothRows(_stream, perUnit, batch.Sums.View, batch.Counts.View, g, batch.Temporary.View,
                    batch.TemporaryCounts.View, o.Width, o.Height, d, SeparableTerms, phase);
                _kernels.SmoothColumns(_stream, perUnit, batch.Temporary.View, batch.TemporaryCounts.View, g,
                    batch.Numerators.View, batch.Denominators.View, o.Width, o.Height, d, SeparableTerms, hex ? phase : -1);
            }
        }
        else
        {
            var h = _codebook.NeighborhoodTable.View;
            _kernels.TabulateNeighborhood(_stream, (int)h.Length, _codebook.Deltas.View, h, (int)o.Neighborhood, sigma,
                o.CompactSupport);
            _kernels.SmoothDense(_stream, perUnit, batch.Sums.View, batch.Counts.View, h, batch.Numerators.View,
                batch.Denominators.View, o.Width, o.Height, d);
        }
    }
}
