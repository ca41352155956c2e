namespace Som.Tests.Data;

/// <summary>
/// The 2 × 2 mean downsampling against a naive double-precision version written differently (every input pixel
/// added into output pixel (x / 2, y / 2), then divided by how many landed there), on odd, non-square and
/// multi-channel shapes; hand-worked values; the data set form; and the errors.
/// </summary>
public class ImageDownsampleTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 1)]
    [InlineData(31, 33, 1)]
    [InlineData(33, 31, 1)]
    [InlineData(28, 28, 1)]
    [InlineData(4, 3, 3)]
    [InlineData(1, 127, 1)]
    public void Matches_a_naive_double_mean_on_odd_non_square_shapes(int width, int height, int channels)
    {
        var shape = new ImageShape(width, height, channels);
        int d = width * height * channels, n = 3;
        var rng = new Random(width * 1000 + height * 10 + channels);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 510 - 255);
        var data = new SampleMatrix(values, n, d);

        var half = ImageDownsample.Mean2x2(data, shape);

        int hw = (width + 1) / 2, hh = (height + 1) / 2;
        Assert.Equal(new ImageShape(hw, hh, channels), ImageDownsample.Halved(shape));
        Assert.Equal((n, hw * hh * channels), (half.Count, half.Features));
        for (int s = 0; s < n; s++)
        {
            var sum = new double[hw * hh * channels];
            var count = new int[hw * hh * channels];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < channels; c++)
                    {
                        int o = ((y / 2) * hw + x / 2) * channels + c;
                        sum[o] += values[s * d + (y * width + x) * channels + c];
                        count[o]++;
                    }
            var row = half.Row(s);
            for (int o = 0; o < sum.Length; o++)
            {
                // The naive sum adds in row order ((0,0), (1,0), then (0,1), (1,1)): the same order, so the same bits.
                Assert.True((float)(sum[o] / count[o]) == row[o], $"{shape} sample {s} output {o}: {row[o]} against {(float)(sum[o] / count[o])}");
            }
        }
    }

    [Fact]
    public void Hand_worked_blocks_of_four_two_and_one_pixels()
    {
        // 3 × 3: blocks {1,2,4,5} {3,6} {7,8} {9}.
        var data = new SampleMatrix(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 1, 9);
        var half = ImageDownsample.Mean2x2(data, new ImageShape(3, 3, 1));
        Assert.Equal(new float[] { 3f, 4.5f, 7.5f, 9f }, half.Row(0).ToArray());
    }

    [Fact]
    public void A_data_set_keeps_its_labels_and_class_names_and_gets_the_halved_shape()
    {
        var values = new float[2 * 28 * 28];
        for (int i = 0; i < values.Length; i++) values[i] = i % 7;
        var set = new Dataset("images", new SampleMatrix(values, 2, 784), [4, 1], new ImageShape(28, 28, 1), ["a", "b", "c", "d", "e"]);
        var half = ImageDownsample.Mean2x2(set);
        Assert.Equal("images/2", half.Name);
        Assert.Equal(new ImageShape(14, 14, 1), half.Image);
        Assert.Equal(196, half.Features);
        Assert.Equal(new[] { 4, 1 }, half.Labels);
        Assert.Equal(set.ClassNames, half.ClassNames);
    }

    [Fact]
    public void A_shape_that_does_not_hold_the_features_or_a_set_without_images_is_refused_naming_the_value()
    {
        var data = new SampleMatrix(new float[10], 1, 10);
        var e = Assert.Throws<SomDataException>(() => ImageDownsample.Mean2x2(data, new ImageShape(3, 3, 1)));
        Assert.Contains("10 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 9", e.Message, StringComparison.Ordinal);
        var z = Assert.Throws<SomDataException>(() => ImageDownsample.Mean2x2(data, new ImageShape(0, 10, 1)));
        Assert.Contains("0x10x1", z.Message, StringComparison.Ordinal);
        var noImage = Assert.Throws<SomDataException>(() => ImageDownsample.Mean2x2(new Dataset("table", data)));
        Assert.Contains("table", noImage.Message, StringComparison.Ordinal);
    }
}
