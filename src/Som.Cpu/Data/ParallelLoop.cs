namespace Som;

/// <summary>
/// Parallel.For over a handful of items (the files of a data set, its parts) that does not depend on the thread pool
/// when there is nothing to share: a single item runs on the calling thread. Parallel.For would queue a helper task
/// and wait for it even then, and a busy pool (a server, a test run with blocked pool threads) may not start that
/// task for seconds. Otherwise at most one worker per item and per core.
/// </summary>
internal static class ParallelLoop
{
    /// <summary><paramref name="body"/> for 0 … <paramref name="count"/> − 1.</summary>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0) return;
        if (count == 1)
        {
            body(0);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(count, Environment.ProcessorCount) }, body);
    }
}
