using Som.Cpu;
using Som.Gpu;

namespace Som.Benchmarks;

/// <summary>
/// Builds the timed operation of a <see cref="StageCase"/>: seeded data in [0, 1), a seeded codebook, the stage's
/// engine, and an action that runs one operation. A case the machine cannot run comes back with the reason instead.
/// </summary>
public sealed class StageRunner : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private StageRunner(StageCase stageCase) => Case = stageCase;

    /// <summary>The case.</summary>
    public StageCase Case { get; }

    /// <summary>One operation; null when skipped.</summary>
    public Action? Run { get; private set; }

    /// <summary>Why the case is skipped; null when it runs.</summary>
    public string? Skipped { get; private set; }

    /// <summary>Threads the operation runs on.</summary>
    public int Threads { get; private set; } = Environment.ProcessorCount;

    /// <summary>Prepares <paramref name="stageCase"/> (allocates and warms nothing: the caller warms up).</summary>
    public static StageRunner Prepare(StageCase stageCase)
    {
        ArgumentNullException.ThrowIfNull(stageCase);
        var runner = new StageRunner(stageCase) { Skipped = SkipReason(stageCase) };
        if (runner.Skipped is not null) return runner;
        try
        {
            runner.Skipped = runner.Build();
        }
        catch (SomOptionException e) when (IsGpu(stageCase.Backend))
        {
            runner.Dispose();
            runner.Skipped = e.Message;
        }
        catch (SomDataException e) when (IsGpu(stageCase.Backend))
        {
            runner.Skipped = e.Message;
        }
        return runner;
    }

    /// <summary>The instruction set of a CPU backend.</summary>
    public static KernelIsa IsaOf(StageBackend backend) => backend switch
    {
        StageBackend.CpuVector512 => KernelIsa.Vector512,
        StageBackend.CpuVector256 => KernelIsa.Vector256,
        StageBackend.CpuScalar => KernelIsa.Scalar,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "not a CPU backend"),
    };

    /// <summary>Whether the backend is one of the GPU engine's accelerators.</summary>
    public static bool IsGpu(StageBackend backend) => backend is StageBackend.IlgpuCpu or StageBackend.Cuda or StageBackend.OpenCL;

    private string? Build()
    {
        var shape = Case.Shape;
        var data = SyntheticData.Matrix(shape.Samples, shape.Features, seed: 1);
        _ = data.SquaredNorms;
        float[] weights = SyntheticData.Uniform(shape.Units, shape.Features, seed: 2);
        if (IsGpu(Case.Backend)) return BuildGpu(data, weights);

        var isa = IsaOf(Case.Backend);
        var rect = new SomOptions { Width = shape.Width, Height = shape.Height };
        switch (Case.Stage)
        {
            case Stage.DistanceBmu:
            {
                var engine = Own(new CpuEngine(rect, shape.Features, isa));
                engine.SetWeights(weights);
                var bmu = new int[shape.Samples];
                Run = () => engine.FindBmus(data, bmu, default);
                return null;
            }
            case Stage.Accumulate:
            {
                var buffers = Filled(rect, data, weights, isa);
                int[] bmu = buffers.Bmus;
                Run = () => BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0);
                return null;
            }
            case Stage.SmoothSeparable:
            case Stage.SmoothDense:
            {
                var options = Case.Stage == Stage.SmoothSeparable ? rect : rect with { Topology = Topology.Hexagonal };
                if (Neighborhood.IsSeparable(options) != (Case.Stage == Stage.SmoothSeparable))
                    throw new InvalidOperationException($"{Case.Stage}: the options do not select that smoothing");
                var buffers = Filled(options, data, weights, isa);
                var grid = new MapGrid(options);
                var offsets = new OffsetTable(grid);
                var output = new float[weights.Length];
                double sigma = Math.Max(shape.Width, shape.Height) / 4.0;
                Run = () => Smoother.Apply(options, grid, offsets, sigma, buffers, output, isa, 0);
                return null;
            }
            case Stage.BatchEpoch:
            {
                var engine = Own(new CpuEngine(rect, shape.Features, isa));
                engine.SetWeights(weights);
                double sigma = Math.Max(shape.Width, shape.Height) / 4.0;
                Run = () => engine.TrainBatchEpoch(data, sigma);
                return null;
            }
            case Stage.OnlineStep:
            {
                var options = rect with { Mode = TrainingMode.Online, Threads = 1 };
                var engine = Own(new CpuEngine(options, shape.Features, isa));
                engine.SetWeights(weights);
                int[] order = [.. Enumerable.Range(0, shape.Samples)];
                Threads = 1;
                Run = () => engine.TrainOnlineEpoch(data, order, 0, order.Length);
                return null;
            }
            case Stage.KMeansStep:
            {
                var engine = Own(new CpuEngine(Som.KMeans.EngineOptions(shape.Units), shape.Features, isa));
                var labels = new int[shape.Samples];
                var start = data.Take(shape.Units).Buffer;
                Run = () =>
                {
                    engine.SetWeights(start);
                    engine.TrainBatchEpoch(data, Som.KMeans.SelfSigma, labels);
                };
                return null;
            }
            case Stage.SilhouetteBlock:
            {
                var labels = SeededLabels(shape.Samples, shape.Units);
                var clusters = ClusterAssignment.Of(labels, shape.Samples);
                Run = () => Silhouette.Values(data, clusters, isa, 0);
                return null;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(Case), Case.Stage, "not a stage");
        }
    }

    /// <summary>
    /// Why <paramref name="stageCase"/> cannot run here (a kernel the CPU does not accelerate, a stage the GPU engine
    /// has no call for, a device ILGPU does not find), or null; cheap: it builds no engine.
    /// </summary>
    public static string? SkipReason(StageCase stageCase)
    {
        ArgumentNullException.ThrowIfNull(stageCase);
        if (!IsGpu(stageCase.Backend))
        {
            if (StageCostModel.IsTransfer(stageCase.Stage)) return "the CPU engine reads the samples where they are: nothing is transferred";
            try
            {
                KernelIsaSupport.Resolve(IsaOf(stageCase.Backend));
                return null;
            }
            catch (SomOptionException e)
            {
                return e.Message;
            }
        }
        switch (stageCase.Stage)
        {
            case Stage.Accumulate:
            case Stage.SmoothSeparable:
            case Stage.SmoothDense:
                return "runs inside the GPU batch epoch, not a separate call of the GPU engine";
            case Stage.SilhouetteBlock:
                return "the silhouette has no GPU implementation";
            default:
                break;
        }
        string kind = DeviceOf(stageCase.Backend);
        return GpuKinds.Value.Contains(kind) ? null : $"ILGPU finds no {kind} device here (found: {string.Join(", ", GpuKinds.Value)})";
    }

    /// <summary>The kinds of accelerator ILGPU finds here (cuda, opencl, ilgpu-cpu), each once; none when ILGPU cannot start.</summary>
    public static IReadOnlyList<string> GpuKindsFound() => GpuKinds.Value;

    private static readonly Lazy<string[]> GpuKinds = new(() =>
    {
        try
        {
            return [.. GpuAccelerators.Describe().Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]).Distinct()];
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    });

    private static string DeviceOf(StageBackend backend) => backend switch
    {
        StageBackend.Cuda => GpuAccelerators.Cuda,
        StageBackend.OpenCL => GpuAccelerators.OpenCL,
        _ => GpuAccelerators.IlgpuCpu,
    };

    private string? BuildGpu(SampleMatrix data, float[] weights)
    {
        var shape = Case.Shape;
        string device = DeviceOf(Case.Backend);
        var rect = new SomOptions { Width = shape.Width, Height = shape.Height };
        var options = Case.Stage switch
        {
            Stage.OnlineStep => rect with { Mode = TrainingMode.Online },
            Stage.KMeansStep => Som.KMeans.EngineOptions(shape.Units),
            _ => rect,
        };
        var engine = Own(GpuEngine.Create(device, options, shape.Features));
        engine.SetWeights(weights);
        double sigma = Math.Max(shape.Width, shape.Height) / 4.0;
        switch (Case.Stage)
        {
            case Stage.DistanceBmu:
            {
                var bmu = new int[shape.Samples];
                Run = () => engine.FindBmus(data, bmu, default);
                break;
            }
            case Stage.BatchEpoch:
                Run = () => engine.TrainBatchEpoch(data, sigma);
                break;
            case Stage.OnlineStep:
            {
                int[] order = [.. Enumerable.Range(0, shape.Samples)];
                Run = () => engine.TrainOnlineEpoch(data, order, 0, order.Length);
                break;
            }
            case Stage.DistanceBmuTransfer:
            {
                // Two matrices over the same values: the engine keeps one resident at a time, so alternating them
                // copies the samples and their norm terms to the device on every call.
                var pair = Alternating(data);
                var bmu = new int[shape.Samples];
                int call = 0;
                Run = () => engine.FindBmus(pair[call++ & 1], bmu, default);
                break;
            }
            case Stage.BatchEpochTransfer:
            {
                var pair = Alternating(data);
                int call = 0;
                Run = () => engine.TrainBatchEpoch(pair[call++ & 1], sigma);
                break;
            }
            case Stage.KMeansStep:
            {
                var start = data.Take(shape.Units).Buffer;
                var labels = new int[shape.Samples];
                Run = () =>
                {
                    engine.SetWeights(start);
                    engine.FindBmus(data, labels, default);
                    engine.TrainBatchEpoch(data, Som.KMeans.SelfSigma);
                };
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(Case), Case.Stage, "not a GPU stage");
        }
        return null;
    }

    /// <summary><paramref name="data"/> and a second matrix sharing its values, both with their norms computed.</summary>
    private static SampleMatrix[] Alternating(SampleMatrix data)
    {
        var twin = SampleMatrix.Wrap(data.Buffer, data.Count, data.Features);
        _ = twin.SquaredNorms;
        return [data, twin];
    }

    /// <summary>Batch buffers holding the BMUs, sums and counts of one search of <paramref name="data"/>.</summary>
    private static BatchBuffers Filled(SomOptions options, SampleMatrix data, float[] weights, KernelIsa isa)
    {
        using var engine = new CpuEngine(options, data.Features, isa);
        engine.SetWeights(weights);
        var buffers = new BatchBuffers(options.Units, data.Features);
        int[] bmu = buffers.BmusFor(data.Count);
        engine.FindBmus(data, bmu, default);
        BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0);
        return buffers;
    }

    /// <summary>Labels 0 … k−1, seeded, every cluster non-empty (the first k points take each label once).</summary>
    public static int[] SeededLabels(int points, int clusters)
    {
        var rng = new Random(3);
        var labels = new int[points];
        for (int i = 0; i < points; i++) labels[i] = i < clusters ? i : rng.Next(clusters);
        return labels;
    }

    private T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Frees the engines.</summary>
    public void Dispose()
    {
        foreach (var o in _owned) o.Dispose();
        _owned.Clear();
    }
}
