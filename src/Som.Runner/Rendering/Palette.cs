using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>The colours of the pictures: a perceptual sequential scale for values and distinct colours for classes.</summary>
internal static class Palette
{
    // Nine stops of the viridis scale (dark violet → yellow). Its lightness rises monotonically, and so does that of
    // the straight segments between the stops, so a lighter cell always means a larger value.
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140),
        (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
    ];

    private static readonly SKColor[] Classes =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>Background of every picture.</summary>
    public static readonly SKColor Background = SKColors.White;

    /// <summary>Ink of text and axes.</summary>
    public static readonly SKColor Ink = new(30, 30, 30);

    /// <summary>Fill of a unit without hits (class map, exemplars, hit map).</summary>
    public static readonly SKColor Empty = new(232, 232, 232);

    /// <summary>The cross drawn over a unit without hits.</summary>
    public static readonly SKColor EmptyMark = new(150, 150, 150);

    /// <summary>The scale's colour at <paramref name="t"/> ∈ [0, 1] (clamped; NaN reads as 0).</summary>
    public static SKColor Sequential(double t)
    {
        if (!(t > 0)) t = 0;
        if (t > 1) t = 1;
        double p = t * (Stops.Length - 1);
        int i = Math.Min((int)p, Stops.Length - 2);
        double f = p - i;
        var (a, b) = (Stops[i], Stops[i + 1]);
        return new SKColor(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    /// <summary>Legend colour of class <paramref name="c"/>: ten distinct colours, then hues spaced by the golden angle.</summary>
    public static SKColor Class(int c) =>
        c < Classes.Length ? Classes[c] : SKColor.FromHsl((float)((c - Classes.Length) * 137.508 % 360), 65, 45);

    /// <summary>
    /// A class colour lightened by a unit's purity p: each channel v becomes v + (255 − v)·0.7·(1 − p), rounded, so
    /// p = 1 is the legend colour itself and lower purity is paler.
    /// </summary>
    public static SKColor Lighten(SKColor color, double purity)
    {
        double k = 0.7 * (1 - Math.Clamp(purity, 0, 1));
        return new SKColor(Up(color.Red, k), Up(color.Green, k), Up(color.Blue, k));
    }

    /// <summary>Relative lightness of a colour (Rec. 601 luma, 0–255).</summary>
    public static double Luma(SKColor c) => 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f, MidpointRounding.AwayFromZero);

    private static byte Up(byte v, double k) => (byte)Math.Round(v + (255 - v) * k, MidpointRounding.AwayFromZero);
}
