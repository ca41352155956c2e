using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>A dendrogram written: its file and where its parts were drawn.</summary>
/// <param name="Path">The PNG file.</param>
/// <param name="Plot">The plot area: height 0 at its bottom row, <paramref name="TopHeight"/> at its top row.</param>
/// <param name="TopHeight">The merge height at the plot's top row.</param>
/// <param name="CutRow">The pixel row of the cut line.</param>
/// <param name="LeafX">Each leaf's x, in leaf order.</param>
internal sealed record DendrogramPicture(string Path, SKRectI Plot, double TopHeight, int CutRow, float[] LeafX)
{
    /// <summary>The pixel row of merge height <paramref name="h"/>.</summary>
    public int Row(double h) => Plot.Bottom - 1 - (int)Math.Round(h / TopHeight * (Plot.Height - 1), MidpointRounding.AwayFromZero);
}
