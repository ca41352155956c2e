namespace Som.Tests.Api;

/// <summary>
/// Tiny maps with hand-set weights whose answers are exact: winners, ties, QE, TE, the U-matrix, hits and label
/// counts, each worked out by hand in the comments.
/// </summary>
public class HandBuiltMapTests
{
    /// <summary>A 3 × 1 map of 1-D prototypes 0, 5, 1: units 0 and 2 are not adjacent but their prototypes are close.</summary>
    private static SelfOrganizingMap Line(float[] weights, Adjacency adjacency = Adjacency.Default)
    {
        var map = new SelfOrganizingMap(new SomOptions { Width = weights.Length, Height = 1, Adjacency = adjacency }, features: 1);
        map.SetWeights(weights);
        return map;
    }

    [Fact]
    public void Winner_of_each_prototype_is_its_unit_and_position_follows_row_major_order()
    {
        using var map = new SelfOrganizingMap(new SomOptions { Width = 3, Height = 2 }, features: 2);
        float[] w = [0, 0, 1, 0, 2, 0, 0, 1, 1, 1, 2, 1]; // unit j = y·3 + x has prototype (x, y)
        map.SetWeights(w);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(j, map.Winner(w.AsSpan(j * 2, 2)));
            var (x, y) = map.Position(j);
            Assert.Equal((j % 3, j / 3), (x, y));
            Assert.Equal(j, map.Unit(x, y));
        }
        Assert.Equal(5, map.Winner([2.2f, 0.9f]));
    }

    [Fact]
    public void Samples_equal_to_prototypes_have_zero_quantization_error()
    {
        using var map = Line([0, 5, 1]);
        var data = new SampleMatrix([5f, 0f, 1f, 5f], 4, 1);
        Assert.Equal([1, 0, 2, 1], map.Winners(data));
        Assert.Equal(0.0, map.QuantizationError(data));
    }

    [Fact]
    public void Equidistant_sample_goes_to_the_lowest_unit()
    {
        using var map = Line([0, 1, 2]);
        // 0.5 is 0.5 from units 0 and 1 (‖x‖² + ‖w‖² − 2x·w = 0.25 for both, exactly), 1.5 is as far from 1 and 2.
        Assert.Equal(0, map.Winner([0.5f]));
        Assert.Equal(1, map.Winner([1.5f]));
    }

    [Fact]
    public void Quantization_and_topographic_error_match_the_hand_computation()
    {
        using var map = Line([0, 5, 1]);
        // 0.25: best unit 0 (0.25 away), second unit 2 (0.75 away): not adjacent → an error.
        // 5: best unit 1 (0 away), second unit 2 (4 away): adjacent → no error.
        var data = new SampleMatrix([0.25f, 5f], 2, 1);
        Assert.Equal((0.25 + 0) / 2, map.QuantizationError(data));
        Assert.Equal(0.5, map.TopographicError(data));
        var quality = map.Measure(data);
        Assert.Equal([1, 1, 0], quality.Hits);
    }

    [Fact]
    public void Topographic_error_uses_the_options_adjacency_rule()
    {
        // 2 × 2 map; the sample's best unit is 0 at (0,0) and second is 3 at (1,1): diagonal neighbours.
        var weights = new float[] { 0, 10, 10, 1 };
        var data = new SampleMatrix([0.4f], 1, 1);
        using var eight = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2 }, 1);
        using var four = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2, Adjacency = Adjacency.Four }, 1);
        eight.SetWeights(weights);
        four.SetWeights(weights);
        Assert.Equal(0.0, eight.TopographicError(data));
        Assert.Equal(1.0, four.TopographicError(data));
    }

    [Fact]
    public void Distance_map_is_the_mean_distance_to_grid_neighbours_indexed_x_y()
    {
        using var line = Line([0, 5, 1]);
        var u = line.DistanceMap();
        Assert.Equal((3, 1), (u.GetLength(0), u.GetLength(1)));
        Assert.Equal(5.0, u[0, 0]);               // |0 − 5|
        Assert.Equal((5.0 + 4.0) / 2, u[1, 0]);   // (|5 − 0| + |5 − 1|) / 2
        Assert.Equal(4.0, u[2, 0]);               // |1 − 5|

        // 2 × 3 map (W = 2, H = 3) with 8-adjacency: unit (1, 2) = j 5 has neighbours (0,1), (1,1), (0,2).
        using var tall = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 3 }, 1);
        tall.SetWeights([0, 0, 0, 0, 0, 6]);
        var t = tall.DistanceMap();
        Assert.Equal((2, 3), (t.GetLength(0), t.GetLength(1)));
        Assert.Equal(6.0, t[1, 2]);
        Assert.Equal(6.0 / 3, t[0, 2]); // neighbours (0,1), (1,1), (1,2)
        Assert.Equal(0.0, t[0, 0]);     // neighbours (1,0), (0,1), (1,1), all 0
    }

    [Fact]
    public void Activation_response_counts_winners_per_position()
    {
        using var map = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2 }, 1);
        map.SetWeights([0, 10, 20, 30]);
        var hits = map.ActivationResponse(new SampleMatrix([1f, 29f, 31f, 11f, 2f, 0f], 6, 1));
        Assert.Equal(3, hits[0, 0]); // 1, 2, 0
        Assert.Equal(1, hits[1, 0]); // 11
        Assert.Equal(0, hits[0, 1]);
        Assert.Equal(2, hits[1, 1]); // 29, 31
    }

    [Fact]
    public void Labels_map_counts_each_label_per_position_and_majority_breaks_ties_to_the_lowest_label()
    {
        using var map = Line([0, 5, 1, 100]);
        var data = new SampleMatrix([0f, 0.25f, 5f, 1f, 1f, 1f], 6, 1);
        int[] labels = [0, 1, 1, 2, 2, 0];
        var counts = map.LabelsMap(data, labels);
        Assert.Equal((4, 1, 3), (counts.GetLength(0), counts.GetLength(1), counts.GetLength(2)));
        Assert.Equal([1, 1, 0], Enumerable.Range(0, 3).Select(c => counts[0, 0, c]));
        Assert.Equal([0, 1, 0], Enumerable.Range(0, 3).Select(c => counts[1, 0, c]));
        Assert.Equal([1, 0, 2], Enumerable.Range(0, 3).Select(c => counts[2, 0, c]));
        Assert.Equal([0, 0, 0], Enumerable.Range(0, 3).Select(c => counts[3, 0, c]));

        var majority = map.MajorityLabels(data, labels);
        Assert.Equal(0, majority[0, 0]); // 0 and 1 tie: the lowest
        Assert.Equal(1, majority[1, 0]);
        Assert.Equal(2, majority[2, 0]);
        Assert.Equal(2, majority[3, 0]); // no samples: the nearest labelled unit, unit 2
    }
}
