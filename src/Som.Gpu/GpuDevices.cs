using ILGPU;
using ILGPU.Runtime;

namespace Som.Gpu;

/// <summary>The ILGPU accelerators this machine offers, in the order <c>--device auto</c> prefers them.</summary>
public static class GpuDevices
{
    /// <summary>One line per accelerator: its kind and name (CUDA first, then OpenCL, then the ILGPU CPU accelerator).</summary>
    public static IReadOnlyList<string> List()
    {
        using var context = Context.Create(builder => builder.Default());
        return context.Devices
            .OrderBy(d => Rank(d.AcceleratorType))
            .Select(d => $"{Describe(d.AcceleratorType)}: {d.Name}")
            .ToList();
    }

    private static int Rank(AcceleratorType type) => type switch
    {
        AcceleratorType.Cuda => 0,
        AcceleratorType.OpenCL => 1,
        _ => 2,
    };

    private static string Describe(AcceleratorType type) => type switch
    {
        AcceleratorType.Cuda => "cuda",
        AcceleratorType.OpenCL => "opencl",
        AcceleratorType.CPU => "ilgpu-cpu",
        _ => type.ToString().ToLowerInvariant(),
    };
}
