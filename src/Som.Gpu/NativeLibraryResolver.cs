using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;

namespace Som.Gpu;

/// <summary>
/// Lets ILGPU find the CUDA driver and the OpenCL loader on hosts that only ship the versioned files: ILGPU
/// imports <c>cuda</c> and <c>OpenCL</c>, which .NET probes as <c>libcuda.so</c> and <c>libOpenCL.so</c> (the
/// development symlinks, often missing), so without this ILGPU silently finds no device.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver for the ILGPU assembly once per process.</summary>
    /// <remarks>
    /// Skipped under WSL, where ILGPU registers its own resolver for the WSL driver folder (an assembly takes only
    /// one), and when someone else already registered one.
    /// </remarks>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
            if (!OperatingSystem.IsLinux() || Directory.Exists("/usr/lib/wsl/lib")) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // A resolver is already set for ILGPU: keep it.
            }
        }
    }

    /// <summary>The versioned file a plain library name falls back to, or null for names left to .NET.</summary>
    public static string? Fallback(string libraryName) => libraryName switch
    {
        "cuda" or "nvcuda" or "libcuda" or "libcuda.so" => "libcuda.so.1",
        "OpenCL" or "opencl" or "libOpenCL" or "libOpenCL.so" => "libOpenCL.so.1",
        _ => null,
    };

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (Fallback(libraryName) is not { } versioned) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle)) return handle;
        return NativeLibrary.TryLoad(versioned, assembly, searchPath, out handle) ? handle : IntPtr.Zero;
    }
}
