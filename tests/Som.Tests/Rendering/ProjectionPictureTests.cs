using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>
/// pca.png and tsne.png checked by what they show: prototypes where the naive projection puts them, the class
/// palette in the legend and on the dots, the lattice's edges (no torus seams), axis text with ink.
/// </summary>
public sealed class ProjectionPictureTests
{
    // An orthonormal pair in 5-D: u's largest coordinates (2/3, a tie) come first at index 1, v's (4/5) at index 4, both
    // positive, so they are the orientation the view picks.
    private static readonly double[] U = [1 / 3.0, 2 / 3.0, 2 / 3.0, 0, 0];
    private static readonly double[] V = [0, 0, 0, 3 / 5.0, 4 / 5.0];
    private static readonly double[] C = [0.5, -1, 2, 0.25, 1];

    private static float[] OnPlane(double a, double b) => Enumerable.Range(0, 5).Select(f => (float)(C[f] + a * U[f] + b * V[f])).ToArray();

    /// <summary>
    /// 315 samples on the plane C + a·u + b·v: a full grid of 21 values of a in [−3, 3] by 15 of b in [−1, 1], so a and b
    /// are exactly uncorrelated and u, v are the data's principal axes; labels i mod 3.
    /// </summary>
    private static Dataset PlaneData()
    {
        var rows = new List<float[]>();
        for (int ia = 0; ia < 21; ia++)
            for (int ib = 0; ib < 15; ib++) rows.Add(OnPlane(-3 + 0.3 * ia, -1 + ib / 7.0));
        return new Dataset("plane", new SampleMatrix([.. rows]), Enumerable.Range(0, rows.Count).Select(i => i % 3).ToArray(), null, ["circle", "square", "triangle"]);
    }

    private static (double X, double Y) NaiveProjection(ReadOnlySpan<float> x, double[] mean)
    {
        double a = 0, b = 0;
        for (int f = 0; f < x.Length; f++)
        {
            a += (x[f] - mean[f]) * U[f];
            b += (x[f] - mean[f]) * V[f];
        }
        return (a, b);
    }

    [Theory]
    [InlineData(Topology.Rectangular, false)]
    [InlineData(Topology.Hexagonal, true)]
    public void Pca_view_draws_each_prototype_where_the_naive_projection_puts_it(Topology topology, bool torus)
    {
        const int width = 5, height = 4; // non-square; even H for the hexagonal torus
        var data = PlaneData();
        var weights = new float[width * height * 5];
        for (int j = 0; j < width * height; j++) OnPlane(1.1 * (j % width - 2), 0.6 * (j / width - 1.5)).CopyTo(weights, j * 5);
        var model = new SomModel(new SomOptions { Width = width, Height = height, Topology = topology, Toroidal = torus }, 5, weights);

        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ProjectionPictures.PcaView(fonts, model, data, dir["pca.png"]);

        // Naively: the mean in double, the plane's own axes, every sample (315 < 2,000: all are drawn) and prototype.
        var mean = new double[5];
        for (int i = 0; i < data.Count; i++)
            for (int f = 0; f < 5; f++) mean[f] += data.Samples.Row(i)[f] / (double)data.Count;
        var samples = Enumerable.Range(0, data.Count).Select(i => NaiveProjection(data.Samples.Row(i), mean)).ToArray();
        var units = Enumerable.Range(0, model.Options.Units).Select(j => NaiveProjection(model.Prototype(j), mean)).ToArray();
        var all = samples.Concat(units).ToArray();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        var area = ProjectionPictures.PcaArea;
        double scale = Math.Min(area.Width / ((maxX - minX) * 1.08), area.Height / ((maxY - minY) * 1.08));
        using var png = new PictureReader(picture.Path);
        Assert.Equal(model.Options.Units, picture.Points!.Count);
        for (int j = 0; j < units.Length; j++)
        {
            double px = area.Left + area.Width / 2.0 + (units[j].X - (minX + maxX) / 2) * scale;
            double py = area.Top + area.Height / 2.0 - (units[j].Y - (minY + maxY) / 2) * scale;
            // Float data put the plane within float rounding of the exact one: far below a pixel.
            Assert.True(Math.Abs(picture.Points[j].X - px) < 0.01 && Math.Abs(picture.Points[j].Y - py) < 0.01,
                $"unit {j} drawn at {picture.Points[j]}, the naive projection puts it at ({px:F3}, {py:F3})");
            Assert.True(png.At((int)px, (int)py) == ProjectionPictures.Prototype, $"unit {j}: {png.At((int)px, (int)py)} at its predicted pixel, not a prototype dot");
        }
        // The plane spans the area's width (a's extent is three times b's), centred.
        Assert.Equal(area.Width / 1.08, (maxX - minX) * scale, 6);

        // Legend: the class palette, in order, each with its name in ink; every class colour is on the plot.
        Assert.Equal(3, picture.Legend!.Count);
        for (int c = 0; c < 3; c++)
        {
            var r = picture.Legend[c];
            Assert.Equal(Palette.Class(c), png.At(r.MidX, r.MidY));
            Assert.True(png.Ink(new SKRectI(r.Right + 4, r.Top, r.Right + 60, r.Bottom)) > 10, $"no name beside swatch {c}");
            int onPlot = 0;
            for (int y = area.Top; y < area.Bottom; y++)
                for (int x = area.Left; x < area.Right; x++)
                    if (png.At(x, y) == Palette.Class(c)) onPlot++;
            Assert.True(onPlot > 100, $"class {c}'s colour covers only {onPlot} pixels of the plot");
        }
        // Axis labels with ink: the PC1 label below the plot, the rotated PC2 label left of it, the title.
        Assert.True(png.Ink(new SKRectI(area.MidX - 80, area.Bottom + 24, area.MidX + 80, area.Bottom + 40)) > 100, "no PC1 label");
        Assert.True(png.Ink(new SKRectI(area.Left - 54, area.MidY - 80, area.Left - 36, area.MidY + 80)) > 100, "no PC2 label");
        Assert.True(png.Ink(png.TitleBand) > 100, "no title");
    }

    [Fact]
    public void Pca_axes_are_the_planes_directions_and_shares_are_the_naive_variances()
    {
        var data = PlaneData();
        var pca = PcaProjection.Fit(data.Samples, 1);
        for (int f = 0; f < 5; f++)
        {
            Assert.Equal(U[f], pca.Axes[0][f], 5);
            Assert.Equal(V[f], pca.Axes[1][f], 5);
        }
        var mean = pca.Mean;
        var t = Enumerable.Range(0, data.Count).Select(i => NaiveProjection(data.Samples.Row(i), mean)).ToArray();
        double va = t.Sum(p => p.X * p.X) / (data.Count - 1), vb = t.Sum(p => p.Y * p.Y) / (data.Count - 1);
        // All variance lies in the plane, so the two shares are va and vb over their sum.
        Assert.Equal(va / (va + vb), pca.Share(0), 5);
        Assert.Equal(vb / (va + vb), pca.Share(1), 5);
        Assert.True(pca.Share(0) > 0.8, $"share {pca.Share(0)}");
    }

    [Theory]
    [InlineData(Topology.Rectangular, false, 6, 5)]
    [InlineData(Topology.Rectangular, true, 6, 5)]
    [InlineData(Topology.Hexagonal, false, 5, 4)]
    [InlineData(Topology.Hexagonal, true, 5, 4)]
    [InlineData(Topology.Rectangular, false, 7, 1)]
    [InlineData(Topology.Hexagonal, false, 1, 1)]
    public void Grid_edges_join_neighbours_on_the_flat_lattice(Topology topology, bool torus, int width, int height)
    {
        var edges = ProjectionPictures.GridEdges(new SomOptions { Width = width, Height = height, Topology = topology, Toroidal = torus });
        // Naively: every pair of units one grid step apart on the plane (hexagonal rows shifted, √3/2 apart), no wrap.
        var expected = new List<(int, int)>();
        (double, double) At(int j) => topology == Topology.Hexagonal
            ? (j % width + 0.5 * (j / width % 2), j / width * Math.Sqrt(3) / 2)
            : (j % width, j / width);
        for (int j = 0; j < width * height; j++)
            for (int k = j + 1; k < width * height; k++)
            {
                var (xj, yj) = At(j);
                var (xk, yk) = At(k);
                if (Math.Abs(Math.Sqrt((xj - xk) * (xj - xk) + (yj - yk) * (yj - yk)) - 1) < 1e-9) expected.Add((j, k));
            }
        Assert.Equal(expected, edges.Select(e => (e.J, e.K)).ToList());
    }

    private static SomModel RandomModel(int width, int height, Topology topology, int features, int seed, bool torus = false)
    {
        var rng = new Random(seed);
        var w = new float[width * height * features];
        for (int k = 0; k < w.Length; k++) w[k] = (float)rng.NextDouble();
        return new SomModel(new SomOptions { Width = width, Height = height, Topology = topology, Toroidal = torus }, features, w);
    }

    [Fact]
    public void Tsne_view_colours_each_unit_by_its_majority_class_and_draws_the_embedding()
    {
        const int width = 6, height = 5, classes = 4;
        var model = RandomModel(width, height, Topology.Hexagonal, 8, 3);
        // Unit j's hits: 3 of class j mod 4 and 1 of class (j + 1) mod 4; unit 29 has none.
        var bmu = new List<int>();
        var labels = new List<int>();
        for (int j = 0; j < 29; j++)
        {
            for (int t = 0; t < 3; t++) { bmu.Add(j); labels.Add(j % classes); }
            bmu.Add(j);
            labels.Add((j + 1) % classes);
        }
        string[] names = ["a", "b", "c", "d"];
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ProjectionPictures.TsneView(fonts, model, bmu.ToArray(), labels.ToArray(), names, dir["tsne.png"]);
        using var png = new PictureReader(picture.Path);

        var embedding = Tsne.Embed(model.Weights, 30, 8, new TsneSettings { Seed = model.Options.Seed });
        var frame = PlotFrame.Fit(ProjectionPictures.TsneArea, embedding.X.Zip(embedding.Y));
        var points = picture.Points!;
        for (int j = 0; j < 30; j++) Assert.Equal(frame.ToPixel(embedding.X[j], embedding.Y[j]), points[j]);

        Assert.Equal(classes + 1, picture.Legend!.Count);
        for (int c = 0; c < classes; c++) Assert.Equal(Palette.Class(c), png.At(picture.Legend[c].MidX, picture.Legend[c].MidY));
        Assert.Equal(Palette.Empty, png.At(picture.Legend[classes].MidX, picture.Legend[classes].MidY));
        // A dot's centre shows its colour unless a later dot covers it (radius 6 at 30 units).
        int checkedDots = 0;
        for (int j = 0; j < 30; j++)
        {
            bool covered = Enumerable.Range(j + 1, 29 - j).Any(k => SKPoint.Distance(points[j], points[k]) < 8);
            if (covered) continue;
            var want = j == 29 ? Palette.Empty : Palette.Class(j % classes);
            Assert.True(png.At(points[j]) == want, $"unit {j}: {png.At(points[j])} at its dot, expected {want}");
            checkedDots++;
        }
        Assert.True(checkedDots >= 25, $"only {checkedDots} of 30 dots stand free");
        // Every grid edge is drawn: ink near the middle of the segment between its two dots.
        foreach (var (j, k) in ProjectionPictures.GridEdges(model.Options))
        {
            var mid = new SKPoint((points[j].X + points[k].X) / 2, (points[j].Y + points[k].Y) / 2);
            Assert.True(png.Ink(new SKRectI((int)mid.X - 1, (int)mid.Y - 1, (int)mid.X + 2, (int)mid.Y + 2)) > 0, $"no edge between units {j} and {k}");
        }
        Assert.True(png.Ink(png.TitleBand) > 100, "no title");
    }

    [Fact]
    public void A_legend_of_many_classes_lists_the_first_24_and_counts_the_rest()
    {
        var model = RandomModel(6, 5, Topology.Rectangular, 4, 6);
        int[] bmu = [.. Enumerable.Range(0, 30)];
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ProjectionPictures.TsneView(fonts, model, bmu, bmu, null, dir["tsne.png"]);
        using var png = new PictureReader(picture.Path);
        Assert.Equal(ProjectionPictures.MaxLegendClasses + 1, picture.Legend!.Count);
        for (int c = 0; c < ProjectionPictures.MaxLegendClasses; c++) Assert.Equal(Palette.Class(c), png.At(picture.Legend[c].MidX, picture.Legend[c].MidY));
        // The count of the 6 classes left out sits between the last class and "no hits".
        var last = picture.Legend[ProjectionPictures.MaxLegendClasses - 1];
        Assert.True(png.Ink(new SKRectI(last.Left, last.Bottom + 6, last.Left + 120, last.Bottom + 18)) > 50, "no count of the classes left out");
        Assert.Equal(Palette.Empty, png.At(picture.Legend[^1].MidX, picture.Legend[^1].MidY));
    }

    [Fact]
    public void Unlabelled_tsne_view_colours_units_by_grid_position()
    {
        const int width = 7, height = 3;
        var model = RandomModel(width, height, Topology.Rectangular, 5, 9, torus: true);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = ProjectionPictures.TsneView(fonts, model, new int[10], null, null, dir["tsne.png"]);
        using var png = new PictureReader(picture.Path);
        Assert.Empty(picture.Legend!);
        var points = picture.Points!;
        int checkedDots = 0;
        for (int j = 0; j < width * height; j++)
        {
            if (Enumerable.Range(j + 1, width * height - 1 - j).Any(k => SKPoint.Distance(points[j], points[k]) < 8)) continue;
            Assert.Equal(ProjectionPictures.GridColour(j % width, j / width, width, height), png.At(points[j]));
            checkedDots++;
        }
        Assert.True(checkedDots >= 17, $"only {checkedDots} of 21 dots stand free");
        // The colour map tells positions apart: hue along x, lightness along y.
        var corners = new[] { (0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1) }
            .Select(p => ProjectionPictures.GridColour(p.Item1, p.Item2, width, height)).ToArray();
        Assert.Equal(4, corners.Distinct().Count());
        for (int x = 0; x < width; x++)
            Assert.True(Palette.Luma(ProjectionPictures.GridColour(x, 0, width, height)) < Palette.Luma(ProjectionPictures.GridColour(x, height - 1, width, height)));
    }

    [Fact]
    public void Report_writes_both_views_and_leaves_tsne_out_above_4096_units()
    {
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var data = new Dataset("d", new SampleMatrix(new float[,] { { 0.1f }, { 0.5f }, { 0.9f } }));
        var notes = new List<string>();
        var small = RandomModel(3, 2, Topology.Rectangular, 1, 1);
        var written = MapReport.Write(fonts, small, data, new int[] { 0, 2, 5 }, dir["small"], HitScale.Linear, notes.Add);
        Assert.Contains(written, p => Path.GetFileName(p.Path) == "pca.png");
        Assert.Contains(written, p => Path.GetFileName(p.Path) == "tsne.png");
        Assert.Empty(notes);

        var big = RandomModel(65, 64, Topology.Rectangular, 1, 2);
        written = MapReport.Write(fonts, big, data, new int[] { 0, 100, 4159 }, dir["big"], HitScale.Linear, notes.Add);
        Assert.Contains(written, p => Path.GetFileName(p.Path) == "pca.png");
        Assert.DoesNotContain(written, p => Path.GetFileName(p.Path) == "tsne.png");
        Assert.False(File.Exists(dir["big/tsne.png"]));
        Assert.Equal(["tsne.png left out: exact t-SNE takes at most 4096 units, this map has 4160"], notes);
    }
}
