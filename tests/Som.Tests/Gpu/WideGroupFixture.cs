using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>
/// A second ILGPU CPU accelerator for the kernels with 128- and 256-thread groups. On this accelerator every launch
/// costs in proportion to the largest group it has ever launched (each group thread is an OS thread), so they get
/// their own and the shared one (<see cref="IlgpuCpuFixture"/>) stays at 64-thread groups.
/// </summary>
public sealed class WideGroupFixture : IDisposable
{
    public WideGroupFixture() => Device = GpuAccelerators.Open(GpuAccelerators.IlgpuCpu, assertions: true);

    public GpuAccelerator Device { get; }

    public void Dispose() => Device.Dispose();
}
