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

    [Fact]
    public void Rectangular_jagged_and_flat_sources_give_the_same_rows()
    {
        var rect = new SampleMatrix(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var jagged = new SampleMatrix([[1f, 2f, 3f], [4f, 5f, 6f]]);
        var flat = new SampleMatrix(new ReadOnlyMemory<float>([1f, 2f, 3f, 4f, 5f, 6f]).Span, 2, 3);
        foreach (var m in new[] { rect, jagged, flat })
        {
            Assert.Equal(2, m.Count);
            Assert.Equal(3, m.Features);
            Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], m.Values.ToArray());
            Assert.Equal([4f, 5f, 6f], m.Row(1).ToArray());
        }
    }

    [Fact]
    public void A_memory_slice_is_copied_as_its_own_rows()
    {
        var backing = new float[] { 9, 9, 1, 2, 3, 4, 5, 6, 9 };
        var m = new SampleMatrix(new ReadOnlyMemory<float>(backing, 2, 6), 3, 2);
        Assert.Equal([3f, 4f], m.Row(1).ToArray());
        Assert.Equal(3 * 3 + 4 * 4, m.SquaredNorms.Span[1]);
        backing[4] = -100;
        Assert.Equal([3f, 4f], m.Row(1).ToArray());
        Assert.Equal(25f, m.SquaredNorms.Span[1]);
        Assert.Contains("expected 2 samples × 4 features = 8",
            Assert.Throws<SomDataException>(() => new SampleMatrix(new ReadOnlyMemory<float>(backing, 0, 7), 2, 4)).Message);
    }

    [Fact]
    public void Changing_the_source_after_construction_changes_nothing()
    {
        var flatSource = new float[] { 3, 4, 0, 0 };
        var rectSource = new float[,] { { 3, 4 }, { 0, 0 } };
        var jaggedSource = new[] { new float[] { 3, 4 }, new float[] { 0, 0 } };
        var flat = new SampleMatrix(flatSource, 2, 2);
        var rect = new SampleMatrix(rectSource);
        var jagged = new SampleMatrix(jaggedSource);
        Assert.Equal(25f, flat.SquaredNorms.Span[0]);
        flatSource[0] = 100;
        rectSource[0, 0] = 100;
        jaggedSource[0][0] = 100;
        foreach (var m in new[] { flat, rect, jagged })
        {
            Assert.Equal([3f, 4f, 0f, 0f], m.Values.ToArray());
            Assert.Equal([25f, 0f], m.SquaredNorms.ToArray());
        }
    }

    [Fact]
    public void Ragged_rows_are_rejected_naming_the_row()
    {
        var ex = Assert.Throws<SomDataException>(() => new SampleMatrix([[1f, 2f], [3f, 4f], [5f]]));
        Assert.Equal("row 2 has 1 features: expected 2, as row 0 has", ex.Message);
    }

    [Fact]
    public void Null_row_is_rejected_naming_the_row()
    {
        var ex = Assert.Throws<SomDataException>(() => new SampleMatrix([[1f, 2f], null!]));
        Assert.Contains("row 1 is null", ex.Message);
    }

    [Fact]
    public void Empty_sources_are_rejected()
    {
        Assert.Contains("0 samples", Assert.Throws<SomDataException>(() => new SampleMatrix(new float[0, 3])).Message);
        Assert.Contains("0 features", Assert.Throws<SomDataException>(() => new SampleMatrix(new float[2, 0])).Message);
        Assert.Contains("0 samples", Assert.Throws<SomDataException>(() => new SampleMatrix(Array.Empty<float[]>())).Message);
        Assert.Contains("0 features", Assert.Throws<SomDataException>(() => new SampleMatrix([Array.Empty<float>()])).Message);
    }

    [Fact]
    public void Non_finite_values_in_rectangular_and_jagged_sources_are_rejected_naming_sample_and_feature()
    {
        var rect = Assert.Throws<SomDataException>(() => new SampleMatrix(new float[,] { { 0, 1 }, { float.PositiveInfinity, 2 } }));
        Assert.Contains("sample 1, feature 0", rect.Message);
        var jagged = Assert.Throws<SomDataException>(() => new SampleMatrix([[0f, 1f], [2f, float.NaN]]));
        Assert.Contains("sample 1, feature 1", jagged.Message);
    }

    [Fact]
    public void Row_outside_the_matrix_is_rejected()
    {
        var m = new SampleMatrix([1f, 2f], 2, 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(2).ToArray());
        Assert.Contains("sample 2 is outside 0…1", ex.Message);
    }

    [Fact]
    public void Sample_terms_handed_out_are_a_copy_of_the_cached_norms()
    {
        var m = new SampleMatrix([3f, 4f], 1, 2);
        float[] terms = ExpandedDistance.SampleTerms(m, DistanceMetric.Euclidean);
        terms[0] = -1;
        Assert.Equal(25f, m.SquaredNorms.Span[0]);
        Assert.Equal([25f], ExpandedDistance.SampleTerms(m, DistanceMetric.Euclidean));
    }
}
