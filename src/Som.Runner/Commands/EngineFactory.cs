using Som.Cpu;
using Som.Runner.Cli;

namespace Som.Runner.Commands;

/// <summary>Creates the engine a <c>--device</c> names.</summary>
internal static class EngineFactory
{
    /// <summary>The engine for <paramref name="device"/>; a device this build cannot use is a usage error.</summary>
    public static ISomEngine Create(string device, SomOptions options, int features, KernelIsa cpuKernel) => device switch
    {
        "cpu" or "auto" => new CpuEngine(options, features, cpuKernel),
        _ => throw new UsageException(
            $"--device: '{device}' is not available in this build: it has the CPU engine only (use --device cpu)"),
    };
}
