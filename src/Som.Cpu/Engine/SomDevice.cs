using Som.Cpu;

namespace Som;

/// <summary>
/// Where a <see cref="SelfOrganizingMap"/> computes: a factory of <see cref="ISomEngine"/>s. The core ships
/// <see cref="Cpu"/>; the GPU package adds its devices as further subclasses (<c>Som.Gpu.GpuDevice</c>), so a
/// program that references only the core can never name a device it cannot create.
/// </summary>
public abstract class SomDevice
{
    /// <summary>The CPU engine with the best distance kernel this processor runs.</summary>
    public static SomDevice Cpu { get; } = new CpuDevice();

    /// <summary>A short name of the device ("cpu", "cuda" …).</summary>
    public abstract string Name { get; }

    /// <summary>Creates an engine with a zero codebook of M = W·H units × <paramref name="features"/> on this device.</summary>
    /// <param name="options">The map's options (the engine validates them).</param>
    /// <param name="features">Features per sample D.</param>
    /// <exception cref="SomOptionException">A bad option, or the device is not available here.</exception>
    public abstract ISomEngine CreateEngine(SomOptions options, int features);

    /// <inheritdoc />
    public override string ToString() => Name;
}
