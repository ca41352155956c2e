using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>curves.png as written: where each plotted value landed, so a test can read the pixels back.</summary>
/// <param name="Path">The PNG file.</param>
/// <param name="QePoints">The marker centre of each epoch's QE (epochs without one are left out).</param>
/// <param name="SigmaPoints">The marker centre of each epoch's σ.</param>
/// <param name="FinalQe">The final QE's marker centre, or null when there is none.</param>
/// <param name="QePanel">The QE panel's plot area.</param>
/// <param name="SigmaPanel">The σ panel's plot area.</param>
internal sealed record CurvesPicture(string Path, IReadOnlyList<SKPointI> QePoints, IReadOnlyList<SKPointI> SigmaPoints, SKPointI? FinalQe,
    SKRectI QePanel, SKRectI SigmaPanel);
