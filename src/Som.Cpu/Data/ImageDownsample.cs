namespace Som;

/// <summary>Halves image samples in each direction: every output pixel is the mean of a 2 × 2 block of input pixels.</summary>
internal static class ImageDownsample
{
    /// <summary>The shape <see cref="Mean2x2(SampleMatrix, ImageShape)"/> makes of <paramref name="shape"/>: ⌈W/2⌉ × ⌈H/2⌉, the same channels.</summary>
    public static ImageShape Halved(ImageShape shape) => new((shape.Width + 1) / 2, (shape.Height + 1) / 2, shape.Channels);

    /// <summary>
    /// Each sample of <paramref name="data"/> is an image of <paramref name="shape"/> (rows of W pixels, channels
    /// interleaved). Output pixel (x, y), channel c, is the mean of the input pixels (2x + i, 2y + j), i, j ∈ {0, 1},
    /// that lie inside the image: four of them, or two or one along an odd last column or row. The sum is taken in
    /// double in the order (0,0), (1,0), (0,1), (1,1) and rounded to float once, so the result does not depend on
    /// the instruction set.
    /// </summary>
    /// <returns>N samples of <see cref="Halved"/>(<paramref name="shape"/>) pixels.</returns>
    /// <exception cref="SomDataException">The shape is not positive or does not hold the samples' feature count.</exception>
    public static SampleMatrix Mean2x2(SampleMatrix data, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Width < 1 || shape.Height < 1 || shape.Channels < 1)
            throw new SomDataException($"image shape {shape}: expected a width, height and channel count of at least 1");
        if ((long)shape.Width * shape.Height * shape.Channels != data.Features)
            throw new SomDataException($"data has {data.Features} features: expected {shape.Width * (long)shape.Height * shape.Channels} for {shape} images");
        var half = Halved(shape);
        int w = shape.Width, h = shape.Height, ch = shape.Channels, outD = half.Width * half.Height * ch;
        var output = new float[(long)data.Count * outD];
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            var target = output.AsSpan((int)((long)i * outD), outD);
            for (int y = 0; y < half.Height; y++)
            {
                int y0 = 2 * y, y1 = Math.Min(2 * y + 1, h - 1);
                for (int x = 0; x < half.Width; x++)
                {
                    int x0 = 2 * x, x1 = Math.Min(2 * x + 1, w - 1);
                    int count = (x1 > x0 ? 2 : 1) * (y1 > y0 ? 2 : 1);
                    for (int c = 0; c < ch; c++)
                    {
                        double sum = row[(y0 * w + x0) * ch + c];
                        if (x1 > x0) sum += row[(y0 * w + x1) * ch + c];
                        if (y1 > y0)
                        {
                            sum += row[(y1 * w + x0) * ch + c];
                            if (x1 > x0) sum += row[(y1 * w + x1) * ch + c];
                        }
                        target[(y * half.Width + x) * ch + c] = (float)(sum / count);
                    }
                }
            }
        }
        return SampleMatrix.Wrap(output, data.Count, outD);
    }

    /// <summary>
    /// <paramref name="set"/> with its images halved by <see cref="Mean2x2(SampleMatrix, ImageShape)"/>; labels and
    /// class names kept, the name suffixed with "/2".
    /// </summary>
    /// <exception cref="SomDataException">The set has no image shape, or it does not hold the feature count.</exception>
    public static Dataset Mean2x2(Dataset set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Image is not { } shape)
            throw new SomDataException($"data set {set.Name} has no image shape: expected images to downsample");
        return new Dataset(set.Name + "/2", Mean2x2(set.Samples, shape), set.Labels, Halved(shape), set.ClassNames);
    }
}
