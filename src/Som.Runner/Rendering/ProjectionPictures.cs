using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// The map seen from the data (docs/contract.md §14): pca.png, a seeded sample of the data and the prototypes on the
/// data's two leading principal components; tsne.png, an exact t-SNE of the prototypes. In both, neighbouring units
/// are joined by the lattice's edges (4 neighbours on a rectangular map, 6 on a hexagonal one; on a torus without the
/// wrap-around edges, which would cross the picture).
/// </summary>
internal static class ProjectionPictures
{
    /// <summary>Most samples drawn in the PCA view.</summary>
    public const int SampleSize = 2000;

    /// <summary>Most classes listed in a legend; the rest are counted below it.</summary>
    public const int MaxLegendClasses = 24;

    /// <summary>Side of the square plot area, in pixels.</summary>
    public const int PlotSize = 640;

    /// <summary>Colour of a data point when the data have no labels.</summary>
    public static readonly SKColor Unlabelled = new(120, 150, 200);

    /// <summary>Colour of a prototype in the PCA view.</summary>
    public static readonly SKColor Prototype = Palette.Ink;

    /// <summary>Colour of a grid edge in the t-SNE view (drawn under the dots).</summary>
    public static readonly SKColor EdgeColor = new(40, 40, 40, 170);

    /// <summary>Colour of a grid edge in the PCA view: lighter, so that the samples under the net stay visible.</summary>
    public static readonly SKColor PcaEdgeColor = new(20, 20, 20, 100);
    private static readonly SKColor FrameColor = new(120, 120, 120);
    private const int AxisGutter = 56, AxisFoot = 44, SideWidth = 180;

    /// <summary>The plot area of pca.png (left of it the PC2 axis, below it the PC1 axis).</summary>
    public static SKRectI PcaArea => new(Figure.ContentLeft + AxisGutter, Figure.ContentTop, Figure.ContentLeft + AxisGutter + PlotSize, Figure.ContentTop + PlotSize);

    /// <summary>The plot area of tsne.png.</summary>
    public static SKRectI TsneArea => new(Figure.ContentLeft, Figure.ContentTop, Figure.ContentLeft + PlotSize, Figure.ContentTop + PlotSize);

    /// <summary>
    /// The samples the PCA view draws: the first min(N, <see cref="SampleSize"/>) of a permutation of 0 … N − 1 drawn from
    /// <c>SomRandom(seed)</c> (docs/contract.md §9), in that order.
    /// </summary>
    public static int[] Sample(int count, ulong seed)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        new SomRandom(seed).Permutation(order);
        return order[..Math.Min(count, SampleSize)];
    }

    /// <summary>
    /// The lattice edges (j, k), j &lt; k, between neighbouring units: 4 neighbours on a rectangular map, 6 on a hexagonal
    /// one, on the map without wrap-around (a torus's seam edges are left out).
    /// </summary>
    public static List<(int J, int K)> GridEdges(SomOptions o)
    {
        var flat = new MapGrid(o.Width, o.Height, o.Topology, toroidal: false);
        var rule = o.Topology == Topology.Hexagonal ? Adjacency.Six : Adjacency.Four;
        var edges = new List<(int, int)>();
        for (int j = 0; j < flat.Units; j++)
        {
            foreach (int k in flat.Neighbors(j, rule))
            {
                if (k > j) edges.Add((j, k));
            }
        }
        return edges;
    }

    /// <summary>
    /// pca.png: a seeded sample of the data (coloured by class, with a legend of class names; one colour when unlabelled)
    /// and the prototypes projected on the data's two leading principal components, the grid's edges between
    /// neighbouring prototypes, and each axis labelled with its share of the variance. The picture's
    /// <see cref="RenderedPicture.Points"/> are the prototypes' pixels, unit by unit; its legend the class swatches.
    /// </summary>
    public static RenderedPicture PcaView(RenderFonts fonts, SomModel model, Dataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var o = model.Options;
        var pca = PcaProjection.Fit(data.Samples, o.Seed);
        int[] sample = Sample(data.Count, o.Seed);
        var samplePoints = sample.Select(i => pca.Project(data.Samples.Row(i))).ToArray();
        int[]? sampleLabels = data.Labels is { } all ? [.. sample.Select(i => all[i])] : null;
        return PcaView(fonts, model, pca, samplePoints, sampleLabels, data.Count, data.ClassCount, data.ClassNames, path);
    }

    /// <summary>
    /// <see cref="PcaView(RenderFonts, SomModel, Dataset, string)"/> from what it takes of the data: the fit, the sample's
    /// points and classes (<see cref="Sample"/>'s order), the data's count, class count and class names.
    /// </summary>
    public static RenderedPicture PcaView(RenderFonts fonts, SomModel model, PcaProjection pca, (double X, double Y)[] samplePoints,
        int[]? sampleLabels, long count, int classes, string[]? classNames, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pca);
        ArgumentNullException.ThrowIfNull(samplePoints);
        var o = model.Options;
        var unitPoints = Enumerable.Range(0, o.Units).Select(j => pca.Project(model.Prototype(j))).ToArray();
        var area = PcaArea;
        var frame = PlotFrame.Fit(area, samplePoints.Concat(unitPoints));

        if (sampleLabels is null || count == 0) classes = 0;
        string drawn = samplePoints.Length == count
            ? string.Create(CultureInfo.InvariantCulture, $"all {count:N0} samples")
            : string.Create(CultureInfo.InvariantCulture, $"{samplePoints.Length:N0} of {count:N0} samples (seed {o.Seed})");
        string subtitle = string.Create(CultureInfo.InvariantCulture, $"{drawn} and the {o.Units:N0} prototypes on the data's first two principal components; ")
            + EdgeNote(o);
        using var f = new Figure(fonts, "PCA view", subtitle, AxisGutter + PlotSize, PlotSize + AxisFoot, SideWidth, 20 * (Math.Min(classes, MaxLegendClasses) + 6));
        Axes(f, frame, $"PC1: {Percent(pca.Share(0))} of the variance", $"PC2: {Percent(pca.Share(1))} of the variance");

        using (var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill })
        {
            for (int s = 0; s < samplePoints.Length; s++)
            {
                dot.Color = sampleLabels is { } labels ? Palette.Class(labels[s]) : Unlabelled;
                var (x, y) = samplePoints[s];
                f.Canvas.DrawCircle(frame.ToPixel(x, y), 2.5f, dot);
            }
        }
        var pixels = unitPoints.Select(p => frame.ToPixel(p.X, p.Y)).ToArray();
        DrawEdges(f, o, pixels, PcaEdgeColor);
        float radius = DotRadius(o.Units, 3.5f);
        using (var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = Prototype })
        {
            foreach (var p in pixels) f.Canvas.DrawCircle(p, radius, dot);
        }

        int top = Figure.ContentTop;
        var legend = new List<SKRectI>();
        if (classes > 0)
        {
            f.Text("class", f.SideLeft, top + 12, 11, bold: true);
            top = ClassLegend(f, legend, classes, classNames, top + 20) + 10;
        }
        else
        {
            f.Swatch(f.SideLeft, top, Unlabelled, "sample");
            top += 24;
        }
        LegendDot(f, f.SideLeft, top, Prototype, "prototype");
        LegendEdge(f, f.SideLeft, top + 20, "grid edge", PcaEdgeColor);
        f.Save(path);
        return new RenderedPicture(path, [], null, legend) { Points = pixels };
    }

    /// <summary>
    /// tsne.png: an exact t-SNE (docs/contract.md §14) of the prototypes, each dot in its unit's majority-class colour
    /// (the class map's colours; grey for a unit without hits) when the data are labelled, else in a colour of its grid
    /// position (hue along x, lightness along y), with the grid's edges between neighbouring units. The map must have at
    /// most <see cref="Tsne.MaxPoints"/> units. <see cref="RenderedPicture.Points"/> are the units' pixels.
    /// </summary>
    public static RenderedPicture TsneView(RenderFonts fonts, SomModel model, ReadOnlySpan<int> bmu, int[]? labels, IReadOnlyList<string>? names,
        string path, TsneSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool labelled = labels is { Length: > 0 } && labels.Length == bmu.Length;
        int classes = labelled ? Math.Max(labels!.Max() + 1, names?.Count ?? 0) : 0;
        return TsneView(fonts, model, labelled ? SomMetrics.ClassHits(bmu, labels!, model.Options.Units, classes) : null, names, path, settings);
    }

    /// <summary>
    /// <see cref="TsneView(RenderFonts, SomModel, ReadOnlySpan{int}, int[], IReadOnlyList{string}, string, TsneSettings)"/>
    /// from the class counts n[j, c] (units × classes) of labelled data, or null for unlabelled data.
    /// </summary>
    public static RenderedPicture TsneView(RenderFonts fonts, SomModel model, int[,]? classHits, IReadOnlyList<string>? names,
        string path, TsneSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        settings ??= new TsneSettings { Seed = o.Seed, Threads = o.Threads };
        var result = Tsne.Embed(model.Weights, o.Units, model.Features, settings);
        var area = TsneArea;
        var frame = PlotFrame.Fit(area, result.X.Zip(result.Y));
        var pixels = Enumerable.Range(0, o.Units).Select(j => frame.ToPixel(result.X[j], result.Y[j])).ToArray();

        bool labelled = classHits is not null;
        int classes = classHits?.GetLength(1) ?? 0;
        var colours = new SKColor[o.Units];
        var empty = new bool[o.Units];
        if (classHits is { } n)
        {
            for (int j = 0; j < o.Units; j++)
            {
                var (best, _, total) = MapPictures.Majority(n, j, classes);
                empty[j] = total == 0;
                colours[j] = empty[j] ? Palette.Empty : Palette.Class(best);
            }
        }
        else
        {
            for (int j = 0; j < o.Units; j++) colours[j] = GridColour(j % o.Width, j / o.Width, o.Width, o.Height);
        }

        string colouring = labelled ? "coloured by each unit's majority class" : "coloured by grid position";
        string subtitle = string.Create(CultureInfo.InvariantCulture,
            $"exact t-SNE of the {o.Units:N0} prototypes (perplexity {result.Perplexity:0.##}, {result.Iterations} iterations, seed {settings.Seed}, KL {result.KlDivergence:F3}), ")
            + $"{colouring}; {EdgeNote(o)}";
        using var f = new Figure(fonts, "t-SNE of the prototypes", subtitle, PlotSize, PlotSize, SideWidth, 20 * (Math.Max(Math.Min(classes, MaxLegendClasses), 6) + 6));
        using (var border = new SKPaint { Color = FrameColor, Style = SKPaintStyle.Stroke, StrokeWidth = 1 })
            f.Canvas.DrawRect(area, border);
        DrawEdges(f, o, pixels, EdgeColor);
        float radius = DotRadius(o.Units, 6f);
        using (var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill })
        using (var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = Palette.EmptyMark })
        {
            for (int j = 0; j < o.Units; j++)
            {
                dot.Color = colours[j];
                f.Canvas.DrawCircle(pixels[j], radius, dot);
                if (empty[j]) f.Canvas.DrawCircle(pixels[j], radius, ring);
            }
        }

        int top = Figure.ContentTop;
        var legend = new List<SKRectI>();
        if (labelled)
        {
            f.Text("majority class", f.SideLeft, top + 12, 11, bold: true);
            top = ClassLegend(f, legend, classes, names, top + 20);
            legend.Add(f.Swatch(f.SideLeft, top, Palette.Empty, "no hits"));
            top += 20 + 10;
        }
        else
        {
            top = PositionKey(f, o, f.SideLeft, top) + 10;
        }
        LegendEdge(f, f.SideLeft, top, "grid edge", EdgeColor);
        f.Text("near = similar prototypes;", f.SideLeft, top + 36, 10);
        f.Text("the axes carry no units", f.SideLeft, top + 50, 10);
        f.Save(path);
        return new RenderedPicture(path, [], null, legend) { Points = pixels };
    }

    /// <summary>
    /// The colour of grid position (x, y) on a W × H map: hue 280°·u (red at the left to violet at the right), lightness
    /// 28 % + 44 %·v (dark at the top, light at the bottom), saturation 70 %, with u = x/(W − 1) and v = y/(H − 1)
    /// (½ on an axis of one unit).
    /// </summary>
    public static SKColor GridColour(int x, int y, int width, int height)
    {
        double u = width > 1 ? (double)x / (width - 1) : 0.5, v = height > 1 ? (double)y / (height - 1) : 0.5;
        return SKColor.FromHsl((float)(280 * u), 70, (float)(28 + 44 * v));
    }

    /// <summary>
    /// Swatches of the first <see cref="MaxLegendClasses"/> classes from <paramref name="top"/> down, then a line counting
    /// the others; returns the row below.
    /// </summary>
    private static int ClassLegend(Figure f, List<SKRectI> legend, int classes, IReadOnlyList<string>? names, int top)
    {
        int shown = Math.Min(classes, MaxLegendClasses);
        for (int c = 0; c < shown; c++) legend.Add(f.Swatch(f.SideLeft, top + 20 * c, Palette.Class(c), ClassName(names, c)));
        top += 20 * shown;
        if (shown < classes)
        {
            f.Text(string.Create(CultureInfo.InvariantCulture, $"… and {classes - shown} more classes"), f.SideLeft, top + 11, 11);
            top += 20;
        }
        return top;
    }

    private static string EdgeNote(SomOptions o)
    {
        string rule = o.Topology == Topology.Hexagonal ? "6 neighbours" : "4 neighbours";
        return o.Toroidal ? $"grid edges to {rule}, the torus's wrap-around edges left out" : $"grid edges to {rule}";
    }

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string ClassName(IReadOnlyList<string>? names, int c) =>
        names is not null && c < names.Count ? names[c] : $"class {c}";

    /// <summary>Dot radius: up to <paramref name="max"/> pixels, smaller as the units crowd the plot, at least 2.</summary>
    private static float DotRadius(int units, float max) => Math.Clamp(PlotSize / 9f / MathF.Sqrt(units), 2f, max);

    private static void DrawEdges(Figure f, SomOptions o, SKPoint[] pixels, SKColor color)
    {
        using var line = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = color };
        foreach (var (j, k) in GridEdges(o)) f.Canvas.DrawLine(pixels[j], pixels[k], line);
    }

    /// <summary>The plot's frame, <see cref="AxisTicks"/> ticks on both axes and the axis labels.</summary>
    private static void Axes(Figure f, PlotFrame frame, string xLabel, string yLabel)
    {
        var a = frame.Area;
        using var paint = new SKPaint { Color = FrameColor, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        f.Canvas.DrawRect(a, paint);
        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1 };
        var (xStep, xTicks) = AxisTicks.Within(frame.PlaneX(a.Left), frame.PlaneX(a.Right));
        foreach (double t in xTicks)
        {
            float px = frame.ToPixel(t, frame.CentreY).X;
            f.Canvas.DrawLine(px, a.Bottom, px, a.Bottom + 4, ink);
            f.Text(AxisTicks.Format(t, xStep), px, a.Bottom + 16, 10, align: SKTextAlign.Center);
        }
        var (yStep, yTicks) = AxisTicks.Within(frame.PlaneY(a.Bottom), frame.PlaneY(a.Top));
        foreach (double t in yTicks)
        {
            float py = frame.ToPixel(frame.CentreX, t).Y;
            f.Canvas.DrawLine(a.Left - 4, py, a.Left, py, ink);
            f.Text(AxisTicks.Format(t, yStep), a.Left - 6, py + 4, 10, align: SKTextAlign.Right);
        }
        f.Text(xLabel, a.MidX, a.Bottom + 36, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Save();
        f.Canvas.RotateDegrees(-90, a.Left - 42, a.MidY);
        f.Text(yLabel, a.Left - 42, a.MidY, 12, bold: true, align: SKTextAlign.Center);
        f.Canvas.Restore();
    }

    private static void LegendDot(Figure f, int left, int top, SKColor color, string text)
    {
        using var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = color };
        f.Canvas.DrawCircle(left + 7, top + 7, 3.5f, dot);
        f.Text(text, left + 20, top + 11, 11);
    }

    private static void LegendEdge(Figure f, int left, int top, string text, SKColor color)
    {
        using var line = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = color };
        f.Canvas.DrawLine(left, top + 7, left + 14, top + 7, line);
        f.Text(text, left + 20, top + 11, 11);
    }

    /// <summary>The grid-position colour key: the map's colours as a small square, x to the right, y down. Returns its bottom.</summary>
    private static int PositionKey(Figure f, SomOptions o, int left, int top)
    {
        f.Text("grid position", left, top + 12, 11, bold: true);
        const int side = 96;
        int x0 = left + 14, y0 = top + 36;
        for (int py = 0; py < side; py++)
        {
            for (int px = 0; px < side; px++)
            {
                int gx = Math.Min(o.Width - 1, px * o.Width / side), gy = Math.Min(o.Height - 1, py * o.Height / side);
                var c = GridColour(gx, gy, o.Width, o.Height);
                f.Pixel(x0 + px, y0 + py, c.Red, c.Green, c.Blue);
            }
        }
        f.Text($"x 0 … {o.Width - 1} →", x0, y0 - 6, 10);
        f.Canvas.Save();
        f.Canvas.RotateDegrees(90, x0 - 4, y0);
        f.Text($"y 0 … {o.Height - 1} →", x0 - 4, y0, 10);
        f.Canvas.Restore();
        return y0 + side;
    }
}
