namespace Som;

/// <summary>Decay schedules over steps t = 0 … T−1 (docs/contract.md §4).</summary>
public static class Schedule
{
    /// <summary>
    /// linear v0 + (vT − v0)·t/(T−1); exponential v0·(vT/v0)^(t/(T−1)); inverse v0 / (1 + t/(T/2)).
    /// With T = 1 every schedule gives v0.
    /// </summary>
    public static double Value(ScheduleKind kind, double v0, double vT, long t, long T)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(T, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        if (T == 1) return v0;
        double frac = (double)t / (T - 1);
        return kind switch
        {
            ScheduleKind.Linear => v0 + (vT - v0) * frac,
            ScheduleKind.Exponential => v0 * Math.Pow(vT / v0, frac),
            ScheduleKind.Inverse => v0 / (1 + t / (T / 2.0)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown schedule"),
        };
    }
}
