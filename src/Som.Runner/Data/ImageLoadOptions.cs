namespace Som.Runner.Data;

/// <summary>How an image folder given as <c>--data</c> is read (<c>--image-size</c>, <c>--color</c>).</summary>
/// <param name="Size">Every image is resized to this size, or null for the first image's size.</param>
/// <param name="Colour">Grey (one value per pixel) or RGB (three).</param>
/// <param name="NoResize">Null to resize an image of another size; else images must already have <paramref name="Size"/>
/// and this says why in the error (a model whose training images were not resized).</param>
internal sealed record ImageLoadOptions((int Width, int Height)? Size = null, ImageColour Colour = ImageColour.Grey, string? NoResize = null)
{
    /// <summary>The defaults: the first image's size, grey.</summary>
    public static ImageLoadOptions Default { get; } = new();
}
