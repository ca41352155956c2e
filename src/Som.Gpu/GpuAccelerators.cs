using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Som.Gpu;

/// <summary>
/// Chooses an ILGPU accelerator by the name <c>--device</c> gives: <c>auto</c> takes the first that works of CUDA,
/// then OpenCL, then the ILGPU CPU accelerator; <c>cuda</c>, <c>opencl</c> and <c>ilgpu-cpu</c> take that kind or
/// fail with a one-line <see cref="SomOptionException"/> naming what this machine has. A named device never falls
/// back to another.
/// <para>The ILGPU CPU accelerator is the NVIDIA-shaped simulator (warp 32, groups up to 1024 threads), so kernels
/// run with the group shapes of a real GPU. It runs each group thread as an OS thread: correct, but far slower
/// than the CPU engine, and meant for tests.</para>
/// </summary>
public static class GpuAccelerators
{
    /// <summary>The best device that works here.</summary>
    public const string Auto = "auto";
    /// <summary>An NVIDIA GPU through the CUDA driver.</summary>
    public const string Cuda = "cuda";
    /// <summary>An OpenCL 2.0+ device with the generic address space.</summary>
    public const string OpenCL = "opencl";
    /// <summary>ILGPU's CPU accelerator (a GPU simulator).</summary>
    public const string IlgpuCpu = "ilgpu-cpu";

    /// <summary>The names <see cref="Open"/> accepts, in the order <c>auto</c> prefers the kinds.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, Cuda, OpenCL, IlgpuCpu];

    /// <summary>The kind name of an ILGPU accelerator type.</summary>
    internal static string KindOf(AcceleratorType type) => type switch
    {
        AcceleratorType.Cuda => Cuda,
        AcceleratorType.OpenCL => OpenCL,
        AcceleratorType.CPU => IlgpuCpu,
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>One line per device ILGPU finds here, CUDA first, then OpenCL, then the CPU accelerator.</summary>
    public static IReadOnlyList<string> Describe()
    {
        using var context = CreateContext(assertions: false);
        return Ordered(context).Select(d => $"{KindOf(d.AcceleratorType)}: {d.Name}").ToList();
    }

    /// <summary>Opens the accelerator <paramref name="device"/> names.</summary>
    /// <param name="device">auto, cuda, opencl or ilgpu-cpu.</param>
    /// <param name="assertions">Compile kernels with ILGPU's bounds checks (for debugging and tests).</param>
    /// <exception cref="SomOptionException">An unknown name, or a named device that is not here or cannot be used.</exception>
    public static GpuAccelerator Open(string device, bool assertions = false) => OpenFirst(device, assertions, a => a);

    /// <summary>
    /// Number of devices of kind <paramref name="device"/> here (cuda, opencl or ilgpu-cpu); for ilgpu-cpu, 1 (each
    /// <see cref="OpenIndexed"/> of it makes another accelerator on the same processor).
    /// </summary>
    /// <exception cref="SomOptionException">A name other than cuda, opencl or ilgpu-cpu.</exception>
    public static int Count(string device)
    {
        string name = Kind(device);
        using var context = CreateContext(assertions: false);
        return Ordered(context).Count(d => KindOf(d.AcceleratorType) == name);
    }

    /// <summary>
    /// Opens device <paramref name="index"/> of kind <paramref name="device"/> (cuda or opencl: the index-th device of that
    /// kind, in ILGPU's order; ilgpu-cpu: a separate CPU accelerator for every index, so several run side by side), each in
    /// a context of its own: one accelerator per rank of a run on several devices.
    /// </summary>
    /// <exception cref="SomOptionException">An unknown kind, or no such device here.</exception>
    public static GpuAccelerator OpenIndexed(string device, int index, bool assertions = false)
    {
        string name = Kind(device);
        if (index < 0) throw new SomOptionException("device", $"{name}:{index}", "a device index ≥ 0");
        var context = CreateContext(assertions);
        try
        {
            var all = Ordered(context).Where(d => KindOf(d.AcceleratorType) == name).ToList();
            if (all.Count == 0 || (name != IlgpuCpu && index >= all.Count))
                throw new SomOptionException("device", $"{name}:{index}",
                    all.Count == 0 ? $"a {name} device here (found none)" : $"an index below {all.Count} ({all.Count} {name} device{(all.Count == 1 ? "" : "s")} here)");
            var candidate = all[name == IlgpuCpu ? 0 : index];
            var accelerator = candidate is CPUDevice cpu ? cpu.CreateCPUAccelerator(context) : candidate.CreateAccelerator(context);
            return new GpuAccelerator(context, accelerator, KindOf(candidate.AcceleratorType));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static string Kind(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string name = device.Trim().ToLowerInvariant();
        if (name is not (Cuda or OpenCL or IlgpuCpu)) throw new SomOptionException("device", device, "cuda, opencl or ilgpu-cpu");
        return name;
    }

    /// <summary>
    /// Opens the candidates for <paramref name="device"/> in order and returns what <paramref name="use"/> makes of
    /// the first that works. Under <c>auto</c> a device that fails (to open, or in <paramref name="use"/>, e.g. when
    /// its kernels do not compile) is closed and the next is tried; a named device's failure is an error.
    /// <paramref name="use"/> takes ownership of the accelerator it is given when it returns normally.
    /// </summary>
    internal static T OpenFirst<T>(string device, bool assertions, Func<GpuAccelerator, T> use)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(use);
        string name = device.Trim().ToLowerInvariant();
        if (!Names.Contains(name)) throw new SomOptionException("device", device, "auto, cuda, opencl or ilgpu-cpu");

        var context = CreateContext(assertions);
        var all = Ordered(context);
        var candidates = name == Auto ? all : all.Where(d => KindOf(d.AcceleratorType) == name).ToList();
        if (candidates.Count == 0)
        {
            context.Dispose();
            string found = all.Count == 0 ? "none" : string.Join(", ", all.Select(d => KindOf(d.AcceleratorType)).Distinct());
            throw new SomOptionException("device", name, $"a device that is available here (found: {found})");
        }

        var failures = new List<string>();
        bool contextOwned = false;
        try
        {
            foreach (var candidate in candidates)
            {
                GpuAccelerator? opened = null;
                try
                {
                    var accelerator = candidate is CPUDevice cpu ? cpu.CreateCPUAccelerator(context) : candidate.CreateAccelerator(context);
                    opened = new GpuAccelerator(context, accelerator, KindOf(candidate.AcceleratorType));
                    var result = use(opened);
                    contextOwned = true;
                    return result;
                }
                catch (Exception e) when (e is not SomOptionException and not SomDataException && name == Auto)
                {
                    opened?.Accelerator.Dispose();
                    failures.Add($"{KindOf(candidate.AcceleratorType)} ({candidate.Name}): {FirstLine(e.Message)}");
                }
                catch (Exception e) when (e is not SomOptionException and not SomDataException)
                {
                    opened?.Accelerator.Dispose();
                    throw new SomOptionException("device", name,
                        $"a device ILGPU can use here: {candidate.Name} failed with \"{FirstLine(e.Message)}\"");
                }
            }
            throw new SomOptionException("device", name, $"a device ILGPU can use here; every one failed: {string.Join("; ", failures)}");
        }
        finally
        {
            if (!contextOwned) context.Dispose();
        }
    }

    /// <summary>A context with every backend enabled, the CPU accelerator in its NVIDIA shape, and ILGPU.Algorithms.</summary>
    internal static Context CreateContext(bool assertions)
    {
        NativeLibraryResolver.Register();
        return Context.Create(builder =>
        {
            builder.Cuda().OpenCL().CPU(CPUDeviceKind.Nvidia).EnableAlgorithms();
            if (assertions) builder.Assertions();
        });
    }

    private static List<Device> Ordered(Context context) =>
        context.Devices.OrderBy(d => d.AcceleratorType switch
        {
            AcceleratorType.Cuda => 0,
            AcceleratorType.OpenCL => 1,
            _ => 2,
        }).ToList();

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
