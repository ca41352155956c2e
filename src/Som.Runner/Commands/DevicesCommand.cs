using System.CommandLine;
using Som.Cpu;
using Som.Gpu;
using Som.Runner.Cli;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary><c>som devices</c>: what can compute here.</summary>
internal static class DevicesCommand
{
    /// <summary>The <c>devices</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command("devices", "List the CPU engine and the ILGPU accelerators found here");
        command.SetAction(_ => Run(context.Progress));
        return command;
    }

    /// <summary>Prints the CPU engine's kernel and each ILGPU accelerator.</summary>
    public static int Run(ProgressReporter output)
    {
        output.Line($"cpu: SomGpu CPU engine, {KernelIsaSupport.Describe(KernelIsaSupport.Resolve(KernelIsa.Auto))} kernel, {Environment.ProcessorCount} cores");
        foreach (string device in GpuAccelerators.Describe()) output.Line(device);
        return 0;
    }
}
