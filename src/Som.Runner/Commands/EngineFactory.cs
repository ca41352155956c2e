using Som.Cpu;
using Som.Gpu;

namespace Som.Runner.Commands;

/// <summary>Creates the engine a <c>--device</c> names.</summary>
internal static class EngineFactory
{
    /// <summary>
    /// <c>cpu</c>: the CPU engine. <c>cuda</c>, <c>opencl</c>, <c>ilgpu-cpu</c>: the GPU engine on that ILGPU
    /// accelerator, or a one-line error naming what is here (never a silent fallback). <c>auto</c>: a CUDA device,
    /// else an OpenCL device, else the CPU engine — not ILGPU's CPU accelerator, which is correct but thousands
    /// of times slower than the CPU engine.
    /// </summary>
    public static ISomEngine Create(string device, SomOptions options, int features, KernelIsa cpuKernel)
    {
        switch (device)
        {
            case "cpu":
                return new CpuEngine(options, features, cpuKernel);
            case "auto":
                return GpuDevice.AutoOr(new CpuDevice(cpuKernel)).CreateEngine(options, features);
            default:
                return GpuEngine.Create(device, options, features);
        }
    }
}
