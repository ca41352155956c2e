using System.Globalization;
using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// The pictures of a clustering (docs/contract.md §13, §15): the cluster map (units in their cluster's legend colour,
/// boundaries between grid neighbours of different clusters, beside the class map when the model has unit labels)
/// and the dendrogram of a hierarchical clustering.
/// </summary>
internal static class ClusterPictures
{
    /// <summary>The colour of cluster boundaries.</summary>
    public static readonly SKColor Boundary = new(20, 20, 20);

    /// <summary>The colour of the dendrogram's cut line (no cluster colour).</summary>
    public static readonly SKColor CutLine = new(230, 0, 60);

    /// <summary>Most legend rows before "…".</summary>
    public const int MaxLegend = 40;

    /// <summary>Leaves are labelled when they are at least this many pixels apart.</summary>
    public const int LabelSpacing = 20;

    /// <summary>
    /// Cluster c of <paramref name="clusters"/> (one per unit) in <see cref="Palette.Class"/>(c), with a boundary on
    /// every edge shared by grid neighbours of different clusters (on a torus the wrap-around edges are not drawn);
    /// beside it, with the same boundaries, the class map of the model's unit labels (each unit's label colour, paler
    /// by the share of its votes in that class; grey × = a unit without votes).
    /// </summary>
    public static RenderedPicture ClusterMap(RenderFonts fonts, SomModel model, int[] clusters, int k, string title, string path)
    {
        var o = model.Options;
        bool hex = o.Topology == Topology.Hexagonal;
        int cell = Math.Clamp(560 / Math.Max(o.Width, o.Height), 6, 40);
        var labels = model.UnitLabels;
        int left = Figure.ContentLeft + Figure.LabelGutter, top = Figure.ContentTop + Figure.LabelGutter + 18;
        var map = MapLayout.Cells(o.Width, o.Height, hex, cell, left, top);
        var classMap = labels is null ? null : MapLayout.Cells(o.Width, o.Height, hex, cell, left + map.PixelWidth + Figure.Margin + Figure.LabelGutter, top);
        int width = map.PixelWidth + Figure.LabelGutter + (classMap is null ? 0 : Figure.Margin + Figure.LabelGutter + classMap.PixelWidth);
        int classes = labels?.Classes ?? 0;
        int legendRows = Math.Min(k, MaxLegend) + (k > MaxLegend ? 1 : 0) + (labels is null ? 0 : 2 + Math.Min(classes, MaxLegend) + 1);
        var sizes = new int[k];
        foreach (int c in clusters) sizes[c]++;
        string kind = hex ? "hex" : "rect";
        using var f = new Figure(fonts, title,
            $"{o.Width}x{o.Height} {kind} map: each unit in its cluster's colour, black lines between grid neighbours of different clusters"
            + (labels is null ? "" : "; right: the units' class labels"),
            width, map.PixelHeight + Figure.LabelGutter + 18, 190, 20 * legendRows + 20);
        for (int j = 0; j < o.Units; j++) Fill(f, map, j, Palette.Class(clusters[j]));
        f.Text($"clusters (k = {k})", map.Tile(0).Left, Figure.ContentTop + 12, 12, bold: true);
        f.GridLabels(map);
        if (classMap is not null && labels is not null)
        {
            for (int j = 0; j < o.Units; j++)
            {
                int label = labels.Labels[j], total = 0;
                for (int c = 0; c < classes; c++) total += labels.Votes[j * classes + c];
                if (label < 0 || total == 0)
                {
                    Fill(f, classMap, j, Palette.Empty);
                    f.EmptyMark(classMap.Tile(j));
                }
                else
                {
                    Fill(f, classMap, j, Palette.Lighten(Palette.Class(label), (double)labels.Votes[j * classes + label] / total));
                }
            }
            f.Text("class labels (majority vote)", classMap.Tile(0).Left, Figure.ContentTop + 12, 12, bold: true);
            f.GridLabels(classMap);
        }
        DrawBoundaries(f, map, clusters, o);
        if (classMap is not null) DrawBoundaries(f, classMap, clusters, o);

        var legend = new List<SKRectI>();
        int y = Figure.ContentTop;
        f.Text("cluster (units)", f.SideLeft, y + 12, 11, bold: true);
        y += 20;
        for (int c = 0; c < Math.Min(k, MaxLegend); c++, y += 20)
            legend.Add(f.Swatch(f.SideLeft, y, Palette.Class(c), string.Create(CultureInfo.InvariantCulture, $"cluster {c} ({sizes[c]})")));
        if (k > MaxLegend)
        {
            f.Text($"… {k - MaxLegend} more", f.SideLeft, y + 11, 11);
            y += 20;
        }
        if (labels is not null)
        {
            y += 20;
            f.Text("class", f.SideLeft, y + 12, 11, bold: true);
            y += 20;
            var names = model.ClassNames;
            for (int c = 0; c < Math.Min(classes, MaxLegend); c++, y += 20)
                f.Swatch(f.SideLeft, y, Palette.Class(c), names is not null && c < names.Count ? names[c] : $"class {c}");
            f.Swatch(f.SideLeft, y, Palette.Empty, "no votes");
        }
        f.Save(path);
        return new RenderedPicture(path, classMap is null ? [map] : [map, classMap], null, legend);
    }

    /// <summary>
    /// The dendrogram: leaves along the x axis in <see cref="Dendrogram.LeafOrder"/>, each merge a bracket at its
    /// height (y axis with ticks), branches below the cut in their cluster's colour, the cut line at
    /// <see cref="Dendrogram.CutHeight"/>(k), and leaf labels when the leaves are far enough apart.
    /// </summary>
    public static DendrogramPicture DrawDendrogram(RenderFonts fonts, Dendrogram tree, int k, string title, string subtitle,
        Func<int, string> leafLabel, string path)
    {
        int n = tree.Count;
        int plotWidth = Math.Clamp(n * 24, 480, 1400), plotHeight = 420;
        float spacing = (float)plotWidth / n;
        bool labelled = spacing >= LabelSpacing;
        const int axis = 70;
        int left = Figure.ContentLeft + axis, top = Figure.ContentTop + 10;
        var plot = new SKRectI(left, top, left + plotWidth, top + plotHeight);
        double[] heights = tree.Heights();
        double cut = tree.CutHeight(k);
        double maxHeight = Math.Max(heights.Length == 0 ? 0 : heights.Max(), cut);
        // The axis runs from 0 to the tick at or above the highest merge (2 % above it, so the top link clears the frame).
        var (_, topHeight, tick) = AxisTicks.Cover(0, maxHeight > 0 ? maxHeight * 1.02 : 1);
        using var f = new Figure(fonts, title, subtitle, axis + plotWidth + 10, plotHeight + 10 + (labelled ? 40 : 24) + 16, 150, 80);
        var picture = new DendrogramPicture(path, plot, topHeight, 0, new float[n]);

        // Axis, ticks and their labels.
        using var ink = new SKPaint { Color = Palette.Ink, StrokeWidth = 1, IsAntialias = false };
        f.Canvas.DrawLine(plot.Left - 1, plot.Top, plot.Left - 1, plot.Bottom, ink);
        foreach (double t in AxisTicks.Values(0, topHeight, tick))
        {
            int row = picture.Row(t);
            f.Canvas.DrawLine(plot.Left - 6, row, plot.Left - 1, row, ink);
            f.Text(AxisTicks.Format(t, tick), plot.Left - 9, row + 4, 10, align: SKTextAlign.Right);
        }
        f.Canvas.Save();
        f.Canvas.RotateDegrees(-90, Figure.ContentLeft + 12, plot.MidY);
        f.Text("merge height", Figure.ContentLeft + 12, plot.MidY, 11, bold: true, align: SKTextAlign.Center);
        f.Canvas.Restore();

        int[] order = tree.LeafOrder();
        int[] labels = tree.Cut(k);
        var x = new float[2 * n - 1];
        var h = new double[2 * n - 1];
        for (int p = 0; p < n; p++)
        {
            x[order[p]] = plot.Left + (p + 0.5f) * spacing;
            picture.LeafX[p] = x[order[p]];
        }
        var leafOf = new int[2 * n - 1];
        for (int i = 0; i < n; i++) leafOf[i] = i;
        using var branch = new SKPaint { StrokeWidth = n > 400 ? 1 : 1.5f, IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (int s = 0; s < n - 1; s++)
        {
            var m = tree.Merges[s];
            int id = n + s;
            x[id] = (x[m.A] + x[m.B]) / 2;
            h[id] = m.Height;
            leafOf[id] = leafOf[m.A];
            branch.Color = s < n - k ? Palette.Class(labels[leafOf[id]]) : Palette.Ink;
            float y = picture.Row(m.Height), ya = picture.Row(h[m.A]), yb = picture.Row(h[m.B]);
            f.Canvas.DrawLine(x[m.A], ya, x[m.A], y, branch);
            f.Canvas.DrawLine(x[m.B], yb, x[m.B], y, branch);
            f.Canvas.DrawLine(x[m.A], y, x[m.B], y, branch);
        }
        if (labelled)
        {
            for (int p = 0; p < n; p++) f.Text(leafLabel(order[p]), picture.LeafX[p], plot.Bottom + 14, 9, align: SKTextAlign.Center);
        }
        else
        {
            f.Text($"{n} leaves (too many to label)", plot.MidX, plot.Bottom + 14, 10, align: SKTextAlign.Center);
        }

        int cutRow = picture.Row(cut);
        for (int px = plot.Left; px < plot.Right; px++) f.Pixel(px, cutRow, CutLine.Red, CutLine.Green, CutLine.Blue);
        f.Text(string.Create(CultureInfo.InvariantCulture, $"cut: k = {k}"), f.SideLeft, Math.Max(plot.Top + 12, cutRow + 4), 11, bold: true);
        f.Text(string.Create(CultureInfo.InvariantCulture, $"at height {cut:G4}"), f.SideLeft, Math.Max(plot.Top + 12, cutRow + 4) + 14, 10);
        f.Save(path);
        return picture with { CutRow = cutRow };
    }

    /// <summary>The shared edge of units <paramref name="j"/> and <paramref name="k"/> (grid neighbours) in <paramref name="layout"/>.</summary>
    public static (SKPoint From, SKPoint To) SharedEdge(MapLayout layout, int j, int k)
    {
        var (a, b) = (layout.Center(j), layout.Center(k));
        if (!layout.Hexagons)
        {
            var t = layout.Tile(j);
            if (Math.Abs(a.Y - b.Y) < 0.5f)
            {
                float ex = a.X < b.X ? t.Right : t.Left;
                return (new SKPoint(ex, t.Top), new SKPoint(ex, t.Bottom));
            }
            float ey = a.Y < b.Y ? t.Bottom : t.Top;
            return (new SKPoint(t.Left, ey), new SKPoint(t.Right, ey));
        }
        // Hexagons: the shared side is perpendicular to the line of centres, through its midpoint, one radius long.
        var mid = new SKPoint((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        float dx = b.X - a.X, dy = b.Y - a.Y, len = MathF.Sqrt(dx * dx + dy * dy);
        float px = -dy / len * layout.Radius / 2, py = dx / len * layout.Radius / 2;
        return (new SKPoint(mid.X - px, mid.Y - py), new SKPoint(mid.X + px, mid.Y + py));
    }

    /// <summary>The grid neighbours of each unit that are drawn next to it: right and below (rect), right and the two below (hex).</summary>
    public static IEnumerable<(int J, int K)> DrawnNeighbours(SomOptions o)
    {
        for (int y = 0; y < o.Height; y++)
        {
            for (int x = 0; x < o.Width; x++)
            {
                int j = y * o.Width + x;
                if (x + 1 < o.Width) yield return (j, j + 1);
                if (y + 1 >= o.Height) continue;
                if (o.Topology != Topology.Hexagonal)
                {
                    yield return (j, j + o.Width);
                    continue;
                }
                // Odd rows are shifted right by half a cell: row y's unit x touches x − 1 and x (even y) or x and x + 1 (odd y) below.
                int lo = y % 2 == 0 ? x - 1 : x;
                for (int bx = lo; bx <= lo + 1; bx++)
                    if (bx >= 0 && bx < o.Width) yield return (j, (y + 1) * o.Width + bx);
            }
        }
    }

    private static void DrawBoundaries(Figure f, MapLayout layout, int[] clusters, SomOptions o)
    {
        using var paint = new SKPaint { Color = Boundary, StrokeWidth = 3, IsAntialias = false, Style = SKPaintStyle.Stroke };
        foreach (var (j, k) in DrawnNeighbours(o))
        {
            if (clusters[j] == clusters[k]) continue;
            if (!layout.Hexagons)
            {
                // Two pixels each side of the shared edge, written directly so they carry the exact colour.
                var (from, to) = SharedEdge(layout, j, k);
                if (from.X == to.X)
                {
                    for (int y = (int)from.Y; y < (int)to.Y; y++)
                        for (int x = (int)from.X - 1; x <= (int)from.X; x++) f.Pixel(x, y, Boundary.Red, Boundary.Green, Boundary.Blue);
                }
                else
                {
                    for (int x = (int)from.X; x < (int)to.X; x++)
                        for (int y = (int)from.Y - 1; y <= (int)from.Y; y++) f.Pixel(x, y, Boundary.Red, Boundary.Green, Boundary.Blue);
                }
                continue;
            }
            var (a, b) = SharedEdge(layout, j, k);
            f.Canvas.DrawLine(a, b, paint);
        }
    }

    private static void Fill(Figure f, MapLayout layout, int j, SKColor color)
    {
        using var path = layout.Outline(j);
        using var paint = new SKPaint { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill };
        f.Canvas.DrawPath(path, paint);
    }
}
