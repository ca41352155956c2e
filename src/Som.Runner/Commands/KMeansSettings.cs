using Som.Cpu;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>Everything <c>som kmeans</c> was asked to do.</summary>
/// <param name="Data">The data source specification (<c>--data</c>).</param>
/// <param name="KFrom">The smallest k of the sweep (or the one k).</param>
/// <param name="KTo">The largest k of the sweep (equal to <paramref name="KFrom"/> for one k).</param>
/// <param name="Restarts">k-means++ restarts per k (<c>--n-init</c>).</param>
/// <param name="MaxIterations">Assignment steps per restart (<c>--max-iter</c>).</param>
/// <param name="Seed">Seed of the k-means++ draws.</param>
/// <param name="Device">The device name (lower case).</param>
/// <param name="CpuKernel">The CPU engine's instruction set.</param>
/// <param name="Threads">CPU threads; 0 = all.</param>
/// <param name="OutDir">The output folder.</param>
/// <param name="Limit">Use the first N samples only, or null for all.</param>
/// <param name="Images">How a folder of images is read, or null for the defaults.</param>
/// <param name="SilhouetteSample">Compute the silhouette on a seeded subsample of this many samples, or null for exactly on all.</param>
internal sealed record KMeansSettings(
    string Data,
    int KFrom,
    int KTo,
    int Restarts,
    int MaxIterations,
    ulong Seed,
    string Device,
    KernelIsa CpuKernel,
    int Threads,
    string OutDir,
    int? Limit,
    ImageLoadOptions? Images = null,
    int? SilhouetteSample = null);
