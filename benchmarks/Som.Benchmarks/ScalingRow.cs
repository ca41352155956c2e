using System.Globalization;

namespace Som.Benchmarks;

/// <summary>
/// One measured map of the scaling study: seconds of a whole batch epoch and of its stages, each the minimum of
/// <see cref="Runs"/> timed runs. On the GPU the stages come from one profiled epoch that synchronises after each.
/// </summary>
/// <param name="Backend">cpu-avx512 (the CPU engine and its kernel), or the GPU device.</param>
/// <param name="Sweep">samples, map or non-separable.</param>
/// <param name="Map">The map, e.g. "32x32 rectangular gaussian".</param>
/// <param name="Samples">N.</param>
/// <param name="Units">M.</param>
/// <param name="Side">The map's width (= height).</param>
/// <param name="Features">D.</param>
/// <param name="Sigma">σ of the timed epochs: the start of the default schedule, side / 4.</param>
/// <param name="Runs">Timed runs of the epoch (the stages ran as often or fewer, see <see cref="ScalingPlan.BudgetSeconds"/>).</param>
/// <param name="Epoch">Seconds of one batch epoch.</param>
/// <param name="Distance">Seconds of the distance + BMU stage alone.</param>
/// <param name="Accumulate">Seconds of the per-unit sums alone.</param>
/// <param name="Smoothing">Seconds of the smoothing and division alone.</param>
/// <param name="PeakGflops">The FP32 FMA peak the distance floor is computed from (of the kernel's width, all threads), 0 when not measured.</param>
public sealed record ScalingRow(string Backend, string Sweep, string Map, int Samples, int Units, int Side, int Features, double Sigma,
    int Runs, double Epoch, double Distance, double Accumulate, double Smoothing, double PeakGflops)
{
    /// <summary>Process CPU seconds of the same figures (the CPU engine only; null on the GPU).</summary>
    public CpuSeconds? Cpu { get; init; }

    /// <summary>The epoch less its three timed stages (the codebook's layout changes, the QE, the rest).</summary>
    public double Other => Epoch - Distance - Accumulate - Smoothing;

    /// <summary>Nanoseconds of the epoch per N·M·D.</summary>
    public double NanosecondsPerNmd => Epoch / ((double)Samples * Units * Features) * 1e9;

    /// <summary>The distance stage's seconds at the FMA peak: 2·N·M·D / peak; 0 without a peak.</summary>
    public double DistanceFloor => PeakGflops > 0 ? 2.0 * Samples * Units * Features / (PeakGflops * 1e9) : 0;

    /// <summary>The header of <see cref="Csv"/>.</summary>
    public const string CsvHeader = "backend,sweep,map,n,m,side,d,sigma,runs,epoch_s,distance_s,accumulate_s,smoothing_s,other_s,ns_per_nmd,peak_gflops,distance_floor_s,floor_share,distance_share,smoothing_share,epoch_cpu_s,distance_cpu_s,accumulate_cpu_s,smoothing_cpu_s";

    /// <summary>One CSV line, invariant culture, seconds to 6 significant digits.</summary>
    public string Csv() => string.Join(',',
        Backend, Sweep, Map, I(Samples), I(Units), I(Side), I(Features), G(Sigma), I(Runs), G(Epoch), G(Distance), G(Accumulate),
        G(Smoothing), G(Other), G(NanosecondsPerNmd), G(PeakGflops), G(DistanceFloor), G(DistanceFloor / Epoch), G(Distance / Epoch),
        G(Smoothing / Epoch), C(Cpu?.Epoch), C(Cpu?.Distance), C(Cpu?.Accumulate), C(Cpu?.Smoothing));

    private static string C(double? v) => v is { } x ? G(x) : "";

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
