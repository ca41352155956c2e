using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>What <see cref="TuneChart.Draw"/> drew: the file, the plot area, each row's disc centre (null for none), the value ticks and the rungs' legend swatches.</summary>
internal sealed record TuneChartPicture(string Path, SKRectI Plot, IReadOnlyList<SKPoint?> Points, IReadOnlyList<(double Value, float Y)> YTicks,
    IReadOnlyList<SKRectI> Swatches);
