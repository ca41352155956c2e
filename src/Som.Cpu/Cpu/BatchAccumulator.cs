namespace Som.Cpu;

/// <summary>
/// Per-unit sums S_k = Σ_{b(i)=k} x_i and hit counts C_k, in double, deterministically: every S_k[f] adds its
/// samples in increasing sample index, whatever the thread count. Threads split the features, not the
/// samples: each walks all samples in order and adds its stripe of x_i into row b(i) of S, so the data are
/// read once, sequentially, and no sort is needed.
/// </summary>
internal static class BatchAccumulator
{
    /// <summary>Fills <paramref name="sums"/> (M × D) and <paramref name="counts"/> (M) from the BMUs.</summary>
    public static void Accumulate(SampleMatrix data, int[] bmu, double[] sums, double[] counts, KernelIsa isa, int threads)
    {
        int d = data.Features, n = data.Count;
        int workers = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        int stripe = Math.Max(16, (d + workers - 1) / workers + 15 & ~15);
        int stripes = (d + stripe - 1) / stripe;
        float[] x = data.Buffer;
        Array.Clear(sums);
        Array.Clear(counts);
        foreach (int b in bmu) counts[b]++;
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers };
        Parallel.For(0, stripes, options, s =>
        {
            int f0 = s * stripe, width = Math.Min(stripe, d - f0);
            for (int i = 0; i < n; i++)
                DoubleVectors.AddWidened(x.AsSpan(i * d + f0, width), sums.AsSpan(bmu[i] * d + f0, width), isa);
        });
    }
}
