namespace Som.Runner.Rendering;

/// <summary>How the hit map turns a count into a colour.</summary>
internal enum HitScale
{
    /// <summary>t = count / max.</summary>
    Linear,
    /// <summary>t = ln(1 + count) / ln(1 + max), so that sparse units stay visible next to crowded ones.</summary>
    Log,
}
