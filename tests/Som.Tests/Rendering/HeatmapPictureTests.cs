using SkiaSharp;
using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The U-matrix and the hit map: colours order the units as the values do, read against the colour bar.</summary>
public sealed class HeatmapPictureTests
{
    /// <summary>The bar row whose colour is nearest <paramref name="c"/> (row 0 = top = largest value).</summary>
    private static int BarRow(PictureReader png, SKRectI bar, SKColor c)
    {
        int best = -1;
        double nearest = double.PositiveInfinity;
        for (int row = 0; row < bar.Height; row++)
        {
            var b = png.At(bar.MidX, bar.Top + row);
            double d = Math.Pow(b.Red - c.Red, 2) + Math.Pow(b.Green - c.Green, 2) + Math.Pow(b.Blue - c.Blue, 2);
            if (d < nearest)
            {
                nearest = d;
                best = row;
            }
        }
        Assert.True(nearest <= 12, $"colour {c} is not on the colour bar (nearest distance² {nearest})");
        return best;
    }

    [Theory]
    [InlineData(4, 3, Topology.Rectangular)]
    [InlineData(5, 4, Topology.Hexagonal)]
    [InlineData(7, 2, Topology.Hexagonal)]
    public void The_U_matrix_orders_units_on_the_colour_bar_as_DistanceMap_does(int width, int height, Topology topology)
    {
        int units = width * height;
        // Two features, prototypes spread unevenly so that the U values all differ.
        var weights = new float[units * 2];
        for (int j = 0; j < units; j++)
        {
            weights[2 * j] = (float)(j * j * 0.37 % 5.3);
            weights[2 * j + 1] = (float)Math.Sqrt(j * 1.7);
        }
        var options = new SomOptions { Width = width, Height = height, Topology = topology };
        using var map = new SelfOrganizingMap(options, 2);
        map.SetWeights(weights);
        double[,] distance = map.DistanceMap();
        var model = new SomModel(options, 2, weights);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.UMatrix(fonts, model, dir["u.png"]);
        using var png = new PictureReader(picture.Path);
        var bar = picture.Bar!.Value;
        Assert.True(Palette.Luma(png.At(bar.MidX, bar.Top)) > Palette.Luma(png.At(bar.MidX, bar.Bottom - 1)) + 100, "the bar's top is not the light end");
        var layout = picture.Maps[0];
        var u = new double[units];
        var rows = new int[units];
        for (int j = 0; j < units; j++)
        {
            u[j] = distance[j % width, j / width];
            rows[j] = BarRow(png, bar, png.At(layout.Center(j)));
        }
        double lo = u.Min(), hi = u.Max();
        Assert.InRange(rows[Array.IndexOf(u, hi)], 0, 2);
        Assert.InRange(rows[Array.IndexOf(u, lo)], bar.Height - 3, bar.Height - 1);
        for (int a = 0; a < units; a++)
        {
            // Each unit sits on the bar where its value lies, within the bar's 8-bit colour steps.
            double expectedRow = (hi - u[a]) / (hi - lo) * (bar.Height - 1);
            Assert.True(Math.Abs(rows[a] - expectedRow) <= 3, $"unit {a}: U {u[a]:G4} at bar row {rows[a]}, expected about {expectedRow:F1}");
            for (int b = 0; b < units; b++)
            {
                if (u[a] < u[b] - 0.03 * (hi - lo)) Assert.True(rows[a] > rows[b], $"unit {a} (U {u[a]:G4}) is drawn above unit {b} (U {u[b]:G4})");
            }
        }
        if (topology == Topology.Hexagonal)
        {
            // Hexagons: the corner of a unit's square tile is outside its cell (background or a neighbour's colour).
            var tile = layout.Tile(0);
            Assert.Equal(SKColors.White, png.At(tile.Left + 1, tile.Top + 1));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_hit_map_colours_counts_by_the_stated_scale_and_greys_empty_units(bool log)
    {
        var scale = log ? HitScale.Log : HitScale.Linear;
        const int width = 6, height = 3;
        int[] counts = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 0, 7, 1, 30, 100, 233];
        var bmu = counts.SelectMany((n, j) => Enumerable.Repeat(j, n)).ToArray();
        var model = PictureReader.Model(width, height, Topology.Rectangular, 1, new float[width * height]);
        using var dir = new TempDirectory();
        using var fonts = RenderFonts.Load();
        var picture = MapPictures.Hits(fonts, model, bmu, scale, dir["h.png"]);
        using var png = new PictureReader(picture.Path);
        var bar = picture.Bar!.Value;
        var layout = picture.Maps[0];
        int max = counts.Max();
        for (int j = 0; j < counts.Length; j++)
        {
            var c = png.At(layout.Center(j));
            if (counts[j] == 0)
            {
                Assert.Equal(Palette.Empty, c);
                continue;
            }
            double t = scale == HitScale.Linear ? (double)counts[j] / max : Math.Log(1 + counts[j]) / Math.Log(1 + max);
            double expectedRow = (1 - t) * (bar.Height - 1);
            int row = BarRow(png, bar, c);
            Assert.True(Math.Abs(row - expectedRow) <= 3, $"unit {j} ({counts[j]} hits): bar row {row}, expected about {expectedRow:F1}");
        }
    }
}
