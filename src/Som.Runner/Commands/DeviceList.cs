using Som.Runner.Cli;
using System.Globalization;
using Som.Gpu;

namespace Som.Runner.Commands;

/// <summary>
/// A <c>--device</c> that names several devices, one rank each (docs/contract.md §16): <c>KIND:I,J,…</c> or
/// <c>KIND:all</c> with KIND cuda, opencl or ilgpu-cpu (<c>ilgpu-cpu:0,1</c> is two CPU accelerators, to check the path
/// without a GPU).
/// </summary>
/// <param name="Kind">cuda, opencl or ilgpu-cpu.</param>
/// <param name="Indices">The device indices, or null for all of the kind here.</param>
internal sealed record DeviceList(string Kind, int[]? Indices)
{
    /// <summary>The kinds a list may name.</summary>
    public static readonly IReadOnlyList<string> Kinds = [GpuAccelerators.Cuda, GpuAccelerators.OpenCL, GpuAccelerators.IlgpuCpu];

    /// <summary>The list <paramref name="device"/> names, or null when it names one device (no colon).</summary>
    /// <exception cref="UsageException">A colon form that is not a list of distinct indices or <c>all</c>.</exception>
    public static DeviceList? Parse(string device)
    {
        int colon = device.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return null;
        string kind = device[..colon].Trim().ToLowerInvariant(), list = device[(colon + 1)..].Trim().ToLowerInvariant();
        if (!Kinds.Contains(kind))
            throw new UsageException($"--device {device}: '{kind}' cannot take a device list: expected {string.Join(", ", Kinds)} before the colon");
        if (list == "all") return new DeviceList(kind, null);
        var indices = new List<int>();
        foreach (string part in list.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i))
                throw new UsageException($"--device {device}: '{part}' is not a device index: expected {kind}:0,1,… or {kind}:all");
            if (indices.Contains(i)) throw new UsageException($"--device {device}: device {i} is named twice: expected distinct indices");
            indices.Add(i);
        }
        return new DeviceList(kind, [.. indices]);
    }

    /// <summary>The indices to open: the list, or 0 … n − 1 for <c>all</c> (n the devices of the kind here).</summary>
    public int[] Resolve()
    {
        if (Indices is not null) return Indices;
        int n = GpuAccelerators.Count(Kind);
        if (n == 0) throw new SomOptionException("device", $"{Kind}:all", $"at least one {Kind} device here (found none)");
        return [.. Enumerable.Range(0, n)];
    }

    /// <summary>As written: <c>kind:i,j</c>.</summary>
    public override string ToString() => $"{Kind}:{(Indices is null ? "all" : string.Join(',', Indices))}";
}
