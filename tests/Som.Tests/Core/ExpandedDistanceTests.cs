namespace Som.Tests.Core;

public class ExpandedDistanceTests
{
    [Fact]
    public void Sample_terms_are_the_squared_norm_or_its_inverse_root()
    {
        var data = new SampleMatrix([3f, 4f, 0f, 0f, 1f, 0f], 3, 2);
        Assert.Equal([25f, 0f, 1f], ExpandedDistance.SampleTerms(data, DistanceMetric.Euclidean));
        Assert.Equal([0.2f, 0f, 1f], ExpandedDistance.SampleTerms(data, DistanceMetric.Cosine));
        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(ExpandedDistance.SampleTerm(DistanceMetric.Cosine, data.SquaredNorms.Span[i]),
                ExpandedDistance.SampleTerms(data, DistanceMetric.Cosine)[i]);
        }
    }

    [Fact]
    public void Unit_cosine_scale_is_minus_the_inverse_norm_and_zero_for_a_zero_unit()
    {
        Assert.Equal(-0.2f, ExpandedDistance.UnitCosineScale(25f));
        // 0, not −∞: a zero unit's cosine distance is then 1 (and never NaN).
        Assert.Equal(0f, ExpandedDistance.UnitCosineScale(0f));
    }

    [Fact]
    public void Distances_expand_around_the_dot_product()
    {
        // x = (3, 4), w = (1, 0): ‖x − w‖² = 20, cos = 3/5.
        float dot = 3f, xx = 25f, ww = 1f;
        Assert.Equal(20f, ExpandedDistance.Euclidean(dot, xx, ww));
        Assert.Equal(0.4f, ExpandedDistance.Cosine(dot, ExpandedDistance.SampleTerm(DistanceMetric.Cosine, xx),
            ExpandedDistance.UnitCosineScale(ww)), 6);
        // Rounding below 0 is clamped for the Euclidean distance only.
        Assert.Equal(0f, ExpandedDistance.Euclidean(1.0000001f, 1f, 1f));
        Assert.True(ExpandedDistance.Cosine(1.0000001f, 1f, -1f) < 0f);
    }
}
