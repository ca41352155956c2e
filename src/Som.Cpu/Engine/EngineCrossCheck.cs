namespace Som;

/// <summary>
/// Compares an engine with a reference engine (the CPU engine) on the same data, options and starting codebook:
/// BMU agreement, with disagreements allowed only where the two units are tied within a tolerance, and the
/// largest weight difference after some batch epochs.
/// </summary>
internal static class EngineCrossCheck
{
    /// <summary>Outcome of a cross-check.</summary>
    /// <param name="Samples">Samples compared.</param>
    /// <param name="BmuMismatches">Samples whose BMUs differ.</param>
    /// <param name="BmuMismatchesBeyondTies">Of those, the ones whose two units are not tied within the tolerance.</param>
    /// <param name="MaxWeightDifference">max |w − w_ref| / (1 + |w_ref|) after the epochs.</param>
    /// <param name="Epochs">Batch epochs run before comparing weights.</param>
    public sealed record Result(int Samples, int BmuMismatches, int BmuMismatchesBeyondTies, double MaxWeightDifference, int Epochs)
    {
        /// <summary>Whether the engines agree: every BMU mismatch is a near-tie and weights are within <paramref name="weightTolerance"/>.</summary>
        public bool Agrees(double weightTolerance) => BmuMismatchesBeyondTies == 0 && MaxWeightDifference <= weightTolerance;
    }

    /// <summary>
    /// Sets both engines to <paramref name="initial"/>, compares BMUs of <paramref name="data"/>, runs
    /// <paramref name="epochs"/> batch epochs with the options' σ schedule on both, and compares the codebooks.
    /// A BMU mismatch counts as a tie when the distances (in double) of the two units differ by at most
    /// <paramref name="tieTolerance"/>·(1 + ‖x‖² + ‖w‖²) for Euclidean, or <paramref name="tieTolerance"/> for cosine.
    /// </summary>
    public static Result Run(ISomEngine reference, ISomEngine candidate, SampleMatrix data, float[] initial, int epochs,
        double tieTolerance = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(data);
        reference.SetWeights(initial);
        candidate.SetWeights(initial);
        var a = new int[data.Count];
        var b = new int[data.Count];
        reference.FindBmus(data, a, default);
        candidate.FindBmus(data, b, default);
        int mismatches = 0, beyond = 0;
        var metric = reference.Options.Metric;
        int d = data.Features;
        for (int i = 0; i < data.Count; i++)
        {
            if (a[i] == b[i]) continue;
            mismatches++;
            var x = data.Row(i);
            var (da, scale) = Distance(x, initial.AsSpan(a[i] * d, d), metric);
            var (db, _) = Distance(x, initial.AsSpan(b[i] * d, d), metric);
            double allowed = metric == DistanceMetric.Euclidean ? tieTolerance * (1 + scale) : tieTolerance;
            if (Math.Abs(da - db) > allowed) beyond++;
        }

        for (int e = 0; e < epochs; e++)
        {
            double sigma = SomTrainer.BatchSigma(reference.Options, e);
            reference.TrainBatchEpoch(data, sigma);
            candidate.TrainBatchEpoch(data, sigma);
        }
        var wa = new float[initial.Length];
        var wb = new float[initial.Length];
        reference.GetWeights(wa);
        candidate.GetWeights(wb);
        double worst = 0;
        for (int k = 0; k < wa.Length; k++) worst = Math.Max(worst, Math.Abs((double)wb[k] - wa[k]) / (1 + Math.Abs(wa[k])));
        return new Result(data.Count, mismatches, beyond, worst, epochs);
    }

    private static (double Distance, double Scale) Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> w, DistanceMetric metric)
    {
        double xx = 0, ww = 0, xw = 0, d2 = 0;
        for (int f = 0; f < x.Length; f++)
        {
            xx += (double)x[f] * x[f];
            ww += (double)w[f] * w[f];
            xw += (double)x[f] * w[f];
            double diff = (double)x[f] - w[f];
            d2 += diff * diff;
        }
        if (metric == DistanceMetric.Euclidean) return (d2, xx + ww);
        return (xx == 0 || ww == 0 ? 1 : 1 - xw / Math.Sqrt(xx * ww), 1);
    }
}
