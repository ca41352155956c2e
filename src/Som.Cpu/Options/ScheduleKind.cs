namespace Som;

/// <summary>How a value moves from its start v0 to its end vT over steps t = 0 … T−1.</summary>
public enum ScheduleKind
{
    /// <summary>v0 + (vT − v0)·t/(T−1).</summary>
    Linear,
    /// <summary>v0·(vT/v0)^(t/(T−1)).</summary>
    Exponential,
    /// <summary>v0 / (1 + t/(T/2)); has no end value.</summary>
    Inverse,
}
