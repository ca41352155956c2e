using Som.Cpu;
using Som.Runner.Data;
using Som.Runner.Tuning;

namespace Som.Runner.Commands;

/// <summary>Everything <c>som tune</c> was asked to do, parsed and checked.</summary>
/// <param name="Data">The data source specification (<c>--data</c>); only its training split is read.</param>
/// <param name="Space">The search space.</param>
/// <param name="Objective">What the trials are ranked by.</param>
/// <param name="Trials">Trials at rung 0.</param>
/// <param name="Eta">The halving factor η: the best 1/η of a rung go on, on η times the samples.</param>
/// <param name="Rungs">Rungs (null: as many as leave one trial at the last).</param>
/// <param name="ValidationFraction">The share of the training data held out for scoring.</param>
/// <param name="Parallel">Trials run at once (null: chosen for the device).</param>
/// <param name="Device">The device name (lower case).</param>
/// <param name="CpuKernel">The CPU engine's instruction set.</param>
/// <param name="Threads">CPU threads per trial (null: the cores shared among the concurrent trials).</param>
/// <param name="OutDir">The output folder.</param>
/// <param name="Limit">Use the first N training samples only, or null for all.</param>
/// <param name="Images">How a folder of images is read, or null for the defaults.</param>
internal sealed record TuneSettings(
    string Data,
    TuneSpace Space,
    Objective Objective,
    int Trials,
    int Eta,
    int? Rungs,
    double ValidationFraction,
    int? Parallel,
    string Device,
    KernelIsa CpuKernel,
    int? Threads,
    string OutDir,
    int? Limit,
    ImageLoadOptions? Images = null);
