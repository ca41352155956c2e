namespace Som.Runner.Cli;

/// <summary>The <c>WxH</c> spelling of a map size (32x32, or 100x1 for a 1-D map).</summary>
internal static class MapSize
{
    /// <summary>The size <paramref name="text"/> spells, or null when it is not WxH with both at least 1.</summary>
    public static (int Width, int Height)? TryParse(string text)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w >= 1 && h >= 1
            ? (w, h)
            : null;
    }

    /// <summary>The one-line error for a bad size given to <paramref name="flag"/>.</summary>
    public static string Error(string flag, string text) =>
        $"{flag}: '{text}' is not WIDTHxHEIGHT with both at least 1 (e.g. 32x32, or 100x1 for a 1-D map)";
}
