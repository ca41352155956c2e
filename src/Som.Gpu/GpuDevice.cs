namespace Som.Gpu;

/// <summary>
/// The ILGPU engine (<see cref="GpuEngine"/>) as a <see cref="SomDevice"/>. A named kind (<see cref="Cuda"/>,
/// <see cref="OpenCL"/>, <see cref="IlgpuCpu"/>) creates its engine there or fails with a one-line
/// <see cref="SomOptionException"/> naming what this machine has, never falling back. <see cref="Auto"/> takes a CUDA
/// device, else an OpenCL device, else its fallback (the CPU engine) — not ILGPU's CPU accelerator, which is correct
/// but thousands of times slower than the CPU engine.
/// </summary>
public sealed class GpuDevice : SomDevice
{
    private readonly string _kind;
    private readonly SomDevice? _fallback;

    private GpuDevice(string kind, SomDevice? fallback)
    {
        _kind = kind;
        _fallback = fallback;
    }

    /// <summary>An NVIDIA GPU through the CUDA driver.</summary>
    public static GpuDevice Cuda { get; } = new(GpuAccelerators.Cuda, null);

    /// <summary>An OpenCL 2.0+ device with the generic address space.</summary>
    public static GpuDevice OpenCL { get; } = new(GpuAccelerators.OpenCL, null);

    /// <summary>ILGPU's CPU accelerator: the GPU kernels simulated on the CPU, for tests.</summary>
    public static GpuDevice IlgpuCpu { get; } = new(GpuAccelerators.IlgpuCpu, null);

    /// <summary>CUDA, else OpenCL, else the CPU engine (<see cref="SomDevice.Cpu"/>).</summary>
    public static GpuDevice Auto { get; } = AutoOr(SomDevice.Cpu);

    /// <summary>CUDA, else OpenCL, else <paramref name="fallback"/>.</summary>
    public static GpuDevice AutoOr(SomDevice fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new GpuDevice(GpuAccelerators.Auto, fallback);
    }

    /// <inheritdoc />
    public override string Name => _kind;

    /// <inheritdoc />
    public override ISomEngine CreateEngine(SomOptions options, int features)
    {
        if (_fallback is null) return GpuEngine.Create(_kind, options, features);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(); // a bad option is the caller's error, not a reason to try the next device
        foreach (string gpu in new[] { GpuAccelerators.Cuda, GpuAccelerators.OpenCL })
        {
            try
            {
                return GpuEngine.Create(gpu, options, features);
            }
            catch (SomOptionException)
            {
                // Not here, or not usable: try the next.
            }
        }
        return _fallback.CreateEngine(options, features);
    }
}
