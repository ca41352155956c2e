using System.Diagnostics;

namespace Som.Benchmarks;

/// <summary>Wall-clock timing for the quick modes: warm-up runs, then timed runs, summarised.</summary>
public static class Timing
{
    /// <summary>
    /// Runs <paramref name="action"/> untimed at least <paramref name="warmups"/> times and for at least
    /// <paramref name="warmupSeconds"/>, then <paramref name="runs"/> times timed. The time floor is there because
    /// the tiered JIT promotes methods in the background: a single warm-up call can still leave the epilogue (or the
    /// whole scalar kernel, which is not marked for full optimisation) in an early tier.
    /// </summary>
    /// <returns>Seconds of each timed run, in run order.</returns>
    public static double[] Runs(Action action, int warmups, double warmupSeconds, int runs)
    {
        ArgumentNullException.ThrowIfNull(action);
        long warm = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmups || Stopwatch.GetElapsedTime(warm).TotalSeconds < warmupSeconds; i++) action();
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
