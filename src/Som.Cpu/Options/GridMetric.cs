namespace Som;

/// <summary>How the grid distance δ(j, k) between two units is measured.</summary>
public enum GridMetric
{
    /// <summary>Euclidean distance between unit positions (the default; the only one on hexagonal maps).</summary>
    Euclidean,
    /// <summary>|dx| + |dy| (rectangular maps only).</summary>
    Manhattan,
    /// <summary>max(|dx|, |dy|) (rectangular maps only).</summary>
    Chebyshev,
}
