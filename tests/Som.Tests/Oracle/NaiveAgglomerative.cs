namespace Som.Tests.Oracle;

/// <summary>
/// Agglomerative clustering restated from the definitions (docs/contract.md §15), O(n³): every step recomputes every
/// pair of clusters' linkage from their points (single: min, complete: max, average: mean of the point distances;
/// Ward: √(2·n_a·n_b/(n_a + n_b))·‖c_a − c_b‖ from the centroids), all in double, and merges the closest pair, ties to
/// the pair whose lowest points are lexicographically smallest. No Lance–Williams updates, no caches.
/// </summary>
internal static class NaiveAgglomerative
{
    public static List<(int A, int B, double Height, int Size)> Fit(SampleMatrix points, Linkage linkage)
    {
        int n = points.Count, dims = points.Features;
        var pd = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int f = 0; f < dims; f++)
                {
                    double diff = (double)points.Row(i)[f] - points.Row(j)[f];
                    s += diff * diff;
                }
                pd[i, j] = Math.Sqrt(s);
            }
        }
        var clusters = Enumerable.Range(0, n).Select(i => (Id: i, Members: new List<int> { i })).ToList();
        var merges = new List<(int, int, double, int)>();
        for (int step = 0; step < n - 1; step++)
        {
            int bestP = -1, bestQ = -1;
            double best = double.PositiveInfinity;
            (int, int) bestKey = (int.MaxValue, int.MaxValue);
            var centroids = clusters.Select(c => Enumerable.Range(0, dims).Select(f => c.Members.Average(i => (double)points.Row(i)[f])).ToArray()).ToList();
            for (int p = 0; p < clusters.Count; p++)
            {
                for (int q = p + 1; q < clusters.Count; q++)
                {
                    double v = Distance(pd, clusters[p].Members, clusters[q].Members, centroids[p], centroids[q], linkage);
                    int lp = clusters[p].Members.Min(), lq = clusters[q].Members.Min();
                    var key = (Math.Min(lp, lq), Math.Max(lp, lq));
                    if (v < best || (v == best && key.CompareTo(bestKey) < 0))
                    {
                        best = v;
                        bestKey = key;
                        (bestP, bestQ) = (p, q);
                    }
                }
            }
            var (a, b) = (clusters[bestP], clusters[bestQ]);
            merges.Add((Math.Min(a.Id, b.Id), Math.Max(a.Id, b.Id), best, a.Members.Count + b.Members.Count));
            clusters.RemoveAt(bestQ);
            clusters.RemoveAt(bestP);
            clusters.Add((n + step, [.. a.Members, .. b.Members]));
        }
        return merges;
    }

    private static double Distance(double[,] pd, List<int> a, List<int> b, double[] ca, double[] cb, Linkage linkage)
    {
        switch (linkage)
        {
            case Linkage.Single:
                return a.Min(i => b.Min(j => pd[i, j]));
            case Linkage.Complete:
                return a.Max(i => b.Max(j => pd[i, j]));
            case Linkage.Average:
                double sum = 0;
                foreach (int i in a) foreach (int j in b) sum += pd[i, j];
                return sum / (a.Count * b.Count);
            default:
                double s = 0;
                for (int f = 0; f < ca.Length; f++) s += (ca[f] - cb[f]) * (ca[f] - cb[f]);
                return Math.Sqrt(2.0 * a.Count * b.Count / (a.Count + b.Count) * s);
        }
    }
}
