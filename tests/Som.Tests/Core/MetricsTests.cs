using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Core;

/// <summary>Map quality measures on tiny hand-built maps with exact answers, and against the oracle.</summary>
public class MetricsTests
{
    private static SampleMatrix Column(params float[] values) => new(values, values.Length, 1);

    private static int[] Bmus(CpuEngine engine, SampleMatrix data)
    {
        var bmu = new int[data.Count];
        engine.FindBmus(data, bmu, default);
        return bmu;
    }

    [Fact]
    public void Qe_is_zero_when_the_data_are_prototypes()
    {
        // MiniSom-like: a 5 × 5 map whose unit j holds the value j; samples 5 and 2 sit on units 5 and 2.
        using var engine = new CpuEngine(new SomOptions { Width = 5, Height = 5 }, 1);
        float[] w = Enumerable.Range(0, 25).Select(j => (float)j).ToArray();
        engine.SetWeights(w);
        var data = Column(5, 2);
        int[] bmu = Bmus(engine, data);
        Assert.Equal([5, 2], bmu);
        Assert.Equal(0.0, SomMetrics.QuantizationError(data, w, bmu));
    }

    [Fact]
    public void Qe_of_a_two_unit_line()
    {
        // Weights [0], [10]; samples 2 and 9 → BMUs 0 and 1, distances 2 and 1, QE = 1.5.
        using var engine = new CpuEngine(new SomOptions { Width = 2, Height = 1 }, 1);
        float[] w = [0, 10];
        engine.SetWeights(w);
        var data = Column(2, 9);
        int[] bmu = Bmus(engine, data);
        Assert.Equal([0, 1], bmu);
        Assert.Equal(1.5, SomMetrics.QuantizationError(data, w, bmu));
    }

    [Fact]
    public void Qe_is_euclidean_not_squared()
    {
        var data = new SampleMatrix([3, 4, 0, 0], 2, 2);
        float[] w = [0, 0];
        Assert.Equal(2.5, SomMetrics.QuantizationError(data, w, [0, 0])); // (5 + 0) / 2
    }

    [Fact]
    public void Te_counts_diagonal_neighbours_under_the_8_rule_only()
    {
        var grid = new MapGrid(3, 3, Topology.Rectangular, false);
        // Centre with a corner (diagonal), centre with an edge, a corner with the opposite corner.
        int[] first = [4, 4, 0];
        int[] second = [0, 1, 8];
        Assert.Equal(1.0 / 3, SomMetrics.TopographicError(grid, first, second, Adjacency.Eight), 15);
        Assert.Equal(2.0 / 3, SomMetrics.TopographicError(grid, first, second, Adjacency.Four), 15);
    }

    [Fact]
    public void Te_uses_the_six_hexagonal_neighbours()
    {
        var grid = new MapGrid(3, 3, Topology.Hexagonal, false);
        // Unit 4 (x=1, odd row, at 1.5): neighbours 1, 2, 3, 5, 7, 8; not 0 or 6 (at distance √3).
        Assert.Equal(0.0, SomMetrics.TopographicError(grid, [4, 4, 4, 4, 4, 4], [1, 2, 3, 5, 7, 8], Adjacency.Six));
        Assert.Equal(1.0, SomMetrics.TopographicError(grid, [4, 4], [0, 6], Adjacency.Six));
    }

    [Fact]
    public void Te_from_planted_first_and_second_bmus()
    {
        // Unit 4 holds 0, unit 0 holds 1, the rest are far: sample 0.4 has first BMU 4 and second BMU 0 (diagonal).
        using var engine = new CpuEngine(new SomOptions { Width = 3, Height = 3 }, 1);
        engine.SetWeights([1, 20, 30, 40, 0, 50, 60, 70, 80]);
        var data = Column(0.4f, 45f); // the second: first 3 (40), second 5 (50) — same row, two apart
        var first = new int[2];
        var second = new int[2];
        engine.FindBmus(data, first, second);
        Assert.Equal([4, 3], first);
        Assert.Equal([0, 5], second);
        Assert.Equal(0.5, SomMetrics.TopographicError(engine.Grid, first, second, Adjacency.Eight));
        Assert.Equal(1.0, SomMetrics.TopographicError(engine.Grid, first, second, Adjacency.Four));
    }

    [Fact]
    public void Te_of_a_one_unit_map_is_zero()
    {
        using var engine = new CpuEngine(new SomOptions { Width = 1, Height = 1 }, 2);
        engine.SetWeights([1, 1]);
        var data = new SampleMatrix([0, 0, 5, 5], 2, 2);
        var first = new int[2];
        var second = new int[2];
        engine.FindBmus(data, first, second);
        Assert.Equal([0, 0], first);
        Assert.Equal([-1, -1], second);
        Assert.Equal(0.0, SomMetrics.TopographicError(engine.Grid, first, second, Adjacency.Eight));
    }

    [Fact]
    public void U_matrix_of_a_hand_set_2x2_map()
    {
        // Units 0 (0,0), 1 (1,0), 2 (0,1), 3 (1,1) with 2-D prototypes (0,0), (3,4), (0,1), (6,8).
        float[] w = [0, 0, 3, 4, 0, 1, 6, 8];
        var grid = new MapGrid(2, 2, Topology.Rectangular, false);
        double d01 = 5, d02 = 1, d03 = 10, d12 = Math.Sqrt(9 + 9), d13 = 5, d23 = Math.Sqrt(36 + 49);
        double[] eight = SomMetrics.UMatrix(grid, w, 2, Adjacency.Eight);
        Assert.Equal((d01 + d02 + d03) / 3, eight[0], 12);
        Assert.Equal((d01 + d12 + d13) / 3, eight[1], 12);
        Assert.Equal((d02 + d12 + d23) / 3, eight[2], 12);
        Assert.Equal((d03 + d13 + d23) / 3, eight[3], 12);
        double[] four = SomMetrics.UMatrix(grid, w, 2, Adjacency.Four);
        Assert.Equal((d01 + d02) / 2, four[0], 12);
        Assert.Equal((d01 + d13) / 2, four[1], 12);
        Assert.Equal((d02 + d23) / 2, four[2], 12);
        Assert.Equal((d13 + d23) / 2, four[3], 12);
        // Hexagonal 2 × 2: unit 2 sits at (0.5, √3/2), so 0–3 (distance √3) is the only non-adjacent pair.
        double[] hex = SomMetrics.UMatrix(new MapGrid(2, 2, Topology.Hexagonal, false), w, 2, Adjacency.Six);
        Assert.Equal((d01 + d02) / 2, hex[0], 12);
        Assert.Equal((d01 + d12 + d13) / 3, hex[1], 12);
        Assert.Equal((d02 + d12 + d23) / 3, hex[2], 12);
        Assert.Equal((d13 + d23) / 2, hex[3], 12);
        // A one-unit map has no neighbours.
        Assert.Equal([0.0], SomMetrics.UMatrix(new MapGrid(1, 1, Topology.Rectangular, false), [3, 4], 2, Adjacency.Eight));
    }

    [Fact]
    public void Hits_purity_and_labelled_accuracy_by_hand()
    {
        // A 5 × 1 map; training hits only on units 0 (classes 2, 2, 0) and 4 (classes 1, 1).
        var grid = new MapGrid(5, 1, Topology.Rectangular, false);
        int[] bmu = [0, 0, 0, 4, 4];
        int[] labels = [2, 2, 0, 1, 1];
        Assert.Equal([3, 0, 0, 0, 2], SomMetrics.Hits(bmu, 5));
        Assert.Equal(4.0 / 5, SomMetrics.Purity(bmu, labels, 5), 15);
        // Units 1 and 3 take the label of the nearest labelled unit; unit 2 is equidistant and takes unit 0's.
        int[] unitLabels = SomMetrics.UnitLabels(grid, bmu, labels);
        Assert.Equal([2, 2, 2, 1, 1], unitLabels);
        Assert.Equal(4.0 / 5, SomMetrics.LabelledUnitAccuracy(unitLabels, bmu, labels), 15);
        // Test samples landing on units without hits: predicted 2 (unit 1), 1 (unit 3), 2 (unit 2).
        Assert.Equal(2.0 / 3, SomMetrics.LabelledUnitAccuracy(unitLabels, [1, 3, 2], [2, 1, 1]), 15);
    }

    [Fact]
    public void Majority_ties_go_to_the_lowest_class()
    {
        var grid = new MapGrid(2, 1, Topology.Rectangular, false);
        Assert.Equal([3, 3], SomMetrics.UnitLabels(grid, [0, 0], [5, 3]));
        Assert.Equal(0.5, SomMetrics.Purity([0, 0], [5, 3], 2));
    }

    public static TheoryData<int, int, Topology, bool> MetricGrids() => new()
    {
        { 7, 5, Topology.Rectangular, false },
        { 6, 4, Topology.Rectangular, true },
        { 2, 3, Topology.Rectangular, true },
        { 9, 1, Topology.Rectangular, false },
        { 7, 5, Topology.Hexagonal, false },
        { 6, 6, Topology.Hexagonal, true },
        { 3, 2, Topology.Hexagonal, true },
    };

    [Theory]
    [MemberData(nameof(MetricGrids))]
    public void Metrics_agree_with_the_oracle(int w, int h, Topology topology, bool torus)
    {
        var options = new SomOptions { Width = w, Height = h, Topology = topology, Toroidal = torus }.Validate();
        const int n = 140, d = 5;
        var data = TestData.Clusters(n, d, 7);
        float[] weights = TestData.UniformCodebook(options.Units, d, 11);
        var rng = new Random(3);
        // Random labels; the uniform codebook leaves units without hits, so the nearest-labelled-unit rule is exercised.
        int[] labels = Enumerable.Range(0, n).Select(i => rng.Next(4)).ToArray();
        using var engine = new CpuEngine(options, d);
        engine.SetWeights(weights);
        var first = new int[n];
        var second = new int[n];
        engine.FindBmus(data, first, second);
        Assert.Contains(0, SomMetrics.Hits(first, options.Units));
        var grid = new OracleGrid(options);
        double[] wd = NaiveSom.ToDouble(weights), xd = NaiveSom.ToDouble(data.Values.Span);
        string name = $"{w}x{h} {topology} torus={torus}";

        Assert.True(Math.Abs(SomMetrics.QuantizationError(data, weights, first) - NaiveSom.QuantizationError(xd, n, d, wd, first)) < 1e-12, name);
        foreach (var rule in topology == Topology.Hexagonal ? new[] { Adjacency.Six } : [Adjacency.Eight, Adjacency.Four])
        {
            Assert.True(NaiveSom.TopographicError(grid, first, second, rule) == SomMetrics.TopographicError(engine.Grid, first, second, rule), $"{name} TE {rule}");
            double[] expected = NaiveSom.UMatrix(grid, wd, d, rule), actual = SomMetrics.UMatrix(engine.Grid, weights, d, rule);
            for (int j = 0; j < options.Units; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-12 * (1 + expected[j]), $"{name} U-matrix {rule} unit {j}: {actual[j]:R}, oracle {expected[j]:R}");
        }
        Assert.Equal(NaiveSom.Hits(first, options.Units), SomMetrics.Hits(first, options.Units));
        Assert.Equal(NaiveSom.Purity(first, labels, options.Units), SomMetrics.Purity(first, labels, options.Units), 15);
        int[] unitLabels = SomMetrics.UnitLabels(engine.Grid, first, labels);
        Assert.True(NaiveSom.UnitLabels(grid, first, labels).SequenceEqual(unitLabels), $"{name} unit labels");
        Assert.Equal(NaiveSom.LabelledUnitAccuracy(unitLabels, second.Select(s => Math.Max(s, 0)).ToArray(), labels),
            SomMetrics.LabelledUnitAccuracy(unitLabels, second.Select(s => Math.Max(s, 0)).ToArray(), labels), 15);
    }

    [Fact]
    public void Evaluation_reports_every_measure_of_the_engine_codebook()
    {
        var options = new SomOptions { Width = 6, Height = 4 }.Validate();
        var data = TestData.Clusters(90, 3, 5);
        int[] labels = Enumerable.Range(0, 90).Select(i => i % 3).ToArray();
        float[] weights = TestData.SampleCodebook(data, options.Units, 5);
        using var engine = new CpuEngine(options, 3);
        engine.SetWeights(weights);
        var train = new Dataset("train", data, labels);
        var test = new Dataset("test", TestData.Clusters(40, 3, 6), Enumerable.Range(0, 40).Select(i => i % 3).ToArray());
        var result = MapEvaluation.Evaluate(engine, train, test);

        var grid = new OracleGrid(options);
        double[] wd = NaiveSom.ToDouble(weights), xd = NaiveSom.ToDouble(data.Values.Span);
        int[] first = data.Values.ToArray().Chunk(3).Select(x => NaiveSom.Bmu(DistanceMetric.Euclidean, NaiveSom.ToDouble(x), wd, options.Units).Best).ToArray();
        int[] second = data.Values.ToArray().Chunk(3).Select(x => NaiveSom.Bmu(DistanceMetric.Euclidean, NaiveSom.ToDouble(x), wd, options.Units).Second).ToArray();
        int[] testBmu = test.Samples.Values.ToArray().Chunk(3).Select(x => NaiveSom.Bmu(DistanceMetric.Euclidean, NaiveSom.ToDouble(x), wd, options.Units).Best).ToArray();
        int[] unitLabels = NaiveSom.UnitLabels(grid, first, labels);

        Assert.Equal(Adjacency.Eight, result.Adjacency);
        Assert.Equal(NaiveSom.QuantizationError(xd, 90, 3, wd, first), result.QuantizationError, 6);
        Assert.Equal(NaiveSom.TopographicError(grid, first, second, Adjacency.Eight), result.TopographicError, 12);
        Assert.Equal(NaiveSom.Hits(first, options.Units), result.Hits);
        Assert.Equal(NaiveSom.Purity(first, labels, options.Units), result.Purity!.Value, 12);
        Assert.Equal(unitLabels, result.UnitLabels);
        Assert.Equal(NaiveSom.LabelledUnitAccuracy(unitLabels, first, labels), result.TrainAccuracy!.Value, 12);
        Assert.Equal(NaiveSom.LabelledUnitAccuracy(unitLabels, testBmu, test.Labels!), result.TestAccuracy!.Value, 12);
        Assert.Equal(NaiveSom.QuantizationError(NaiveSom.ToDouble(test.Samples.Values.Span), 40, 3, wd, testBmu), result.TestQuantizationError!.Value, 6);
        double[] u = NaiveSom.UMatrix(grid, wd, 3, Adjacency.Eight);
        for (int j = 0; j < options.Units; j++) Assert.Equal(u[j], result.UMatrix[j], 10);
    }
}
