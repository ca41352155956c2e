using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// Where a point of the plane is drawn in a square-pixel plot: one scale on both axes (so distances on the picture
/// are distances on the plane), the points' bounding box centred in the area with a margin of
/// <see cref="Padding"/> of its extent on each side, y up.
/// </summary>
internal sealed class PlotFrame
{
    /// <summary>Share of the extent left free on each side.</summary>
    public const double Padding = 0.04;

    private PlotFrame(SKRectI area, double centreX, double centreY, double scale)
    {
        Area = area;
        CentreX = centreX;
        CentreY = centreY;
        Scale = scale;
    }

    /// <summary>The plot's pixels.</summary>
    public SKRectI Area { get; }
    /// <summary>The plane's x drawn at the area's horizontal middle.</summary>
    public double CentreX { get; }
    /// <summary>The plane's y drawn at the area's vertical middle.</summary>
    public double CentreY { get; }
    /// <summary>Pixels per unit of the plane, on both axes.</summary>
    public double Scale { get; }

    /// <summary>
    /// The frame that fits <paramref name="points"/> into <paramref name="area"/>: with extents e_x, e_y of their bounding
    /// box, scale = min(width / (e_x·(1 + 2·padding)), height / (e_y·(1 + 2·padding))), an extent of 0 taking the other
    /// one (both 0: 1).
    /// </summary>
    public static PlotFrame Fit(SKRectI area, IEnumerable<(double X, double Y)> points)
    {
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (var (x, y) in points)
        {
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
        if (minX > maxX) (minX, maxX, minY, maxY) = (0, 0, 0, 0);
        double ex = maxX - minX, ey = maxY - minY;
        if (ex <= 0) ex = ey > 0 ? ey : 1;
        if (ey <= 0) ey = ex;
        double scale = Math.Min(area.Width / (ex * (1 + 2 * Padding)), area.Height / (ey * (1 + 2 * Padding)));
        return new PlotFrame(area, (minX + maxX) / 2, (minY + maxY) / 2, scale);
    }

    /// <summary>The pixel of plane point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public SKPoint ToPixel(double x, double y) => new(
        (float)(Area.Left + Area.Width / 2.0 + (x - CentreX) * Scale),
        (float)(Area.Top + Area.Height / 2.0 - (y - CentreY) * Scale));

    /// <summary>The plane's x at a pixel column.</summary>
    public double PlaneX(double px) => CentreX + (px - Area.Left - Area.Width / 2.0) / Scale;

    /// <summary>The plane's y at a pixel row.</summary>
    public double PlaneY(double py) => CentreY - (py - Area.Top - Area.Height / 2.0) / Scale;
}
