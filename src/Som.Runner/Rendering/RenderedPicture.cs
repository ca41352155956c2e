using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>A picture written: its file, where each map in it was drawn, and its colour bar if it has one.</summary>
/// <param name="Path">The PNG file.</param>
/// <param name="Maps">The map layouts in the picture (one per component plane; one otherwise).</param>
/// <param name="Bar">The colour bar's rectangle, top row = the largest value, or null.</param>
/// <param name="Legend">The legend's swatches in order (class c at index c, then "no hits"), or empty.</param>
internal sealed record RenderedPicture(string Path, IReadOnlyList<MapLayout> Maps, SKRectI? Bar, IReadOnlyList<SKRectI>? Legend = null)
{
    /// <summary>Where each unit's point was drawn, unit by unit, in the projection pictures; null in the others.</summary>
    public IReadOnlyList<SKPoint>? Points { get; init; }
}
