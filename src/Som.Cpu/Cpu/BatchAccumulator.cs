namespace Som.Cpu;

/// <summary>
/// Per-unit sums S_k = Σ_{b(i)=k} x_i and hit counts C_k, deterministically: a stable counting sort of the
/// sample indices by BMU, then each unit sums its samples in increasing index order, in double. Units are
/// shared out among threads, so the thread count does not change any sum's order.
/// </summary>
internal static class BatchAccumulator
{
    /// <summary>Fills <paramref name="sums"/> (M × D) and <paramref name="counts"/> (M) from the BMUs.</summary>
    public static void Accumulate(SampleMatrix data, int[] bmu, int units, double[] sums, double[] counts, int threads)
    {
        int d = data.Features;
        var start = new int[units + 1];
        foreach (int b in bmu) start[b + 1]++;
        for (int k = 0; k < units; k++) start[k + 1] += start[k];
        var order = new int[bmu.Length];
        var next = (int[])start.Clone();
        for (int i = 0; i < bmu.Length; i++) order[next[bmu[i]]++] = i;

        float[] x = data.Values;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, units, options, k =>
        {
            var s = sums.AsSpan(k * d, d);
            s.Clear();
            for (int n = start[k]; n < start[k + 1]; n++)
            {
                var row = x.AsSpan(order[n] * d, d);
                for (int f = 0; f < s.Length; f++) s[f] += row[f];
            }
            counts[k] = start[k + 1] - start[k];
        });
    }
}
