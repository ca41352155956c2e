namespace Som.Gpu;

/// <summary>The ILGPU accelerators this machine offers, in the order <c>--device auto</c> prefers them.</summary>
public static class GpuDevices
{
    /// <summary>One line per accelerator: its kind and name (CUDA first, then OpenCL, then the ILGPU CPU accelerator).</summary>
    public static IReadOnlyList<string> List() => GpuAccelerators.Describe();
}
