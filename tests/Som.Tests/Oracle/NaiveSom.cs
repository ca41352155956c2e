namespace Som.Tests.Oracle;

/// <summary>
/// The formulas of docs/contract.md as plain loops in double precision: the reference every engine is checked
/// against. Nothing here is fast or clever on purpose; nothing here calls the code under test except for the
/// option enums. Matrices are row-major: data n × d, codebooks m × d.
/// </summary>
internal static class NaiveSom
{
    /// <summary>Widens floats to doubles.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var r = new double[values.Length];
        for (int i = 0; i < values.Length; i++) r[i] = values[i];
        return r;
    }

    /// <summary>
    /// BMU distance. Euclidean: d² = Σ_f (x_f − w_f)², computed directly (no expanded form). Cosine:
    /// 1 − x·w / (‖x‖‖w‖), and 1 when either norm is 0.
    /// </summary>
    public static double Distance(DistanceMetric metric, ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        if (metric == DistanceMetric.Euclidean)
        {
            double s = 0;
            for (int f = 0; f < x.Length; f++)
            {
                double diff = x[f] - w[f];
                s += diff * diff;
            }
            return s;
        }
        double dot = 0, xx = 0, ww = 0;
        for (int f = 0; f < x.Length; f++)
        {
            dot += x[f] * w[f];
            xx += x[f] * x[f];
            ww += w[f] * w[f];
        }
        if (xx == 0 || ww == 0) return 1;
        return 1 - dot / (Math.Sqrt(xx) * Math.Sqrt(ww));
    }

    /// <summary>Best and second-best unit of one sample; ties go to the lowest index (strict &lt; while scanning up). Second is −1 on a one-unit map.</summary>
    public static (int Best, int Second, double BestDistance, double SecondDistance) Bmu(
        DistanceMetric metric, ReadOnlySpan<double> x, double[] weights, int units)
    {
        int d = x.Length;
        int b1 = -1, b2 = -1;
        double d1 = double.PositiveInfinity, d2 = double.PositiveInfinity;
        for (int j = 0; j < units; j++)
        {
            double v = Distance(metric, x, weights.AsSpan(j * d, d));
            if (v < d1)
            {
                b2 = b1; d2 = d1;
                b1 = j; d1 = v;
            }
            else if (v < d2)
            {
                b2 = j; d2 = v;
            }
        }
        return (b1, b2, d1, d2);
    }

    /// <summary>The cut of docs/contract.md §3: |h| below 2⁻²⁴·h(0) (h(0) = 1) is treated as 0.</summary>
    public const double Cutoff = 1.0 / 16777216;

    /// <summary>
    /// ρ with h(δ) = 0 for δ &gt; ρ·σ (docs/contract.md §3), re-derived here: the Gaussian's exp(−ρ²/2) = 2⁻²⁴ gives
    /// ρ = √(48 ln 2); the mexican hat's ρ is the root of (ρ² − 1)·exp(−ρ²/2) = 2⁻²⁴ beyond √3 (bisection, where |h|
    /// decreases); the bubble and the triangle are 0 beyond ρ = 1 already.
    /// </summary>
    public static double Reach(NeighborhoodKind kind) => kind switch
    {
        NeighborhoodKind.Gaussian => GaussianReach,
        NeighborhoodKind.MexicanHat => MexicanHatReach,
        _ => 1,
    };

    private static readonly double GaussianReach = Math.Sqrt(48 * Math.Log(2));
    private static readonly double MexicanHatReach = MexicanHatRoot();

    private static double MexicanHatRoot()
    {
        double lo = Math.Sqrt(3), hi = 20;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if ((mid * mid - 1) * Math.Exp(-mid * mid / 2) > Cutoff) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// h(δ, σ): gaussian exp(−δ²/2σ²); bubble 1 if δ ≤ σ else 0; mexican hat (1 − δ²/σ²)·exp(−δ²/2σ²);
    /// triangle max(0, 1 − δ/σ); with compact support c &gt; 0, 0 for δ &gt; c·σ; 0 beyond the cut radius
    /// <see cref="Reach"/>·σ.
    /// </summary>
    public static double H(NeighborhoodKind kind, double delta, double sigma, double compactSupport)
    {
        if (compactSupport > 0 && delta > compactSupport * sigma) return 0;
        if (delta > Reach(kind) * sigma) return 0;
        return Formula(kind, delta, sigma);
    }

    private static double Formula(NeighborhoodKind kind, double delta, double sigma)
    {
        double q = delta * delta / (sigma * sigma);
        switch (kind)
        {
            case NeighborhoodKind.Gaussian: return Math.Exp(-q / 2);
            case NeighborhoodKind.Bubble: return delta <= sigma ? 1 : 0;
            case NeighborhoodKind.MexicanHat: return (1 - q) * Math.Exp(-q / 2);
            case NeighborhoodKind.Triangle:
                double tri = 1 - delta / sigma;
                return tri > 0 ? tri : 0;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// h of the batch smoothing between units j and k (docs/contract.md §6): for the Gaussian and the mexican hat with
    /// the Euclidean grid distance and no compact support, the formula of δ where both axis offsets are within the cut
    /// radius (|Δx| ≤ ρσ and √s·|Δrows| ≤ ρσ, a rectangle around the disc), else 0; every other case
    /// <see cref="H"/>. With <paramref name="cut"/> false, no cut radius at all (compact support still applies): the
    /// reference the cut's bound is measured against.
    /// </summary>
    public static double BatchH(OracleGrid grid, int j, int k, NeighborhoodKind kind, double sigma, double compactSupport,
        bool cut = true)
    {
        double delta = grid.Distance(j, k);
        if (!cut)
        {
            if (compactSupport > 0 && delta > compactSupport * sigma) return 0;
            return Formula(kind, delta, sigma);
        }
        bool separable = kind is NeighborhoodKind.Gaussian or NeighborhoodKind.MexicanHat
            && grid.Metric == GridMetric.Euclidean && compactSupport == 0;
        if (!separable) return H(kind, delta, sigma, compactSupport);
        var (dx, rows) = grid.RawOffset(j, k);
        double radius = Reach(kind) * sigma, s = grid.Topology == Topology.Hexagonal ? 0.75 : 1;
        if (Math.Abs(dx) > radius || Math.Sqrt(s * rows * rows) > radius) return 0;
        return Formula(kind, delta, sigma);
    }

    /// <summary>
    /// Schedule value at step t of T: linear v0 + (vT − v0)·t/(T−1); exponential v0·(vT/v0)^(t/(T−1));
    /// inverse v0 / (1 + t/(T/2)). The first step (and a one-step run) uses v0.
    /// </summary>
    public static double Schedule(ScheduleKind kind, double v0, double vT, long t, long steps)
    {
        if (steps == 1 || t == 0) return v0;
        double progress = (double)t / (steps - 1);
        return kind switch
        {
            ScheduleKind.Linear => v0 + (vT - v0) * progress,
            ScheduleKind.Exponential => v0 * Math.Pow(vT / v0, progress),
            ScheduleKind.Inverse => v0 / (1 + t / (steps / 2.0)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>One batch epoch's result: the new codebook, and per unit the denominator Σ_k h·C_k and Σ_k |h|·C_k.</summary>
    public sealed record BatchOutcome(double[] Weights, double[] Denominator, double[] AbsDenominator);

    /// <summary>
    /// One batch epoch from given BMUs: S_k = Σ_{b(i)=k} x_i, C_k = |{i : b(i)=k}|,
    /// w_j = Σ_k h(δ(j,k),σ)·S_k / Σ_k h(δ(j,k),σ)·C_k, unchanged where the denominator is ≤ 0.
    /// </summary>
    public static BatchOutcome BatchEpoch(double[] data, int n, int d, double[] weights, int[] bmu, OracleGrid grid,
        NeighborhoodKind kind, double sigma, double compactSupport, bool cut = true)
    {
        int m = grid.Units;
        var s = new double[m * d];
        var c = new double[m];
        for (int i = 0; i < n; i++)
        {
            int k = bmu[i];
            c[k] += 1;
            for (int f = 0; f < d; f++) s[k * d + f] += data[i * d + f];
        }
        var result = (double[])weights.Clone();
        var den = new double[m];
        var absDen = new double[m];
        var num = new double[d];
        for (int j = 0; j < m; j++)
        {
            Array.Clear(num);
            for (int k = 0; k < m; k++)
            {
                double h = BatchH(grid, j, k, kind, sigma, compactSupport, cut);
                den[j] += h * c[k];
                absDen[j] += Math.Abs(h) * c[k];
                for (int f = 0; f < d; f++) num[f] += h * s[k * d + f];
            }
            if (den[j] > 0)
            {
                for (int f = 0; f < d; f++) result[j * d + f] = num[f] / den[j];
            }
        }
        return new BatchOutcome(result, den, absDen);
    }

    /// <summary>One online step: w_j ← w_j + α·h(δ(b,j), σ)·(x − w_j) for every unit j, in place.</summary>
    public static void OnlineStep(double[] weights, ReadOnlySpan<double> x, int bmu, OracleGrid grid,
        NeighborhoodKind kind, double sigma, double alpha, double compactSupport)
    {
        int d = x.Length;
        for (int j = 0; j < grid.Units; j++)
        {
            double rate = alpha * H(kind, grid.Distance(bmu, j), sigma, compactSupport);
            for (int f = 0; f < d; f++) weights[j * d + f] += rate * (x[f] - weights[j * d + f]);
        }
    }

    /// <summary>QE = mean_i ‖x_i − w_b(i)‖ (Euclidean).</summary>
    public static double QuantizationError(double[] data, int n, int d, double[] weights, int[] bmu)
    {
        double total = 0;
        for (int i = 0; i < n; i++)
            total += Math.Sqrt(Distance(DistanceMetric.Euclidean, data.AsSpan(i * d, d), weights.AsSpan(bmu[i] * d, d)));
        return total / n;
    }

    /// <summary>TE = share of samples whose first and second BMU are not adjacent (a missing second BMU, −1, is no error).</summary>
    public static double TopographicError(OracleGrid grid, int[] first, int[] second, Adjacency rule)
    {
        int errors = 0;
        for (int i = 0; i < first.Length; i++)
        {
            if (second[i] >= 0 && !grid.Adjacent(first[i], second[i], rule)) errors++;
        }
        return (double)errors / first.Length;
    }

    /// <summary>U-matrix: per unit, the mean Euclidean distance to the prototypes of all adjacent units (0 without any).</summary>
    public static double[] UMatrix(OracleGrid grid, double[] weights, int d, Adjacency rule)
    {
        int m = grid.Units;
        var u = new double[m];
        for (int j = 0; j < m; j++)
        {
            double total = 0;
            int count = 0;
            for (int k = 0; k < m; k++)
            {
                if (!grid.Adjacent(j, k, rule)) continue;
                total += Math.Sqrt(Distance(DistanceMetric.Euclidean, weights.AsSpan(j * d, d), weights.AsSpan(k * d, d)));
                count++;
            }
            u[j] = count == 0 ? 0 : total / count;
        }
        return u;
    }

    /// <summary>Samples per unit.</summary>
    public static int[] Hits(int[] bmu, int units)
    {
        var hits = new int[units];
        foreach (int b in bmu) hits[b]++;
        return hits;
    }

    /// <summary>Purity Σ_j max_c n_jc / N.</summary>
    public static double Purity(int[] bmu, int[] labels, int units)
    {
        int classes = labels.Max() + 1;
        long total = 0;
        for (int j = 0; j < units; j++)
        {
            int best = 0;
            for (int c = 0; c < classes; c++)
            {
                int count = 0;
                for (int i = 0; i < bmu.Length; i++)
                {
                    if (bmu[i] == j && labels[i] == c) count++;
                }
                best = Math.Max(best, count);
            }
            total += best;
        }
        return (double)total / bmu.Length;
    }

    /// <summary>
    /// Unit labels: majority class of a unit's hits (ties to the lowest class); a unit without hits takes the label
    /// of the nearest labelled unit by grid distance (ties to the lowest unit index).
    /// </summary>
    public static int[] UnitLabels(OracleGrid grid, int[] bmu, int[] labels)
    {
        int m = grid.Units, classes = labels.Max() + 1;
        var own = new int[m];
        for (int j = 0; j < m; j++)
        {
            own[j] = -1;
            int best = 0;
            for (int c = 0; c < classes; c++)
            {
                int count = 0;
                for (int i = 0; i < bmu.Length; i++)
                {
                    if (bmu[i] == j && labels[i] == c) count++;
                }
                if (count > best)
                {
                    best = count;
                    own[j] = c;
                }
            }
        }
        var result = (int[])own.Clone();
        for (int j = 0; j < m; j++)
        {
            if (own[j] >= 0) continue;
            double nearest = double.PositiveInfinity;
            for (int k = 0; k < m; k++)
            {
                if (own[k] < 0) continue;
                double delta = grid.Distance(j, k);
                if (delta < nearest)
                {
                    nearest = delta;
                    result[j] = own[k];
                }
            }
        }
        return result;
    }

    /// <summary>Share of samples whose BMU's unit label equals their class.</summary>
    public static double LabelledUnitAccuracy(int[] unitLabels, int[] bmu, int[] labels)
    {
        int correct = 0;
        for (int i = 0; i < bmu.Length; i++)
        {
            if (unitLabels[bmu[i]] == labels[i]) correct++;
        }
        return (double)correct / bmu.Length;
    }
}
