using System.Diagnostics;

namespace Som.Benchmarks;

/// <summary>Wall-clock timing for the quick modes: warm-up runs, then timed runs, summarised.</summary>
public static class Timing
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmups"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    /// <returns>Seconds of each timed run, in run order.</returns>
    public static double[] Runs(Action action, int warmups, int runs)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmups; i++) action();
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            // A collection between runs, not inside one, so each run starts from the same heap state.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long start = Stopwatch.GetTimestamp();
            action();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return seconds;
    }

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
