using Som.Cpu;

namespace Som.Tests.Engine;

/// <summary>
/// The split of the online pass over its workers (<see cref="OnlinePlan"/>) and the row bound it and the
/// coefficients use (<see cref="OffsetTable.RowMinimum"/>): the runs tile the panels in worker order, every worker
/// draws the same split, its cost is balanced to within one panel, and the row bound is the least δ of the row,
/// found here by brute force.
/// </summary>
public class OnlinePlanTests
{
    [Theory]
    [InlineData(13, 6, Topology.Rectangular, false)]
    [InlineData(13, 6, Topology.Hexagonal, true)]
    [InlineData(1, 9, Topology.Rectangular, true)]
    [InlineData(31, 33, Topology.Hexagonal, false)]
    public void Row_minimum_is_the_least_delta_of_the_row(int width, int height, Topology topology, bool toroidal)
    {
        var options = new SomOptions { Width = width, Height = height, Topology = topology, Toroidal = toroidal && (topology == Topology.Rectangular || height % 2 == 0) }.Validate();
        var offsets = new OffsetTable(new MapGrid(options));
        // From every unit b and every row y: the least δ(b, j) over the units j of row y, whatever b's column (the
        // bound is over all column offsets, and the nearest of them, 0 or the half step next to it, is always there).
        for (int b = 0; b < options.Units; b++)
        {
            for (int y = 0; y < height; y++)
            {
                double least = LeastInRow(offsets, width, b, y);
                double bound = offsets.RowMinimum(y - b / width, (b / width) & 1);
                Assert.True(bound == least, $"BMU {b}, row {y}: bound {bound:R}, least δ {least:R}");
            }
        }
    }

    public static TheoryData<int, int, int, double> Maps() => new()
    {
        // width, height, workers, σ
        { 32, 32, 2, 0.5 },
        { 32, 32, 2, 8 },
        { 31, 33, 3, 0.7 },
        { 1, 127, 2, 0.3 },
        { 127, 1, 3, 2 },
        { 10, 9, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public unsafe void Runs_tile_the_panels_in_order_and_balance_the_cost(int width, int height, int workers, double sigma)
    {
        var options = new SomOptions { Width = width, Height = height }.Validate();
        var offsets = new OffsetTable(new MapGrid(options));
        int panels = (options.Units + PackedCodebook.Lanes - 1) / PackedCodebook.Lanes;
        var plans = Enumerable.Range(0, workers).Select(_ => new OnlinePlan(options, offsets, panels, workers)).ToArray();
        var rng = new SomRandom((ulong)(width * 1000 + height));
        var ready = new byte[panels];
        double radius = Neighborhood.SupportRadius(options.Neighborhood, sigma);
        bool uneven = false;
        for (int trial = 0; trial < 50; trial++)
        {
            int b = rng.NextInt(options.Units);
            for (int p = 0; p < panels; p++) ready[p] = (byte)rng.NextInt(2);
            var cost = new int[panels];
            for (int p = 0; p < panels; p++)
            {
                // Near: a unit of the panel lies in a row that comes within R of the BMU (rows are the plan's grain).
                bool near = false;
                for (int j = p * PackedCodebook.Lanes; j < Math.Min(options.Units, (p + 1) * PackedCodebook.Lanes); j++)
                    near |= LeastInRow(offsets, width, b, j / width) <= radius;
                cost[p] = near ? OnlinePlan.TouchedCost : ready[p] != 0 ? OnlinePlan.CachedCost : OnlinePlan.ReadCost;
            }
            int total = cost.Sum(), next = 0, most = 0;
            fixed (byte* r = ready)
            {
                for (int k = 0; k < workers; k++)
                {
                    // Each worker asks its own plan (as in the engine); all must agree on every run.
                    var (p0, p1) = plans[k].Run(b, sigma, r, k);
                    for (int other = 0; other < workers; other++) Assert.Equal((p0, p1), plans[other].Run(b, sigma, r, k));
                    Assert.True(p0 == next && p1 >= p0, $"trial {trial}, BMU {b}: worker {k} runs {p0}..{p1}, expected to start at {next}");
                    next = p1;
                    int share = cost.AsSpan(p0, p1 - p0).ToArray().Sum();
                    most = Math.Max(most, share);
                    uneven |= p1 - p0 != panels * (k + 1) / workers - panels * k / workers;
                }
            }
            Assert.Equal(panels, next);
            Assert.True(most <= (total + workers - 1) / workers + OnlinePlan.TouchedCost,
                $"trial {trial}, BMU {b}: a worker's cost {most} of {total} over {workers} workers");
        }
        if (panels >= 2 * workers && sigma < 1) Assert.True(uneven, "the split never moved from the even one");
    }

    private static double LeastInRow(OffsetTable offsets, int width, int b, int y)
    {
        double least = double.PositiveInfinity;
        for (int x = 0; x < width; x++) least = Math.Min(least, offsets.Delta(b, y * width + x));
        return least;
    }

    [Fact]
    public unsafe void One_worker_takes_every_panel()
    {
        var options = new SomOptions { Width = 7, Height = 40 }.Validate();
        var plan = new OnlinePlan(options, new OffsetTable(new MapGrid(options)), 9, 1);
        var ready = new byte[9];
        fixed (byte* r = ready) Assert.Equal((0, 9), plan.Run(3, 0.5, r, 0));
    }
}
