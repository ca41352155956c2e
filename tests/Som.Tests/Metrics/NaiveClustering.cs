namespace Som.Tests.Metrics;

/// <summary>The clustering indices as plain double-precision loops over all pairs, straight from their definitions.</summary>
internal static class NaiveClustering
{
    public static double Distance(SampleMatrix data, int i, int j)
    {
        var x = data.Row(i);
        var y = data.Row(j);
        double s = 0;
        for (int f = 0; f < x.Length; f++)
        {
            double diff = (double)x[f] - y[f];
            s += diff * diff;
        }
        return Math.Sqrt(s);
    }

    public static double Silhouette(SampleMatrix data, int[] labels)
    {
        int n = data.Count;
        var names = labels.Distinct().ToArray();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int own = labels[i];
            int ownSize = labels.Count(l => l == own);
            if (ownSize == 1) continue;
            double a = 0;
            for (int j = 0; j < n; j++) if (j != i && labels[j] == own) a += Distance(data, i, j);
            a /= ownSize - 1;
            double b = double.PositiveInfinity;
            foreach (int c in names)
            {
                if (c == own) continue;
                double sum = 0;
                int size = 0;
                for (int j = 0; j < n; j++) if (labels[j] == c) { sum += Distance(data, i, j); size++; }
                b = Math.Min(b, sum / size);
            }
            double max = Math.Max(a, b);
            total += max > 0 ? (b - a) / max : 0;
        }
        return total / n;
    }

    public static double[] Centroid(SampleMatrix data, int[] labels, int c)
    {
        var sum = new double[data.Features];
        int size = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (labels[i] != c) continue;
            size++;
            for (int f = 0; f < data.Features; f++) sum[f] += data.Row(i)[f];
        }
        return sum.Select(v => v / size).ToArray();
    }

    private static double Norm(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());

    public static double DaviesBouldin(SampleMatrix data, int[] labels)
    {
        var names = labels.Distinct().OrderBy(c => c).ToArray();
        var centroids = names.Select(c => Centroid(data, labels, c)).ToArray();
        var spread = names.Select((c, a) => Enumerable.Range(0, data.Count).Where(i => labels[i] == c)
            .Average(i => Norm(data.Row(i).ToArray().Select(v => (double)v).ToArray(), centroids[a]))).ToArray();
        double total = 0;
        for (int a = 0; a < names.Length; a++)
        {
            double worst = 0;
            for (int b = 0; b < names.Length; b++)
            {
                if (b == a) continue;
                double m = Norm(centroids[a], centroids[b]);
                if (m > 0) worst = Math.Max(worst, (spread[a] + spread[b]) / m);
            }
            total += worst;
        }
        return total / names.Length;
    }

    public static double CalinskiHarabasz(SampleMatrix data, int[] labels)
    {
        var names = labels.Distinct().OrderBy(c => c).ToArray();
        int n = data.Count, k = names.Length;
        var all = Enumerable.Range(0, data.Features).Select(f => Enumerable.Range(0, n).Average(i => (double)data.Row(i)[f])).ToArray();
        double between = 0, within = 0;
        foreach (int c in names)
        {
            var centroid = Centroid(data, labels, c);
            int size = labels.Count(l => l == c);
            between += size * Math.Pow(Norm(centroid, all), 2);
            for (int i = 0; i < n; i++)
                if (labels[i] == c) within += Math.Pow(Norm(data.Row(i).ToArray().Select(v => (double)v).ToArray(), centroid), 2);
        }
        return between * (n - k) / (within * (k - 1));
    }
}
