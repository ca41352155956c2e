using ILGPU;
using ILGPU.Runtime;

namespace Som.Gpu;

/// <summary>An ILGPU accelerator together with the context it was created in; disposing it releases both.</summary>
public sealed class GpuAccelerator : IDisposable
{
    private readonly Context _context;
    private bool _disposed;

    internal GpuAccelerator(Context context, Accelerator accelerator, string kind)
    {
        _context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    /// <summary>The device kind as <c>--device</c> names it: cuda, opencl or ilgpu-cpu.</summary>
    public string Kind { get; }

    /// <summary>The ILGPU accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Kind and device name, e.g. "cuda: NVIDIA H100 80GB HBM3" or "ilgpu-cpu: CPUAccelerator (warp 32, groups ≤ 1024)".</summary>
    public string Name => Kind == GpuAccelerators.IlgpuCpu
        ? $"{Kind}: {Accelerator.Name} (warp {Accelerator.WarpSize}, groups ≤ {Accelerator.MaxNumThreadsPerGroup})"
        : $"{Kind}: {Accelerator.Name}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Accelerator.Dispose();
        _context.Dispose();
    }
}
