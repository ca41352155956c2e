using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som;

/// <summary>
/// Agglomerative (hierarchical) clustering, docs/contract.md §15: single, complete, average and Ward linkage on
/// Euclidean distances, by Lance–Williams updates of a condensed n·(n − 1)/2 matrix of doubles (O(n²) memory).
/// Each step merges the closest pair of clusters, ties to the pair whose lowest points are lexicographically
/// smallest, so the tree is deterministic; every row of the matrix caches its nearest later cluster, so a step
/// costs O(n) apart from the rows whose nearest neighbour was one of the pair (re-scanned).
/// </summary>
internal static class Agglomerative
{
    /// <summary>Most points: the condensed matrix then holds about 134 million doubles (1 GiB).</summary>
    public const int MaxPoints = 16_384;

    /// <summary>Builds the tree of <paramref name="points"/> under <paramref name="linkage"/>.</summary>
    /// <param name="points">The points, 1 … <see cref="MaxPoints"/>.</param>
    /// <param name="linkage">The cluster distance.</param>
    /// <param name="threads">Threads for the initial distances (0 = all cores); the result does not depend on it.</param>
    /// <param name="isa">Instruction set of the distance loop (Auto = the best this CPU has); the bits do not depend on it.</param>
    public static Dendrogram Fit(SampleMatrix points, Linkage linkage, int threads = 0, KernelIsa isa = KernelIsa.Auto) =>
        FromDistances(points.Count, Distances(points, linkage, threads, isa), linkage);

    /// <summary>
    /// The condensed matrix of <paramref name="points"/> that <see cref="FromDistances"/> starts from: Euclidean
    /// distances, squared for Ward.
    /// </summary>
    public static double[] Distances(SampleMatrix points, Linkage linkage, int threads = 0, KernelIsa isa = KernelIsa.Auto)
    {
        ArgumentNullException.ThrowIfNull(points);
        // Vector256<double> lanes where they run in hardware; the 128-bit kernel takes the scalar form (the same bits).
        bool simd = KernelIsaSupport.Resolve(isa) is KernelIsa.Vector256 or KernelIsa.Vector512;
        int n = points.Count;
        if (n > MaxPoints)
            throw new SomDataException($"hierarchical clustering of {n} points: expected at most {MaxPoints} (the distance matrix grows as n²)");
        bool ward = linkage == Linkage.Ward;
        // Ward runs on squared distances (its Lance–Williams form); the heights reported are their square roots.
        var d = new double[(long)n * (n - 1) / 2];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        // Blocks of rows i share each row j they are paired with while it is in cache; every pair is computed alone,
        // so the bits do not depend on the threads or the blocking.
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, parallel, block =>
        {
            int i0 = block * RowBlock, i1 = Math.Min(n, i0 + RowBlock);
            for (int j = i0 + 1; j < n; j++)
            {
                var y = points.Row(j);
                for (int i = i0; i < Math.Min(i1, j); i++)
                {
                    double s = simd ? SquaredDistance(points.Row(i), y) : ScalarSquaredDistance(points.Row(i), y);
                    d[Index(n, i, j)] = ward ? s : Math.Sqrt(s);
                }
            }
        });
        return d;
    }

    /// <summary>
    /// The tree from a condensed matrix <paramref name="d"/> of n points (pair i &lt; j at
    /// <see cref="Index"/>; Ward: squared Euclidean distances), which is overwritten.
    /// </summary>
    public static Dendrogram FromDistances(int n, double[] d, Linkage linkage)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (n < 1) throw new SomDataException($"hierarchical clustering of {n} points: expected at least 1");
        if (d.LongLength != (long)n * (n - 1) / 2) throw new ArgumentException($"{d.LongLength} distances for {n} points", nameof(d));
        var active = new bool[n];
        var size = new int[n];
        var id = new int[n];
        var nearest = new int[n];
        var nearestDistance = new double[n];
        for (int i = 0; i < n; i++)
        {
            active[i] = true;
            size[i] = 1;
            id[i] = i;
        }
        // Slot i holds the cluster whose lowest point is i (the pair merged keeps the lower slot), so comparing slots
        // is the tie rule's comparison of lowest points.
        void Scan(int i)
        {
            int best = -1;
            double bestD = double.PositiveInfinity;
            long row = Index(n, i, i + 1) - i - 1;
            for (int j = i + 1; j < n; j++)
            {
                if (!active[j]) continue;
                double v = d[row + j];
                if (v < bestD || best < 0)
                {
                    bestD = v;
                    best = j;
                }
            }
            nearest[i] = best;
            nearestDistance[i] = bestD;
        }
        for (int i = 0; i < n; i++) Scan(i);

        var merges = new Merge[n - 1];
        for (int s = 0; s < n - 1; s++)
        {
            int a = -1;
            double dab = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (active[i] && nearest[i] >= 0 && (a < 0 || nearestDistance[i] < dab))
                {
                    a = i;
                    dab = nearestDistance[i];
                }
            }
            int b = nearest[a];
            merges[s] = new Merge(Math.Min(id[a], id[b]), Math.Max(id[a], id[b]), linkage == Linkage.Ward ? Math.Sqrt(dab) : dab, size[a] + size[b]);
            double na = size[a], nb = size[b];
            for (int k = 0; k < n; k++)
            {
                if (!active[k] || k == a || k == b) continue;
                long ka = k < a ? Index(n, k, a) : Index(n, a, k);
                long kb = k < b ? Index(n, k, b) : Index(n, b, k);
                double dka = d[ka], dkb = d[kb], nk = size[k];
                d[ka] = linkage switch
                {
                    Linkage.Single => Math.Min(dka, dkb),
                    Linkage.Complete => Math.Max(dka, dkb),
                    Linkage.Average => (na * dka + nb * dkb) / (na + nb),
                    _ => Math.Max(0, ((na + nk) * dka + (nb + nk) * dkb - nk * dab) / (na + nb + nk)),
                };
            }
            active[b] = false;
            size[a] += size[b];
            id[a] = n + s;
            Scan(a);
            for (int k = 0; k < b; k++)
            {
                if (!active[k] || k == a) continue;
                if (k < a)
                {
                    if (nearest[k] == a || nearest[k] == b)
                    {
                        Scan(k);
                    }
                    else
                    {
                        double v = d[Index(n, k, a)];
                        if (v < nearestDistance[k] || (v == nearestDistance[k] && a < nearest[k]))
                        {
                            nearest[k] = a;
                            nearestDistance[k] = v;
                        }
                    }
                }
                else if (nearest[k] == b)
                {
                    Scan(k);
                }
            }
        }
        return new Dendrogram(n, linkage, merges);
    }

    /// <summary>
    /// ‖x − y‖² in double (docs/contract.md §15): each difference of the widened floats in double, squared and added
    /// into eight lane sums (feature f into lane f mod 8, blocks of eight in order, multiply then add, never fused);
    /// then s = ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)), and the last D mod 8 terms added to s in order.
    /// Vector256 lanes are plain IEEE double operations, so the bits are the same with or without SIMD hardware, and
    /// the same as <see cref="ScalarSquaredDistance"/>, which a CPU without SIMD runs instead.
    /// </summary>
    internal static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int dims = x.Length, f = 0;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        var lo = Vector256<double>.Zero;
        var hi = Vector256<double>.Zero;
        for (; f + 8 <= dims; f += 8)
        {
            var (xl, xh) = Vector256.Widen(Vector256.LoadUnsafe(ref rx, (nuint)f));
            var (yl, yh) = Vector256.Widen(Vector256.LoadUnsafe(ref ry, (nuint)f));
            var dl = xl - yl;
            var dh = xh - yh;
            lo += dl * dl;
            hi += dh * dh;
        }
        var t = lo + hi;
        double sum = (t.GetElement(0) + t.GetElement(1)) + (t.GetElement(2) + t.GetElement(3));
        for (; f < dims; f++)
        {
            double diff = (double)x[f] - y[f];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>
    /// <see cref="SquaredDistance"/> in scalar code, the same operations in the same order (the same bits), for a CPU
    /// without SIMD, where Vector256 would run in software.
    /// </summary>
    internal static double ScalarSquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int dims = x.Length, f = 0;
        double l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
        for (; f + 8 <= dims; f += 8)
        {
            double d0 = (double)x[f] - y[f], d1 = (double)x[f + 1] - y[f + 1], d2 = (double)x[f + 2] - y[f + 2], d3 = (double)x[f + 3] - y[f + 3];
            double d4 = (double)x[f + 4] - y[f + 4], d5 = (double)x[f + 5] - y[f + 5], d6 = (double)x[f + 6] - y[f + 6], d7 = (double)x[f + 7] - y[f + 7];
            l0 += d0 * d0;
            l1 += d1 * d1;
            l2 += d2 * d2;
            l3 += d3 * d3;
            l4 += d4 * d4;
            l5 += d5 * d5;
            l6 += d6 * d6;
            l7 += d7 * d7;
        }
        double sum = ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7));
        for (; f < dims; f++)
        {
            double diff = (double)x[f] - y[f];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>Rows per block of the distance matrix.</summary>
    private const int RowBlock = 8;

    /// <summary>Position of pair i &lt; j in the condensed matrix of n points.</summary>
    public static long Index(int n, int i, int j) => (long)i * (2L * n - i - 1) / 2 + (j - i - 1);
}
