namespace Som;

/// <summary>Shape of an image sample: values are stored row by row, channels interleaved.</summary>
public readonly record struct ImageShape(int Width, int Height, int Channels)
{
    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}x{Channels}";
}
