using System.Numerics;

namespace Som;

/// <summary>Map quality measures (docs/contract.md §10), from BMU indices and the codebook.</summary>
public static class SomMetrics
{
    /// <summary>Quantization error QE = mean_i ‖x_i − w_b(i)‖ (Euclidean, in double).</summary>
    public static double QuantizationError(SampleMatrix data, ReadOnlySpan<float> weights, ReadOnlySpan<int> bmu)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.Features;
        double total = 0;
        for (int i = 0; i < data.Count; i++)
        {
            total += Distance(data.Row(i), weights.Slice(bmu[i] * d, d));
        }
        return total / data.Count;
    }

    /// <summary>
    /// The per-epoch quantization error of docs/contract.md §10 from the BMU distances a search ranked by:
    /// (1/N)·Σ_i √d_i with d_i the expanded float Euclidean distance of §5 (squared, clamped at 0), each root taken in
    /// double and added in double in sample order, one chain, so the result depends only on the distances' bits.
    /// </summary>
    /// <param name="bmuSquaredDistances">d_i per sample, in sample order; at least one.</param>
    public static double EpochQuantizationError(ReadOnlySpan<float> bmuSquaredDistances)
    {
        if (bmuSquaredDistances.IsEmpty) throw new ArgumentException("no distances: expected one per sample", nameof(bmuSquaredDistances));
        double total = 0;
        for (int i = 0; i < bmuSquaredDistances.Length; i++) total += Math.Sqrt(bmuSquaredDistances[i]);
        return total / bmuSquaredDistances.Length;
    }

    /// <summary>
    /// Topographic error TE: the share of samples whose first and second BMU are not adjacent under
    /// <paramref name="rule"/>. A one-unit map has no second BMU (−1) and no error.
    /// </summary>
    public static double TopographicError(MapGrid grid, ReadOnlySpan<int> first, ReadOnlySpan<int> second, Adjacency rule)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (first.Length == 0) return 0;
        int errors = 0;
        for (int i = 0; i < first.Length; i++)
        {
            if (second[i] >= 0 && !grid.AreAdjacent(first[i], second[i], rule)) errors++;
        }
        return (double)errors / first.Length;
    }

    /// <summary>U-matrix: per unit, the mean Euclidean distance from its prototype to those of its grid neighbours under <paramref name="rule"/> (0 without neighbours).</summary>
    public static double[] UMatrix(MapGrid grid, ReadOnlySpan<float> weights, int features, Adjacency rule)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var u = new double[grid.Units];
        for (int j = 0; j < grid.Units; j++)
        {
            int[] neighbors = grid.Neighbors(j, rule);
            if (neighbors.Length == 0) continue;
            double total = 0;
            var wj = weights.Slice(j * features, features);
            foreach (int k in neighbors)
            {
                total += Distance(wj, weights.Slice(k * features, features));
            }
            u[j] = total / neighbors.Length;
        }
        return u;
    }

    /// <summary>Euclidean ‖x − w‖, each difference and the sum in double.</summary>
    internal static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> w) => Math.Sqrt(SquaredDistance(x, w));

    /// <summary>
    /// ‖x − y‖² with each difference and the sum in double, over f = 0 … D−1 in order: the one host-side squared
    /// distance of the metrics, k-means and the pictures (float or double operands, widened exactly).
    /// </summary>
    internal static double SquaredDistance<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y)
        where TX : INumberBase<TX>
        where TY : INumberBase<TY>
    {
        double s = 0;
        for (int f = 0; f < x.Length; f++)
        {
            double diff = double.CreateTruncating(x[f]) - double.CreateTruncating(y[f]);
            s += diff * diff;
        }
        return s;
    }

    /// <summary>Samples per unit.</summary>
    public static int[] Hits(ReadOnlySpan<int> bmu, int units)
    {
        var hits = new int[units];
        foreach (int b in bmu) hits[b]++;
        return hits;
    }

    /// <summary>n[j, c]: samples of class c whose BMU is j, as units × classes.</summary>
    public static int[,] ClassHits(ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels, int units, int classes)
    {
        var n = new int[units, classes];
        for (int i = 0; i < bmu.Length; i++) n[bmu[i], labels[i]]++;
        return n;
    }

    /// <summary>Class purity Σ_j max_c n_jc / N.</summary>
    public static double Purity(ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels, int units)
    {
        if (bmu.Length == 0) return 0;
        int classes = MaxPlusOne(labels);
        var n = ClassHits(bmu, labels, units, classes);
        long total = 0;
        for (int j = 0; j < units; j++)
        {
            int best = 0;
            for (int c = 0; c < classes; c++) best = Math.Max(best, n[j, c]);
            total += best;
        }
        return (double)total / bmu.Length;
    }

    /// <summary>
    /// Label of each unit: the majority class of its training hits (ties to the lowest class); a unit without
    /// hits takes the label of the nearest labelled unit on the map (grid distance, ties to the lowest unit index).
    /// −1 for every unit when there are no samples.
    /// </summary>
    public static int[] UnitLabels(MapGrid grid, ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int m = grid.Units;
        var result = new int[m];
        Array.Fill(result, -1);
        if (bmu.Length == 0) return result;
        return UnitLabelsFromClassHits(grid, ClassHits(bmu, labels, m, MaxPlusOne(labels)));
    }

    /// <summary>
    /// <see cref="UnitLabels(MapGrid, ReadOnlySpan{int}, ReadOnlySpan{int})"/> from the class hits n[j, c] (units × classes)
    /// alone, so sums of them over shards give the same labels (docs/contract.md §16).
    /// </summary>
    internal static int[] UnitLabelsFromClassHits(MapGrid grid, int[,] n)
    {
        int m = grid.Units, classes = n.GetLength(1);
        var result = new int[m];
        Array.Fill(result, -1);
        var labelled = new List<int>();
        for (int j = 0; j < m; j++)
        {
            int best = 0, label = -1;
            for (int c = 0; c < classes; c++)
            {
                if (n[j, c] > best)
                {
                    best = n[j, c];
                    label = c;
                }
            }
            result[j] = label;
            if (label >= 0) labelled.Add(j);
        }
        var offsets = new OffsetTable(grid);
        for (int j = 0; j < m; j++)
        {
            if (result[j] >= 0) continue;
            double nearest = double.PositiveInfinity;
            int from = -1;
            foreach (int k in labelled)
            {
                double delta = offsets.Delta(j, k);
                if (delta < nearest)
                {
                    nearest = delta;
                    from = k;
                }
            }
            if (from >= 0) result[j] = result[from];
        }
        return result;
    }

    /// <summary>Labelled-unit accuracy: the share of samples whose BMU's label is their class.</summary>
    public static double LabelledUnitAccuracy(ReadOnlySpan<int> unitLabels, ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels)
    {
        if (bmu.Length == 0) return 0;
        int correct = 0;
        for (int i = 0; i < bmu.Length; i++)
        {
            if (unitLabels[bmu[i]] == labels[i]) correct++;
        }
        return (double)correct / bmu.Length;
    }

    /// <summary>
    /// Confusion matrix of the labelled-unit classifier: n[t, p] = samples of true class t whose BMU's label is p
    /// (classes × classes; a unit label of −1 or ≥ <paramref name="classes"/> is not counted).
    /// </summary>
    internal static int[,] Confusion(ReadOnlySpan<int> unitLabels, ReadOnlySpan<int> bmu, ReadOnlySpan<int> labels, int classes)
    {
        var n = new int[classes, classes];
        for (int i = 0; i < bmu.Length; i++)
        {
            int predicted = unitLabels[bmu[i]];
            if ((uint)predicted < (uint)classes && (uint)labels[i] < (uint)classes) n[labels[i], predicted]++;
        }
        return n;
    }

    private static int MaxPlusOne(ReadOnlySpan<int> labels)
    {
        int max = -1;
        foreach (int l in labels) max = Math.Max(max, l);
        return max + 1;
    }
}
