using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>Everything <c>som bench</c> was asked to do.</summary>
/// <param name="Data">The data source specification (<c>--data</c>).</param>
/// <param name="Device">The device name (lower case).</param>
/// <param name="Maps">The map sizes to time, in order.</param>
/// <param name="Repeat">Timed repetitions per figure.</param>
/// <param name="Limit">Use the first N samples only, or null for all.</param>
/// <param name="CheckLimit">Samples of the cross-check against the CPU engine; 0 = none.</param>
/// <param name="PeakGflops">The device's FP32 peak, or null.</param>
/// <param name="Threads">CPU engine threads; 0 = all.</param>
/// <param name="OutFile">Where to write the JSON results, or null.</param>
/// <param name="Images">How a folder of images is read, or null for the defaults.</param>
/// <param name="Sweep">Time every GPU distance + BMU kernel per map size (<see cref="BenchSweep"/>).</param>
internal sealed record BenchSettings(
    string Data,
    string Device,
    IReadOnlyList<(int Width, int Height)> Maps,
    int Repeat,
    int? Limit,
    int CheckLimit,
    double? PeakGflops,
    int Threads,
    string? OutFile,
    ImageLoadOptions? Images = null,
    bool Sweep = false);
