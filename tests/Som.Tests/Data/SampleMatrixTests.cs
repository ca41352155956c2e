namespace Som.Tests.Data;

public class SampleMatrixTests
{
    [Fact]
    public void Rejects_nan_naming_sample_and_feature()
    {
        var values = new float[] { 0, 1, 2, 3, float.NaN, 5 };
        var ex = Assert.Throws<SomDataException>(() => new SampleMatrix(values, 2, 3));
        Assert.Contains("sample 1, feature 1", ex.Message);
    }

    [Fact]
    public void Rejects_empty_data()
    {
        var ex = Assert.Throws<SomDataException>(() => new SampleMatrix([], 0, 3));
        Assert.Contains("0 samples", ex.Message);
    }

    [Fact]
    public void Rejects_length_mismatch()
    {
        var ex = Assert.Throws<SomDataException>(() => new SampleMatrix(new float[5], 2, 3));
        Assert.Contains("expected 2 samples × 3 features = 6", ex.Message);
    }
}
