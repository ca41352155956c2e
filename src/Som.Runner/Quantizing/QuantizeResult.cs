namespace Som.Runner.Quantizing;

/// <summary>One palette learned and applied to every pixel.</summary>
/// <param name="K">Colours in the palette.</param>
/// <param name="MapWidth">Width of the map the palette was learned on (K for k-means: a K × 1 map).</param>
/// <param name="MapHeight">Height of that map.</param>
/// <param name="Palette">The K colours as written, 3 bytes each (each learned centre's channels rounded to the nearest integer).</param>
/// <param name="Labels">Each pixel's colour: its nearest learned centre (lowest index on ties).</param>
/// <param name="MeanError">Mean over all pixels of the Euclidean distance in RGB (0 … 255 per channel) from the pixel to its written colour.</param>
/// <param name="RmsError">The root mean square of the same distances.</param>
/// <param name="FitPixels">Pixels the palette was learned on.</param>
/// <param name="Iterations">k-means steps (k-means), or the SOM's epochs plus its one k-means step.</param>
/// <param name="FitSeconds">Wall time learning the palette.</param>
/// <param name="AssignSeconds">Wall time of the one assignment pass over all pixels and the error.</param>
internal sealed record QuantizeResult(
    int K,
    int MapWidth,
    int MapHeight,
    byte[] Palette,
    int[] Labels,
    double MeanError,
    double RmsError,
    int FitPixels,
    int Iterations,
    double FitSeconds,
    double AssignSeconds);
