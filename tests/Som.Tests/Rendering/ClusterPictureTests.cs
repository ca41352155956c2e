using SkiaSharp;
using Som.Runner.Rendering;
using Som.Tests.Oracle;

namespace Som.Tests.Rendering;

/// <summary>
/// The cluster map and the dendrogram read back from their PNGs: unit colours against the legend, boundaries exactly
/// on the edges between units of different clusters, the cut line at the height between the merges it separates.
/// </summary>
public sealed class ClusterPictureTests
{
    [Theory]
    [InlineData(Topology.Rectangular, false)]
    [InlineData(Topology.Hexagonal, false)]
    [InlineData(Topology.Rectangular, true)]
    [InlineData(Topology.Hexagonal, true)]
    public void Units_take_their_clusters_legend_colour_and_boundaries_lie_exactly_between_different_clusters(Topology topology, bool withLabels)
    {
        // A 7×5 map (non-square, odd) cut into 12 clusters (past the ten fixed colours) by a hand-made rule with both
        // equal and different neighbours.
        const int width = 7, height = 5, k = 12;
        var clusters = new int[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) clusters[y * width + x] = (x / 2 + 3 * (y / 2)) % k;
        var used = clusters.Distinct().Order().ToArray();
        var model = PictureReader.Model(width, height, topology, 1, new float[width * height]);
        int[]? unitLabels = null;
        if (withLabels)
        {
            // Unit j votes 3 for class j % 4 and 1 for class (j + 1) % 4 (purity ¾), unit 5 has no votes.
            unitLabels = Enumerable.Range(0, width * height).Select(j => j % 4).ToArray();
            var votes = new int[width * height * 4];
            for (int j = 0; j < width * height; j++)
            {
                if (j == 5) continue;
                votes[j * 4 + j % 4] = 3;
                votes[j * 4 + (j + 1) % 4] = 1;
            }
            model = new SomModel(model.Options, 1, new float[width * height]) { UnitLabels = new UnitLabels(unitLabels, votes, 4), ClassNames = ["a", "b", "c", "d"] };
        }
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ClusterPictures.ClusterMap(fonts, model, clusters, k, "Clusters", dir["m.png"]);
        using var png = new PictureReader(picture.Path);
        Assert.Equal(withLabels ? 2 : 1, picture.Maps.Count);
        Assert.Equal(k, picture.Legend!.Count);
        var legend = picture.Legend.Select(r => png.At(r.MidX, r.MidY)).ToArray();
        Assert.Equal(k, legend.Distinct().Count());
        Assert.DoesNotContain(ClusterPictures.Boundary, legend);
        Assert.True(png.Ink(png.TitleBand) > 50, "no title");

        var map = picture.Maps[0];
        for (int j = 0; j < width * height; j++)
            Assert.True(legend[clusters[j]] == png.At(map.Center(j)), $"unit {j}: {png.At(map.Center(j))}, legend of cluster {clusters[j]} is {legend[clusters[j]]}");

        // Neighbours found from the drawing's geometry: centres one cell apart.
        float pitch = map.Center(1).X - map.Center(0).X;
        int boundaries = 0;
        foreach (var layout in picture.Maps)
        {
            // A unit's fill: read at its centre, except the class map's unit without votes (a cross over grey).
            SKColor Cell(int j) => withLabels && j == 5 && layout == picture.Maps[^1] ? Palette.Empty : png.At(layout.Center(j));
            for (int j = 0; j < width * height; j++)
            {
                for (int q = j + 1; q < width * height; q++)
                {
                    var (a, b) = (layout.Center(j), layout.Center(q));
                    if (SKPoint.Distance(a, b) > pitch * 1.01f) continue;
                    bool differ = clusters[j] != clusters[q];
                    boundaries += differ ? 1 : 0;
                    var mid = new SKPoint((a.X + b.X) / 2, (a.Y + b.Y) / 2);
                    if (topology == Topology.Rectangular)
                    {
                        // The two pixels either side of the shared edge, halfway along it.
                        bool across = Math.Abs(a.Y - b.Y) < 0.5f;
                        var (p1, p2) = across
                            ? ((layout.Tile(j).Right - 1, (int)mid.Y), (layout.Tile(j).Right, (int)mid.Y))
                            : (((int)mid.X, layout.Tile(j).Bottom - 1), ((int)mid.X, layout.Tile(j).Bottom));
                        var (c1, c2) = (png.At(p1.Item1, p1.Item2), png.At(p2.Item1, p2.Item2));
                        if (differ)
                        {
                            Assert.True(c1 == ClusterPictures.Boundary && c2 == ClusterPictures.Boundary, $"units {j}, {q}: no boundary ({c1}, {c2})");
                        }
                        else
                        {
                            Assert.True(c1 == Cell(j) && c2 == Cell(q), $"units {j}, {q} (same cluster): edge pixels {c1}, {c2}, cells {Cell(j)}, {Cell(q)}");
                            }
                        // Halfway to the centre the cell is its own colour, not a boundary.
                        Assert.Equal(Cell(j), png.At(new SKPoint((a.X + mid.X) / 2, (a.Y + mid.Y) / 2)));
                    }
                    else
                    {
                        // The shared side runs through the midpoint, perpendicular to the line of centres, one radius long:
                        // its middle and two points 0.3 radius either way along it.
                        float len = SKPoint.Distance(a, b), ux = -(b.Y - a.Y) / len * layout.Radius * 0.3f, uy = (b.X - a.X) / len * layout.Radius * 0.3f;
                        var at = png.At(mid);
                        if (differ)
                        {
                            foreach (var point in new[] { mid, new SKPoint(mid.X + ux, mid.Y + uy), new SKPoint(mid.X - ux, mid.Y - uy) })
                                Assert.True(png.At(point) == ClusterPictures.Boundary, $"units {j}, {q}: no boundary at {point} on their shared side ({png.At(point)})");
                        }
                        else Assert.True(at != ClusterPictures.Boundary, $"units {j}, {q} (same cluster): a boundary drawn between them");
                        Assert.Equal(Cell(j), png.At(new SKPoint(a.X + (mid.X - a.X) * 0.4f, a.Y + (mid.Y - a.Y) * 0.4f)));
                    }
                }
            }
        }
        Assert.True(boundaries > 10);
        Assert.True(used.Length > 5);

        if (withLabels)
        {
            var classMap = picture.Maps[1];
            for (int j = 0; j < width * height; j++)
            {
                if (j == 5)
                {
                    Assert.Equal(Palette.Empty, png.At((int)classMap.Center(j).X, (int)classMap.Tile(j).Top + 3 + (topology == Topology.Hexagonal ? 3 : 0)));
                    continue;
                }
                var want = Palette.Lighten(legend[unitLabels![j]], 0.75);
                Assert.True(want == png.At(classMap.Center(j)), $"class map unit {j}: {png.At(classMap.Center(j))}, expected {want}");
            }
        }
    }

    [Theory]
    [InlineData(12, 3)]
    [InlineData(31, 5)]
    [InlineData(200, 10)]
    public void The_cut_line_lies_between_merge_n_minus_k_and_the_next(int n, int k)
    {
        var tree = Agglomerative.Fit(TestData.Clusters(n, 3, (ulong)n), Linkage.Ward);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ClusterPictures.DrawDendrogram(fonts, tree, k, "Dendrogram", "test", i => $"p{i}", dir["d.png"]);
        using var png = new PictureReader(picture.Path);
        double[] h = tree.Heights();
        double expected = (h[n - k - 1] + h[n - k]) / 2;
        int row = picture.Plot.Bottom - 1 - (int)Math.Round(expected / picture.TopHeight * (picture.Plot.Height - 1), MidpointRounding.AwayFromZero);
        Assert.Equal(row, picture.CutRow);
        Assert.True(picture.Row(h[n - k - 1]) >= row && row >= picture.Row(h[n - k]), "the cut is not between the two merges");
        Assert.True(picture.TopHeight >= h[^1]);
        int Red(int y) => Enumerable.Range(picture.Plot.Left, picture.Plot.Width).Count(x => png.At(x, y) == ClusterPictures.CutLine);
        Assert.Equal(picture.Plot.Width, Red(row));
        Assert.True(Red(row - 3) < picture.Plot.Width / 4 && Red(row + 3) < picture.Plot.Width / 4);

        // The root's bracket: ink at the top merge's height between its two children.
        int top = picture.Row(h[^1]);
        int inkAtTop = Enumerable.Range(picture.Plot.Left, picture.Plot.Width).Count(x => png.At(x, top) != SKColors.White);
        Assert.True(inkAtTop > 2, "no bracket at the root's height");
        // Nothing is drawn above the root inside the plot except the axis.
        Assert.Equal(0, png.Ink(new SKRectI(picture.Plot.Left + 2, picture.Plot.Top, picture.Plot.Right, Math.Min(top, row) - 3)));
        // Leaves in order: evenly spaced, a permutation of the points.
        Assert.Equal(n, picture.LeafX.Length);
        Assert.True(picture.LeafX.Zip(picture.LeafX.Skip(1)).All(p => p.Second > p.First));
        // Text: tick labels left of the axis; leaf labels under a small tree, a note under a large one.
        Assert.True(png.Ink(new SKRectI(Figure.ContentLeft + 24, picture.Plot.Top, picture.Plot.Left - 8, picture.Plot.Bottom)) > 30, "no tick labels");
        int below = png.Ink(new SKRectI(picture.Plot.Left, picture.Plot.Bottom + 2, picture.Plot.Right, picture.Plot.Bottom + 20));
        Assert.True(below > 30, "no text under the leaves");
        Assert.True(png.Ink(png.TitleBand) > 50, "no title");
    }
}
