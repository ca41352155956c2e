namespace Som.Runner.Data;

/// <summary>How an image folder's pixels become features (<c>--color</c>).</summary>
internal enum ImageColour
{
    /// <summary>One value per pixel: the single channel of a grey image exactly, else the luminance Rec. 601 luminance (299 R + 587 G + 114 B) / 1000 rounded to the nearest integer.</summary>
    Grey,
    /// <summary>Three values per pixel, red, green, blue, channel-last (D = 3·W·H).</summary>
    Rgb,
}
