namespace Som.Gpu;

/// <summary>
/// Where one batch epoch of <see cref="GpuEngine"/> spent its time, measured with a device synchronisation after
/// each stage (<see cref="GpuEngine.ProfileStages"/>), in seconds.
/// </summary>
public sealed class GpuStageTimes
{
    /// <summary>Creates the record of one epoch.</summary>
    /// <param name="distance">The fused distance + BMU kernel, all chunks.</param>
    /// <param name="sums">The per-unit sums S and C (ranking, scans, scatter, segmented sums), all chunks.</param>
    /// <param name="smoothing">The neighbourhood tables and the smoothing into num and den.</param>
    /// <param name="division">The division and norms, and reading back the count of kept units.</param>
    public GpuStageTimes(double distance, double sums, double smoothing, double division)
    {
        Distance = distance;
        Sums = sums;
        Smoothing = smoothing;
        Division = division;
    }

    /// <summary>The fused distance + BMU kernel, all chunks (with any sample upload), in seconds.</summary>
    public double Distance { get; }

    /// <summary>The per-unit sums S and C, all chunks, in seconds.</summary>
    public double Sums { get; }

    /// <summary>The neighbourhood tables and the smoothing, in seconds.</summary>
    public double Smoothing { get; }

    /// <summary>The division, the norms and reading back the kept-unit count, in seconds.</summary>
    public double Division { get; }
}
