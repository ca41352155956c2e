namespace Som.Tests.Oracle;

/// <summary>
/// Lloyd's k-means restated as plain loops in double (docs/contract.md §13): direct ‖x − c‖², the lowest index on
/// ties, means summed in sample order and rounded to float as the engines store them, and the farthest-sample rule
/// for an empty cluster. No engine, no packing, no SIMD.
/// </summary>
internal static class NaiveKMeans
{
    /// <summary>One step: the assignment on <paramref name="centres"/> and the centres after the update.</summary>
    public static (int[] Labels, float[] Centres) Step(SampleMatrix data, float[] centres, int k)
    {
        int n = data.Count, d = data.Features;
        var labels = new int[n];
        var distance = new double[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            double bestD = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                double s = Distance(data.Row(i), centres.AsSpan(j * d, d));
                if (s < bestD) (best, bestD) = (j, s);
            }
            labels[i] = best;
            distance[i] = bestD;
        }
        var sums = new double[k * d];
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (int f = 0; f < d; f++) sums[labels[i] * d + f] += data.Row(i)[f];
        }
        var next = (float[])centres.Clone();
        for (int j = 0; j < k; j++)
            if (counts[j] > 0)
                for (int f = 0; f < d; f++) next[j * d + f] = (float)(sums[j * d + f] / counts[j]);
        var taken = new bool[n];
        for (int j = 0; j < k; j++)
        {
            if (counts[j] > 0) continue;
            int far = -1;
            for (int i = 0; i < n; i++)
                if (!taken[i] && (far < 0 || distance[i] > distance[far])) far = i;
            taken[far] = true;
            for (int f = 0; f < d; f++) next[j * d + f] = data.Row(far)[f];
        }
        return (labels, next);
    }

    /// <summary>Steps from <paramref name="start"/> until the assignment repeats or <paramref name="maxIterations"/> steps.</summary>
    public static List<(int[] Labels, float[] Centres)> Run(SampleMatrix data, float[] start, int k, int maxIterations)
    {
        var steps = new List<(int[] Labels, float[] Centres)>();
        var centres = start;
        while (steps.Count < maxIterations)
        {
            var step = Step(data, centres, k);
            steps.Add(step);
            centres = step.Centres;
            if (steps.Count > 1 && step.Labels.SequenceEqual(steps[^2].Labels)) break;
        }
        return steps;
    }

    /// <summary>Σ_i ‖x_i − c_b(i)‖² in double.</summary>
    public static double Inertia(SampleMatrix data, float[] centres, int[] labels)
    {
        int d = data.Features;
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += Distance(data.Row(i), centres.AsSpan(labels[i] * d, d));
        return sum;
    }

    public static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> c)
    {
        double s = 0;
        for (int f = 0; f < x.Length; f++) s += ((double)x[f] - c[f]) * ((double)x[f] - c[f]);
        return s;
    }
}
