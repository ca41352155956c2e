using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// The pictures of a trained map, one PNG each, every one with a title, grid labels, and a colour bar or legend
/// where colour carries a value. Unit j = y·W + x; BMUs come from one pass of the engine over the data.
/// </summary>
internal static class MapPictures
{
    /// <summary>Most component planes drawn; the subtitle says when there are more features.</summary>
    public const int MaxPlanes = 16;

    /// <summary>Tiles to a row in the strip of a 1-D map.</summary>
    public const int StripPerRow = 16;

    private const int TileGap = 2;

    /// <summary>True for a 1-D map (one row or one column, more than one unit): drawn as a strip.</summary>
    public static bool IsStrip(SomOptions o) => o.Units > 1 && (o.Width == 1 || o.Height == 1);

    /// <summary>Integer zoom of an image tile so that a map of <paramref name="across"/> tiles stays about 1,600 pixels wide.</summary>
    public static int Zoom(int across, ImageShape image) => Math.Clamp(1600 / (across * Math.Max(image.Width, image.Height)), 1, 3);

    /// <summary>
    /// Each unit's prototype drawn as its image, laid out as the map (odd rows of a hexagonal map shifted by half a
    /// tile); a 1-D map as a strip of tiles in unit order with their indices. Grey levels by <paramref name="scale"/>.
    /// </summary>
    public static RenderedPicture Prototypes(RenderFonts fonts, SomModel model, ImageShape image, GreyScale scale, string path)
    {
        var o = model.Options;
        string title = IsStrip(o) ? $"Prototypes of a 1-D map ({o.Units} units, in order)" : "Prototypes";
        var (f, layout) = DrawPrototypes(fonts, model, image, scale, title, PrototypeSubtitle(o, image, scale.Rule));
        using (f)
        {
            f.Save(path);
            return new RenderedPicture(path, [layout], null);
        }
    }

    /// <summary>The subtitle of the prototype picture: the map, the image size and the grey rule.</summary>
    public static string PrototypeSubtitle(SomOptions o, ImageShape image, string rule) =>
        $"{o.Width}x{o.Height} {(o.Topology == Topology.Hexagonal ? "hex" : "rect")} map, {image.Width}x{image.Height} images; {rule}";

    /// <summary>
    /// Draws <see cref="Prototypes"/> under <paramref name="title"/> and <paramref name="subtitle"/>, the picture at
    /// least as wide as a title of <paramref name="minTitleWidth"/> pixels; the caller saves and disposes it.
    /// </summary>
    public static (Figure Figure, MapLayout Layout) DrawPrototypes(RenderFonts fonts, SomModel model, ImageShape image, GreyScale scale,
        string title, string subtitle, int minTitleWidth = 0)
    {
        var o = model.Options;
        if (IsStrip(o))
        {
            int perRow = Math.Min(o.Units, StripPerRow);
            int zoom = Zoom(perRow, image);
            var strip = MapLayout.Strip(o.Units, perRow, zoom * image.Width, zoom * image.Height, 6, 14, Figure.ContentLeft, Figure.ContentTop);
            var s = new Figure(fonts, title, subtitle, strip.PixelWidth, strip.PixelHeight, minTitleWidth: minTitleWidth);
            for (int j = 0; j < o.Units; j++)
            {
                DrawImage(s, strip.Tile(j), model.Prototype(j), image, scale, zoom);
                s.Text(j.ToString(CultureInfo.InvariantCulture), strip.Center(j).X, strip.Tile(j).Bottom + 12, 10, align: SKTextAlign.Center);
            }
            return (s, strip);
        }
        int z = Zoom(o.Width, image);
        var layout = MapLayout.Tiles(o.Width, o.Height, o.Topology == Topology.Hexagonal, z * image.Width, z * image.Height, TileGap,
            Figure.ContentLeft + Figure.LabelGutter, Figure.ContentTop + Figure.LabelGutter);
        var f = new Figure(fonts, title, subtitle, layout.PixelWidth + Figure.LabelGutter, layout.PixelHeight + Figure.LabelGutter,
            minTitleWidth: minTitleWidth);
        for (int j = 0; j < o.Units; j++) DrawImage(f, layout.Tile(j), model.Prototype(j), image, scale, z);
        f.GridLabels(layout);
        return (f, layout);
    }

    /// <summary>
    /// Component planes for data that are not images: one small heatmap per feature (the first
    /// <see cref="MaxPlanes"/>), each coloured from that feature's codebook minimum (dark) to maximum (light).
    /// </summary>
    public static RenderedPicture ComponentPlanes(RenderFonts fonts, SomModel model, string path)
    {
        var o = model.Options;
        bool hex = o.Topology == Topology.Hexagonal;
        int d = model.Features, planes = Math.Min(d, MaxPlanes), columns = Math.Min(planes, 4);
        int cell = Math.Clamp(220 / Math.Max(o.Width, o.Height), 3, 24);
        var probe = MapLayout.Cells(o.Width, o.Height, hex, cell, 0, 0);
        int planeWidth = Math.Max(probe.PixelWidth, 150) + Figure.Margin, planeHeight = probe.PixelHeight + 34;
        int rows = (planes + columns - 1) / columns;
        string subtitle = (planes < d ? $"the first {planes} of {d} features; " : $"all {d} features; ")
            + "each plane from its feature's codebook min (dark) to max (light)";
        using var f = new Figure(fonts, "Component planes", subtitle, columns * planeWidth, rows * planeHeight, 90, 200);
        var layouts = new List<MapLayout>();
        for (int p = 0; p < planes; p++)
        {
            int left = Figure.ContentLeft + p % columns * planeWidth, top = Figure.ContentTop + p / columns * planeHeight;
            var layout = MapLayout.Cells(o.Width, o.Height, hex, cell, left, top + 30);
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int j = 0; j < o.Units; j++)
            {
                double w = model.Prototype(j)[p];
                lo = Math.Min(lo, w);
                hi = Math.Max(hi, w);
            }
            for (int j = 0; j < o.Units; j++) f.FillCell(layout, j, Palette.Sequential(Fraction(model.Prototype(j)[p], lo, hi)));
            f.Text(FormattableString.Invariant($"feature {p}"), left, top + 12, 11, bold: true);
            f.Text(FormattableString.Invariant($"{lo:G4} … {hi:G4}"), left, top + 25, 10);
            layouts.Add(layout);
        }
        var bar = f.ColorBar(f.SideLeft, Figure.ContentTop, 160, "per plane", Palette.Sequential, [(0, "min"), (1, "max")]);
        f.Save(path);
        return new RenderedPicture(path, layouts, bar);
    }

    /// <summary>
    /// The U-matrix (docs/contract.md §10: the mean distance of a prototype to its grid neighbours, as
    /// <c>SelfOrganizingMap.DistanceMap</c>) as a heatmap from its minimum (dark) to its maximum (light); hexagons on a
    /// hexagonal map.
    /// </summary>
    public static RenderedPicture UMatrix(RenderFonts fonts, SomModel model, string path)
    {
        var o = model.Options;
        double[] u = SomMetrics.UMatrix(new MapGrid(o), model.Weights, model.Features, o.ResolvedAdjacency);
        var (f, layout, bar) = DrawUMatrix(fonts, o, u, u.Min(), u.Max(), "U-matrix", UMatrixSubtitle(o));
        using (f)
        {
            f.Save(path);
            return new RenderedPicture(path, [layout], bar);
        }
    }

    /// <summary>The subtitle of the U-matrix picture: what a cell's colour means.</summary>
    public static string UMatrixSubtitle(SomOptions o) =>
        FormattableString.Invariant($"mean distance of each prototype to its grid neighbours ({AdjacencyName(o.ResolvedAdjacency)}); light = far apart, a cluster border");

    /// <summary>
    /// Draws the U-matrix values <paramref name="u"/> from <paramref name="lo"/> (dark) to <paramref name="hi"/>
    /// (light) with a colour bar over that range; the caller saves and disposes the figure.
    /// </summary>
    public static (Figure Figure, MapLayout Layout, SKRectI Bar) DrawUMatrix(RenderFonts fonts, SomOptions o, ReadOnlySpan<double> u, double lo, double hi,
        string title, string subtitle, int minTitleWidth = 0)
    {
        var (layout, f) = HeatmapFigure(fonts, o, title, subtitle, minTitleWidth: minTitleWidth);
        for (int j = 0; j < o.Units; j++) f.FillCell(layout, j, Palette.Sequential(Fraction(u[j], lo, hi)));
        f.GridLabels(layout);
        var bar = f.ColorBar(f.SideLeft, Figure.ContentTop, BarHeight(layout), "distance", Palette.Sequential,
            [(0, Number(lo)), (0.5, Number((lo + hi) / 2)), (1, Number(hi))]);
        return (f, layout, bar);
    }

    /// <summary>Samples per unit as a heatmap, linear or logarithmic; units without hits in grey.</summary>
    public static RenderedPicture Hits(RenderFonts fonts, SomModel model, ReadOnlySpan<int> bmu, HitScale scale, string path) =>
        Hits(fonts, model, SomMetrics.Hits(bmu, model.Options.Units), bmu.Length, scale, path);

    /// <summary><see cref="Hits(RenderFonts, SomModel, ReadOnlySpan{int}, HitScale, string)"/> from the hits per unit of <paramref name="samples"/> samples.</summary>
    public static RenderedPicture Hits(RenderFonts fonts, SomModel model, int[] hits, long samples, HitScale scale, string path)
    {
        var o = model.Options;
        int max = hits.Length == 0 ? 0 : hits.Max(), empty = hits.Count(h => h == 0);
        double T(double c) => max == 0 ? 0 : scale == HitScale.Linear ? c / max : Math.Log(1 + c) / Math.Log(1 + max);
        string rule = scale == HitScale.Linear ? "linear scale, colour = count / max" : "log scale, colour = ln(1 + count) / ln(1 + max)";
        var (layout, f) = HeatmapFigure(fonts, o, "Hit map",
            FormattableString.Invariant($"{samples} samples, {empty} of {o.Units} units without hits (grey); {rule}"));
        using (f)
        {
            for (int j = 0; j < o.Units; j++) f.FillCell(layout, j, hits[j] == 0 ? Palette.Empty : Palette.Sequential(T(hits[j])));
            f.GridLabels(layout);
            var ticks = scale == HitScale.Linear
                ? new List<(double, string)> { (0, "0"), (0.5, Number(max / 2.0)), (1, Number(max)) }
                : LogTicks(max).Select(c => (T(c), Number(c))).ToList();
            int height = BarHeight(layout);
            var bar = f.ColorBar(f.SideLeft, Figure.ContentTop, height, "samples", Palette.Sequential, ticks);
            f.Swatch(f.SideLeft, Figure.ContentTop + 22 + height + 12, Palette.Empty, "0 hits");
            f.Save(path);
            return new RenderedPicture(path, [layout], bar);
        }
    }

    /// <summary>
    /// Each unit in its majority class's legend colour (ties to the lowest class), paler as its purity (the share of
    /// its hits in that class) falls (<see cref="Palette.Lighten"/>); units without hits grey with a cross.
    /// </summary>
    public static RenderedPicture Classes(RenderFonts fonts, SomModel model, ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels,
        IReadOnlyList<string>? names, string path)
    {
        int classes = Math.Max(labels.Length == 0 ? 0 : labels.ToArray().Max() + 1, names?.Count ?? 0);
        return Classes(fonts, model, SomMetrics.ClassHits(bmu, labels, model.Options.Units, classes), bmu.Length, names, path);
    }

    /// <summary>
    /// <see cref="Classes(RenderFonts, SomModel, ReadOnlySpan{int}, ReadOnlySpan{int}, IReadOnlyList{string}?, string)"/> from
    /// the class counts n[j, c] (units × classes) of <paramref name="samples"/> samples.
    /// </summary>
    public static RenderedPicture Classes(RenderFonts fonts, SomModel model, int[,] n, long samples, IReadOnlyList<string>? names, string path)
    {
        var o = model.Options;
        int classes = n.GetLength(1);
        double purity = samples == 0 ? 0 : (double)MajoritySum(n) / samples;
        var (layout, f) = HeatmapFigure(fonts, o, "Class map",
            FormattableString.Invariant($"majority class of each unit's samples ({samples} in all); paler = lower purity (overall {purity:F3}); grey × = no hits"),
            sideWidth: 170, sideHeight: 20 * (classes + 2));
        using (f)
        {
            for (int j = 0; j < o.Units; j++)
            {
                var (best, count, total) = Majority(n, j, classes);
                if (total == 0)
                {
                    f.FillCell(layout, j, Palette.Empty);
                    f.EmptyMark(layout.Tile(j));
                }
                else
                {
                    f.FillCell(layout, j, Palette.Lighten(Palette.Class(best), (double)count / total));
                }
            }
            f.GridLabels(layout);
            int top = Figure.ContentTop;
            f.Text("class", f.SideLeft, top + 12, 11, bold: true);
            var legend = new List<SKRectI>();
            for (int c = 0; c < classes; c++)
                legend.Add(f.Swatch(f.SideLeft, top + 20 + 20 * c, Palette.Class(c), names is not null && c < names.Count ? names[c] : $"class {c}"));
            legend.Add(f.Swatch(f.SideLeft, top + 20 + 20 * classes, Palette.Empty, "no hits"));
            f.Save(path);
            return new RenderedPicture(path, [layout], null, legend);
        }
    }

    /// <summary>Σ_j max_c n[j, c], the numerator of the class purity (docs/contract.md §10).</summary>
    private static long MajoritySum(int[,] n)
    {
        long total = 0;
        for (int j = 0; j < n.GetLength(0); j++)
        {
            int best = 0;
            for (int c = 0; c < n.GetLength(1); c++) best = Math.Max(best, n[j, c]);
            total += best;
        }
        return total;
    }

    /// <summary>The majority class of unit <paramref name="j"/> (ties to the lowest), its count, and the unit's hits.</summary>
    public static (int Class, int Count, int Total) Majority(int[,] n, int j, int classes)
    {
        int best = -1, count = 0, total = 0;
        for (int c = 0; c < classes; c++)
        {
            total += n[j, c];
            if (n[j, c] > count)
            {
                count = n[j, c];
                best = c;
            }
        }
        return (best, count, total);
    }

    /// <summary>
    /// Each unit's exemplar: among the samples whose BMU it is, the one nearest its prototype (squared Euclidean
    /// distance in double precision, ties to the lowest sample index); −1 for a unit without hits.
    /// </summary>
    public static int[] Exemplars(SomModel model, SampleMatrix data, ReadOnlySpan<int> bmu)
    {
        var best = new int[model.Options.Units];
        var distance = new double[best.Length];
        Array.Fill(best, -1);
        Array.Fill(distance, double.PositiveInfinity);
        for (int i = 0; i < bmu.Length; i++)
        {
            int j = bmu[i];
            var x = data.Row(i);
            var w = model.Prototype(j);
            double s = SomMetrics.SquaredDistance(x, w);
            if (s < distance[j])
            {
                distance[j] = s;
                best[j] = i;
            }
        }
        return best;
    }

    /// <summary>Each unit shows its exemplar (<see cref="Exemplars"/>), the real training image; units without hits grey with a cross.</summary>
    public static RenderedPicture ExemplarMosaic(RenderFonts fonts, SomModel model, SampleMatrix data, int[] exemplars, ImageShape image,
        GreyScale scale, string path) =>
        ExemplarMosaic(fonts, model, [.. exemplars.Select(i => i < 0 ? null : data.Row(i).ToArray())], image, scale, path);

    /// <summary>The exemplar mosaic from each unit's exemplar row (null for a unit without hits).</summary>
    public static RenderedPicture ExemplarMosaic(RenderFonts fonts, SomModel model, float[]?[] exemplars, ImageShape image, GreyScale scale, string path)
    {
        var o = model.Options;
        bool strip = IsStrip(o);
        int perRow = Math.Min(o.Units, StripPerRow);
        int z = Zoom(strip ? perRow : o.Width, image);
        var layout = strip
            ? MapLayout.Strip(o.Units, perRow, z * image.Width, z * image.Height, 6, 14, Figure.ContentLeft, Figure.ContentTop)
            : MapLayout.Tiles(o.Width, o.Height, o.Topology == Topology.Hexagonal, z * image.Width, z * image.Height, TileGap,
                Figure.ContentLeft + Figure.LabelGutter, Figure.ContentTop + Figure.LabelGutter);
        int empty = exemplars.Count(e => e is null);
        using var f = new Figure(fonts, "Exemplars",
            $"the training sample nearest each unit's prototype among those it wins; {empty} {(empty == 1 ? "unit" : "units")} without hits (×); {scale.Rule}",
            layout.PixelWidth + (strip ? 0 : Figure.LabelGutter), layout.PixelHeight + (strip ? 0 : Figure.LabelGutter));
        for (int j = 0; j < o.Units; j++)
        {
            var tile = layout.Tile(j);
            if (exemplars[j] is { } row)
            {
                DrawImage(f, tile, row, image, scale, z);
            }
            else
            {
                for (int y = tile.Top; y < tile.Bottom; y++)
                    for (int x = tile.Left; x < tile.Right; x++) f.Pixel(x, y, Palette.Empty.Red, Palette.Empty.Green, Palette.Empty.Blue);
                f.EmptyMark(tile);
            }
            if (strip) f.Text(j.ToString(CultureInfo.InvariantCulture), layout.Center(j).X, tile.Bottom + 12, 10, align: SKTextAlign.Center);
        }
        if (!strip) f.GridLabels(layout);
        f.Save(path);
        return new RenderedPicture(path, [layout], null);
    }

    /// <summary>Draws <paramref name="values"/> (an image of <paramref name="image"/>'s shape) into <paramref name="tile"/>, each pixel a <paramref name="zoom"/>² block.</summary>
    private static void DrawImage(Figure f, SKRectI tile, ReadOnlySpan<float> values, ImageShape image, GreyScale scale, int zoom)
    {
        for (int py = 0; py < image.Height; py++)
        {
            for (int px = 0; px < image.Width; px++)
            {
                int at = (py * image.Width + px) * image.Channels;
                byte r = scale.Level(values[at]);
                byte g = image.Channels == 3 ? scale.Level(values[at + 1]) : r;
                byte b = image.Channels == 3 ? scale.Level(values[at + 2]) : r;
                for (int dy = 0; dy < zoom; dy++)
                    for (int dx = 0; dx < zoom; dx++) f.Pixel(tile.Left + px * zoom + dx, tile.Top + py * zoom + dy, r, g, b);
            }
        }
    }

    private static (MapLayout Layout, Figure Figure) HeatmapFigure(RenderFonts fonts, SomOptions o, string title, string subtitle,
        int sideWidth = 90, int sideHeight = 0, int minTitleWidth = 0)
    {
        int cell = Math.Clamp(720 / Math.Max(o.Width, o.Height), 6, 48);
        var layout = MapLayout.Cells(o.Width, o.Height, o.Topology == Topology.Hexagonal, cell,
            Figure.ContentLeft + Figure.LabelGutter, Figure.ContentTop + Figure.LabelGutter);
        int barSpace = 22 + BarHeight(layout) + 40;
        var figure = new Figure(fonts, title, subtitle, layout.PixelWidth + Figure.LabelGutter, layout.PixelHeight + Figure.LabelGutter,
            sideWidth, Math.Max(sideHeight, barSpace), minTitleWidth);
        return (layout, figure);
    }

    private static int BarHeight(MapLayout layout) => Math.Clamp(layout.PixelHeight, 120, 400);

    private static double Fraction(double v, double lo, double hi) => hi > lo ? (v - lo) / (hi - lo) : 0;

    private static IEnumerable<double> LogTicks(int max)
    {
        yield return 0;
        for (long c = 1; c < max; c *= 10) yield return c;
        if (max > 0) yield return max;
    }

    private static string Number(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>How a picture names the U-matrix's neighbours.</summary>
    public static string AdjacencyName(Adjacency a) => a switch
    {
        Adjacency.Four => "4 neighbours",
        Adjacency.Six => "6 neighbours",
        Adjacency.Eight => "8 neighbours",
        _ => a.ToString(),
    };
}
