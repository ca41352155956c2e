using Som.Cpu;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>Everything <c>som train</c> was asked to do, parsed and checked.</summary>
/// <param name="Data">The data source specification (<c>--data</c>).</param>
/// <param name="Options">The validated training options.</param>
/// <param name="Device">The device name <c>--device</c> gave (lower case).</param>
/// <param name="CpuKernel">The CPU engine's instruction set.</param>
/// <param name="OutDir">The output folder.</param>
/// <param name="Limit">Train on the first N samples only, or null for all.</param>
/// <param name="TestLimit">Evaluate on the first N test samples only, or null for all.</param>
/// <param name="NoReport">True to skip the pictures.</param>
/// <param name="CheckpointEvery">Write OutDir/checkpoint.som every K epochs (batch) or samples (online), or null for none.</param>
/// <param name="Resume">The folder whose checkpoint.som the run continues from, or null for a fresh run.</param>
/// <param name="Arguments">The command line's words after <c>som</c>, for the resume hint.</param>
/// <param name="Images">How a folder of images is read (<c>--image-size</c>, <c>--color</c>), or null for the defaults.</param>
/// <param name="Animate">What <c>--animate</c> asked for, or null for no training.png.</param>
/// <param name="InitCodebook">The codebook file the run starts from (<c>--init-codebook</c>) instead of <see cref="SomOptions.Init"/>, or null.</param>
/// <param name="MpiTimeout">Under mpirun: seconds a collective may wait (<c>--mpi-timeout</c>), or null for the default.</param>
internal sealed record TrainSettings(
    string Data,
    SomOptions Options,
    string Device,
    KernelIsa CpuKernel,
    string OutDir,
    int? Limit,
    int? TestLimit,
    bool NoReport = false,
    int? CheckpointEvery = null,
    string? Resume = null,
    IReadOnlyList<string>? Arguments = null,
    ImageLoadOptions? Images = null,
    AnimationRequest? Animate = null,
    string? InitCodebook = null,
    double? MpiTimeout = null);
