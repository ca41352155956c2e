namespace Som.Cpu;

/// <summary>The CPU engine (<see cref="CpuEngine"/>) as a <see cref="SomDevice"/>, with a chosen distance kernel.</summary>
/// <param name="isa">Instruction set of the distance kernel; <see cref="KernelIsa.Auto"/> picks the best this processor runs.</param>
public sealed class CpuDevice(KernelIsa isa = KernelIsa.Auto) : SomDevice
{
    /// <summary>Instruction set the engines' distance kernel is asked for.</summary>
    public KernelIsa Isa { get; } = isa;

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    public override ISomEngine CreateEngine(SomOptions options, int features) => new CpuEngine(options, features, Isa);
}
