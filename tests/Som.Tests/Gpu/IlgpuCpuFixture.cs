using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>
/// One ILGPU CPU accelerator (the NVIDIA-shaped simulator, with ILGPU's bounds checks on) shared by every GPU test:
/// opening it and loading the kernels is the expensive part.
/// </summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public IlgpuCpuFixture() => Device = GpuAccelerators.Open(GpuAccelerators.IlgpuCpu, assertions: true);

    public GpuAccelerator Device { get; }

    public void Dispose() => Device.Dispose();
}
