using Som.Runner.Rendering;

namespace Som.Runner.Commands;

/// <summary>What <c>som train --animate</c> asked for; null fields take the defaults once the data are known.</summary>
/// <param name="Every">K of <c>--animate-every</c>: epochs (batch) or samples (online) between frames; null for one frame per epoch.</param>
/// <param name="View">The <c>--animate-view</c>; null for prototypes on image data, the U-matrix otherwise.</param>
internal sealed record AnimationRequest(int? Every, AnimationView? View);
