namespace Som.Benchmarks;

/// <summary>
/// What the scaling study (<see cref="ScalingReport"/>) measures: batch epochs of the CPU engine as N grows (on a
/// <see cref="SamplesSide"/>² map), as the map grows (on <see cref="MapSamples"/> samples), each at the data's full
/// and halved resolution (D and D/4), then the maps whose smoothing is not separable; and the GPU engine's map sweep
/// when a device is given.
/// </summary>
public sealed record ScalingPlan
{
    /// <summary>The N of the sample sweep.</summary>
    public IReadOnlyList<int> Samples { get; init; } = [7_000, 12_000, 22_000, 39_000, 70_000];

    /// <summary>The map side of the sample sweep.</summary>
    public int SamplesSide { get; init; } = 32;

    /// <summary>The sides of the map sweep (square rectangular Gaussian maps).</summary>
    public IReadOnlyList<int> Sides { get; init; } = [10, 16, 24, 32, 48, 64, 96, 128];

    /// <summary>
    /// The N of the map sweep and of the non-separable maps (0 = every sample): 10,000 by default, so the sweep to
    /// 128 × 128 fits in minutes on two cores; the epoch's cost per N·M·D hardly depends on N (the samples sweep shows it).
    /// </summary>
    public int MapSamples { get; init; } = 10_000;

    /// <summary>The side of the non-separable maps (a rectangular bubble and a hexagonal Gaussian); 0 = none.</summary>
    public int NonSeparableSide { get; init; } = 100;

    /// <summary>Timed runs of each figure (fewer once a figure's runs took <see cref="BudgetSeconds"/>); the figure is their minimum.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Seconds after which a figure stops repeating (it always runs once).</summary>
    public double BudgetSeconds { get; init; } = 10;

    /// <summary>Untimed epochs before a map's figures: at least one, more while fewer than 30 and under this many seconds.</summary>
    public double WarmupSeconds { get; init; } = 2;

    /// <summary>The GPU engine's device (cuda, opencl, ilgpu-cpu), or null for none.</summary>
    public string? GpuDevice { get; init; }

    /// <summary>The sides of the GPU engine's map sweep (256 only on a real device).</summary>
    public IReadOnlyList<int> GpuSides { get; init; } = [10, 16, 24, 32, 48, 64, 96, 128, 256];

    /// <summary>A look in a few minutes: N up to 22,000, maps up to 48 × 48 on 10,000 samples, the non-separable maps at 48 × 48.</summary>
    public static ScalingPlan Quick { get; } = new()
    {
        Samples = [7_000, 12_000, 22_000],
        Sides = [10, 16, 24, 32, 48],
        MapSamples = 10_000,
        NonSeparableSide = 48,
        GpuSides = [10, 16, 24, 32, 48],
    };
}
