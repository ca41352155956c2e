using ILGPU;
using ILGPU.Runtime;

namespace Som.Gpu;

/// <summary>
/// What lives on the device for the whole life of an engine: the codebook W (M × D row-major), its per-unit terms
/// ‖w_j‖² and −1/‖w_j‖, the δ table of <see cref="OffsetTable"/> (uploaded once) with room for h(δ) beside it,
/// the 1-D Gaussians of the separable smoothing, and the small per-sample buffers of online training.
/// </summary>
internal sealed class DeviceCodebook : IDisposable
{
    private readonly DeviceBuffers _buffers = new();

    public DeviceCodebook(Accelerator accelerator, MapGrid grid, int features)
    {
        try
        {
            int m = grid.Units;
            Weights = _buffers.Own(accelerator.Allocate1D<float>((long)m * features));
            SquaredNorms = _buffers.Own(accelerator.Allocate1D<float>(m));
            NegInverseNorms = _buffers.Own(accelerator.Allocate1D<float>(m));
            double[] deltas = new OffsetTable(grid).Deltas.ToArray();
            Deltas = _buffers.Own(accelerator.Allocate1D<double>(deltas.Length));
            Deltas.View.CopyFromCPU(deltas);
            NeighborhoodTable = _buffers.Own(accelerator.Allocate1D<double>(deltas.Length));
            AxisFactors = _buffers.Own(accelerator.Allocate1D<double>(Neighborhood.FactorTableLength(grid.Width, grid.Height)));
            Kept = _buffers.Own(accelerator.Allocate1D<int>(1));
            OnlineFirst = _buffers.Own(accelerator.Allocate1D<int>(1));
            OnlineSecond = _buffers.Own(accelerator.Allocate1D<int>(1));
            OnlineDistance = _buffers.Own(accelerator.Allocate1D<float>(1));
            OnlineSample = _buffers.Own(accelerator.Allocate1D<float>(features));
            OnlineTerm = _buffers.Own(accelerator.Allocate1D<float>(1));
            Weights.MemSetToZero();
            SquaredNorms.MemSetToZero();
            NegInverseNorms.MemSetToZero();
            accelerator.Synchronize();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>W, M × D row-major.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Weights { get; } = null!;
    /// <summary>‖w_j‖², M.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> SquaredNorms { get; } = null!;
    /// <summary>−1/‖w_j‖ (0 for a zero unit), M.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> NegInverseNorms { get; } = null!;
    /// <summary>δ by grid offset and row parity, 2·(2W−1)·(2H−1).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Deltas { get; } = null!;
    /// <summary>h(δ, σ) per slot of <see cref="Deltas"/>, filled each batch epoch that needs it.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> NeighborhoodTable { get; } = null!;
    /// <summary>g along x (W entries) then along y (H entries).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> AxisFactors { get; } = null!;
    /// <summary>Units kept by the last batch division.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> Kept { get; } = null!;
    /// <summary>BMU of the current online sample.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> OnlineFirst { get; } = null!;
    /// <summary>Second BMU of the current online sample (computed, not used).</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> OnlineSecond { get; } = null!;
    /// <summary>Distance of the current online sample to its BMU (computed, not used).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> OnlineDistance { get; } = null!;
    /// <summary>The current online sample when the data are not resident, D.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> OnlineSample { get; } = null!;
    /// <summary>Its norm term, 1.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> OnlineTerm { get; } = null!;

    /// <summary>The per-unit term the distance kernel takes: ‖w_j‖² (Euclidean) or −1/‖w_j‖ (cosine).</summary>
    public ArrayView<float> Terms(DistanceMetric metric) =>
        metric == DistanceMetric.Cosine ? NegInverseNorms.View : SquaredNorms.View;

    /// <inheritdoc />
    public void Dispose() => _buffers.Dispose();
}
