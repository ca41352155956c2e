using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>A curve written: its file, the plot area, and where each point was marked (in pixels, in the order given).</summary>
/// <param name="Path">The PNG file.</param>
/// <param name="Plot">The plot area inside the axes.</param>
/// <param name="Points">The centre of each point's mark; null for a point without a value.</param>
/// <param name="YTicks">The y axis ticks: value and pixel row.</param>
internal sealed record ChartPicture(string Path, SKRectI Plot, IReadOnlyList<SKPoint?> Points, IReadOnlyList<(double Value, float Y)> YTicks);
