namespace Som.Tests.Core;

public class DistanceTermsTests
{
    [Fact]
    public void Sample_terms_are_the_squared_norm_or_its_inverse_root()
    {
        var data = new SampleMatrix([3f, 4f, 0f, 0f, 1f, 0f], 3, 2);
        Assert.Equal([25f, 0f, 1f], DistanceTerms.SampleTerms(data, DistanceMetric.Euclidean));
        Assert.Equal([0.2f, 0f, 1f], DistanceTerms.SampleTerms(data, DistanceMetric.Cosine));
        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(DistanceTerms.SampleTerm(DistanceMetric.Cosine, data.SquaredNorms[i]),
                DistanceTerms.SampleTerms(data, DistanceMetric.Cosine)[i]);
        }
    }

    [Fact]
    public void Unit_cosine_scale_is_minus_the_inverse_norm_and_zero_for_a_zero_unit()
    {
        Assert.Equal(-0.2f, DistanceTerms.UnitCosineScale(25f));
        // 0, not −∞: a zero unit's cosine distance is then 1 (and never NaN).
        Assert.Equal(0f, DistanceTerms.UnitCosineScale(0f));
    }
}
