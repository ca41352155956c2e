using ILGPU;
using ILGPU.Runtime;
using Som.Gpu.Kernels;

namespace Som.Gpu;

/// <summary>
/// The batch epoch's device buffers, sized for M units × D features and chunks of up to <see cref="Chunk"/>
/// samples: S, C, the smoothed numerators and denominators and the separable pass's temporary (all double), and
/// the counting sort's integer arrays, and the BMU search's outputs (first, second, best distance).
/// </summary>
internal sealed class DeviceBatchBuffers : IDisposable
{
    private readonly DeviceBuffers _buffers = new();

    public DeviceBatchBuffers(Accelerator accelerator, int units, int features, int chunk, int separableTerms)
    {
        Chunk = chunk;
        try
        {
            long md = (long)units * features;
            int blocks = (chunk + AccumulateKernels.BlockSize - 1) / AccumulateKernels.BlockSize;
            Sums = _buffers.Own(accelerator.Allocate1D<double>(md));
            Counts = _buffers.Own(accelerator.Allocate1D<double>(units));
            Numerators = _buffers.Own(accelerator.Allocate1D<double>(md));
            Denominators = _buffers.Own(accelerator.Allocate1D<double>(units));
            Temporary = _buffers.Own(accelerator.Allocate1D<double>(separableTerms > 0 ? separableTerms * md : 1));
            TemporaryCounts = _buffers.Own(accelerator.Allocate1D<double>(separableTerms > 0 ? (long)separableTerms * units : 1));
            UnitCounts = _buffers.Own(accelerator.Allocate1D<int>(units));
            UnitStart = _buffers.Own(accelerator.Allocate1D<int>(units + 1L));
            BlockCounts = _buffers.Own(accelerator.Allocate1D<int>((long)blocks * units));
            Ranks = _buffers.Own(accelerator.Allocate1D<int>(chunk));
            Sorted = _buffers.Own(accelerator.Allocate1D<int>(chunk));
            First = _buffers.Own(accelerator.Allocate1D<int>(chunk));
            Second = _buffers.Own(accelerator.Allocate1D<int>(chunk));
            Distances = _buffers.Own(accelerator.Allocate1D<float>(chunk));
            BmuDistances = _buffers.Own(accelerator.Allocate1D<float>(chunk));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Most samples per chunk.</summary>
    public int Chunk { get; }
    /// <summary>S_k, M × D.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Sums { get; } = null!;
    /// <summary>C_k, M.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Counts { get; } = null!;
    /// <summary>Σ_k h·S_k, M × D.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Numerators { get; } = null!;
    /// <summary>Σ_k h·C_k, M.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Denominators { get; } = null!;
    /// <summary>The first separable pass, terms × M × D (1 entry when the smoothing is dense).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Temporary { get; } = null!;
    /// <summary>The first separable pass of the counts, terms × M.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> TemporaryCounts { get; } = null!;
    /// <summary>Hits per unit in the current chunk, M.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> UnitCounts { get; } = null!;
    /// <summary>Start of each unit's run in the sorted order, M + 1.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> UnitStart { get; } = null!;
    /// <summary>Hits (then offsets) per ranking block and unit, ⌈chunk/256⌉ × M.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> BlockCounts { get; } = null!;
    /// <summary>Rank of each sample within its block and unit, chunk.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> Ranks { get; } = null!;
    /// <summary>Sample indices in BMU order, chunk.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> Sorted { get; } = null!;
    /// <summary>BMU per sample, chunk.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> First { get; } = null!;
    /// <summary>Second BMU per sample, chunk.</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> Second { get; } = null!;

    /// <summary>d(x_i, w_b(i)) per sample, chunk: the distance of docs/contract.md §5 the BMU search ranked by.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Distances { get; } = null!;

    /// <summary>Each sample's expanded distance to its BMU, chunk (for the per-epoch QE).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> BmuDistances { get; } = null!;

    /// <inheritdoc />
    public void Dispose() => _buffers.Dispose();
}
