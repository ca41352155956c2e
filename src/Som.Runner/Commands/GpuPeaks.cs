namespace Som.Runner.Commands;

/// <summary>
/// FP32 (non-tensor) peaks of the GPUs the sweep is meant for, by CUDA device name, from NVIDIA's datasheets (boost
/// clock): what <c>som bench --sweep</c> states the distance stage's share of.
/// </summary>
internal static class GpuPeaks
{
    // Most specific names first: "H100 NVL" and "H100 PCIe" before "H100".
    private static readonly (string Name, string Chip, double Gflops)[] Known =
    [
        ("H200 NVL", "H200 NVL", 60_000),
        ("H200", "H200 SXM", 66_900),
        ("H100 NVL", "H100 NVL", 60_000),
        ("H100 PCIe", "H100 PCIe", 51_200),
        ("H100", "H100 SXM", 66_900),
        ("A100", "A100", 19_500),
    ];

    /// <summary>The chip and its datasheet FP32 peak in GFLOP/s, or null for a device not in the table.</summary>
    public static (string Chip, double Gflops)? Lookup(string deviceName)
    {
        foreach (var (name, chip, gflops) in Known)
            if (deviceName.Contains(name, StringComparison.OrdinalIgnoreCase)) return (chip, gflops);
        return null;
    }
}
