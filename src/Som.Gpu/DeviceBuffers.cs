using ILGPU;
using ILGPU.Runtime;

namespace Som.Gpu;

/// <summary>Device buffers allocated together and disposed together (so a failed allocation frees the rest).</summary>
internal sealed class DeviceBuffers : IDisposable
{
    private readonly List<MemoryBuffer> _owned = [];

    /// <summary>Takes ownership of <paramref name="buffer"/> and returns it.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Own<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged
    {
        _owned.Add(buffer);
        return buffer;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var buffer in _owned) buffer.Dispose();
        _owned.Clear();
    }
}
