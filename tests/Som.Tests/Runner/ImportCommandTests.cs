using System.Globalization;
using System.Text;
using Som.Runner.Data;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// R kohonen's unit order mapped onto SomGpu's grid (<see cref="PeerUnitOrder"/>) and <c>som import</c>: every
/// grid distance between kohonen's units, computed from kohonen's own layout, is the SomGpu distance between
/// the units they map to, and an imported codebook puts each row on its unit.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>kohonen's somgrid: unit k = (c, r), x = c + 1 (+ ½ on its 1-based odd rows when hexagonal), y = (r + 1)·√3/2.</summary>
    private static (double X, double Y) KohonenPosition(int k, int width, bool hex)
    {
        int c = k % width + 1, r = k / width + 1;
        return hex ? (c + 0.5 * (r % 2), r * Math.Sqrt(3) / 2) : (c, r);
    }

    /// <summary>kohonen's unit.distances on a planar grid: Euclidean on hexagonal maps, the maximum norm on rectangular ones.</summary>
    private static double KohonenDistance(int a, int b, int width, bool hex)
    {
        var (xa, ya) = KohonenPosition(a, width, hex);
        var (xb, yb) = KohonenPosition(b, width, hex);
        return hex ? Math.Sqrt((xa - xb) * (xa - xb) + (ya - yb) * (ya - yb)) : Math.Max(Math.Abs(xa - xb), Math.Abs(ya - yb));
    }

    private static double WorstMismatch(int width, int height, bool hex, int[] map)
    {
        var grid = new MapGrid(width, height, hex ? Topology.Hexagonal : Topology.Rectangular, toroidal: false,
            hex ? GridMetric.Euclidean : GridMetric.Chebyshev);
        double worst = 0;
        for (int a = 0; a < map.Length; a++)
        {
            for (int b = 0; b < map.Length; b++)
                worst = Math.Max(worst, Math.Abs(KohonenDistance(a, b, width, hex) - grid.Distance(map[a], map[b])));
        }
        return worst;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 5)]
    [InlineData(6, 7)]
    [InlineData(31, 2)]
    [InlineData(2, 33)]
    [InlineData(9, 4)]
    public void Kohonen_distances_are_kept_on_both_topologies(int width, int height)
    {
        foreach (bool hex in new[] { true, false })
        {
            var map = PeerUnitOrder.Kohonen(width, height, hex ? Topology.Hexagonal : Topology.Rectangular);
            Assert.Equal(Enumerable.Range(0, width * height), map.Order());   // a permutation
            double worst = WorstMismatch(width, height, hex, map);
            Assert.True(worst < 1e-12, $"{width}x{height} {(hex ? "hex" : "rect")}: a distance differs by {worst}");
        }
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    public void Taking_kohonens_hexagonal_order_as_is_would_change_distances(int width, int height)
    {
        // Why the mirror is needed: kohonen shifts the other rows.
        var identity = Enumerable.Range(0, width * height).ToArray();
        Assert.True(WorstMismatch(width, height, hex: true, identity) > 0.1);
    }

    [Fact]
    public void Import_puts_each_kohonen_row_on_its_unit()
    {
        const int W = 3, H = 2, D = 4;
        var text = new StringBuilder();
        for (int k = 0; k < W * H; k++)
            text.AppendJoin(',', Enumerable.Range(0, D).Select(f => (k + f / 8.0).ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        string csv = _dir.WriteText("codes.csv", text.ToString());
        var r = RunnerHarness.Run("import", csv, "--order", "kohonen", "--map", $"{W}x{H}", "--topology", "hex", "--epochs", "7", "--out", _dir["m.som"]);
        Assert.True(r.Exit == 0, r.Error);
        var model = ModelFile.Load(_dir["m.som"]);
        Assert.Equal((W, H, Topology.Hexagonal, D, 7), (model.Options.Width, model.Options.Height, model.Options.Topology, model.Features, model.EpochsTrained));
        // kohonen's unit k = (c, r) is SomGpu's unit (W − 1 − c, r).
        for (int k = 0; k < W * H; k++)
        {
            int ours = k / W * W + (W - 1 - k % W);
            Assert.Equal(Enumerable.Range(0, D).Select(f => (float)(k + f / 8.0)), model.Prototype(ours).ToArray());
        }
        // somgpu order (the default) and a rectangular kohonen map keep the rows where they are.
        foreach (string[] extra in new[] { Array.Empty<string>(), new[] { "--order", "kohonen" } })
        {
            r = RunnerHarness.Run(["import", csv, "--map", $"{W}x{H}", .. extra, "--out", _dir["r.som"]]);
            Assert.True(r.Exit == 0, r.Error);
            var rect = ModelFile.Load(_dir["r.som"]);
            for (int k = 0; k < W * H; k++) Assert.Equal((float)k, rect.Prototype(k)[0]);
        }
    }

    [Fact]
    public void A_square_feature_count_records_a_grey_image_and_the_default_out_is_beside_the_csv()
    {
        string csv = _dir.WriteText("codes.csv", string.Concat(Enumerable.Repeat("0,0.5,1,0.25\n", 2)));
        var r = RunnerHarness.Run("import", csv, "--map", "2x1");
        Assert.True(r.Exit == 0, r.Error);
        var model = ModelFile.Load(_dir["codes.som"]);
        Assert.Equal(new ImageShape(2, 2, 1), model.Image);
    }

    [Theory]
    [InlineData("0,0\n0,0\n0,0\n", "3x2", "import {0}: 3 rows: expected 6, one per unit of the 3x2 map (--map)")]
    [InlineData("0,0\n0,nan\n", "2x1", "import {0}: line 2, column 2: 'nan' is not a finite number: expected a codebook value")]
    [InlineData("0,0\n0,0,0\n", "2x1", "import {0}: line 2: 3 values: expected 2, as the first row")]
    [InlineData("", "2x1", "import {0}: no rows: expected one codebook row per unit")]
    public void A_bad_codebook_is_one_line_exit_2_and_nothing_written(string text, string map, string expected)
    {
        string csv = _dir.WriteText("bad.csv", text);
        var r = RunnerHarness.Run("import", csv, "--map", map, "--out", _dir["m.som"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: " + string.Format(CultureInfo.InvariantCulture, expected, csv), r.Error.Trim());
        Assert.False(File.Exists(_dir["m.som"]));
    }

    [Fact]
    public void Bad_options_are_refused_before_reading()
    {
        string csv = _dir.WriteText("c.csv", "0\n0\n");
        var r = RunnerHarness.Run("import", csv, "--map", "2x1", "--order", "minisom", "--out", _dir["m.som"]);
        Assert.Equal(2, r.Exit);
        Assert.Contains("--order: 'minisom' is not one of somgpu, kohonen", r.Error, StringComparison.Ordinal);
        r = RunnerHarness.Run("import", csv, "--out", _dir["m.som"]);
        Assert.Equal(2, r.Exit);
        Assert.Contains("--map", r.Error, StringComparison.Ordinal);
        r = RunnerHarness.Run("import", _dir["missing.csv"], "--map", "2x1", "--out", _dir["m.som"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal($"error: import {_dir["missing.csv"]}: file not found: expected a CSV file of one codebook row per unit", r.Error.Trim());
        r = RunnerHarness.Run("import", csv, "--map", "2x1", "--topology", "hex", "--grid-metric", "chebyshev", "--out", _dir["m.som"]);
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("error: --grid-metric", r.Error.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["m.som"]));
    }
}
