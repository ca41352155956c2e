using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som;

/// <summary>
/// Exact t-SNE (van der Maaten &amp; Hinton 2008) of up to <see cref="MaxPoints"/> points, docs/contract.md §14:
/// Gaussian affinities with a per-point bandwidth found for a target perplexity, symmetrised into P; a Student-t
/// kernel for Q; gradient descent on KL(P‖Q) with early exaggeration, momentum and per-coordinate gains.
/// All arithmetic is in double precision (P is stored rounded to float, see <see cref="Symmetrise"/>). Every sum over pairs runs in one fixed order (four interleaved chains over
/// j, then the lanes added in order, then the tail), which the AVX2 and the scalar paths both follow, and threads
/// only split independent rows, so the embedding has the same bits on every instruction set and thread count.
/// </summary>
internal static class Tsne
{
    /// <summary>Most points an exact run takes: its P alone is M² doubles (128 MiB at 4,096).</summary>
    public const int MaxPoints = 4096;

    /// <summary>Scale of the random start: each coordinate is 1e−4 times a standard normal draw.</summary>
    public const double StartScale = 1e-4;

    private const int Chains = 4;
    private const int DistanceChains = 16;
    private const int SerialBelow = 128;

    /// <summary>The perplexity a run on <paramref name="n"/> points uses: min(requested, max(1, (n − 1)/3)).</summary>
    public static double EffectivePerplexity(double requested, int n) => Math.Min(requested, Math.Max(1, (n - 1) / 3.0));

    /// <summary>The step size a run on <paramref name="n"/> points uses when none is given: max(n / (4·exaggeration), 50).</summary>
    public static double AutoLearningRate(int n, double exaggeration) => Math.Max(n / (4 * exaggeration), 50);

    /// <summary>
    /// Embeds the <paramref name="n"/> rows of <paramref name="points"/> (n × <paramref name="features"/>, row-major, finite)
    /// in the plane.
    /// </summary>
    public static TsneResult Embed(ReadOnlySpan<float> points, int n, int features, TsneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(points, n, features, settings);
        var isa = KernelIsaSupport.Resolve(settings.Isa);
        double perplexity = EffectivePerplexity(settings.Perplexity, n);
        double rate = settings.LearningRate > 0 ? settings.LearningRate : AutoLearningRate(n, settings.Exaggeration);
        var y = StartingPoints(n, settings.Seed);
        if (n == 1) return new TsneResult([0], [0], perplexity, 0, rate, 0, [(0, 0)]);

        double[] conditional = SquaredDistances(points, n, features, settings.Threads, isa);
        ConditionalAffinities(conditional, n, perplexity, settings.Threads);
        float[] p = Symmetrise(conditional, n);

        var trace = new List<(int, double)>();
        double[] x0 = y.X, y0 = y.Y;
        var gx = new double[n];
        var gy = new double[n];
        var ux = new double[n];
        var uy = new double[n];
        var gainX = new double[n];
        var gainY = new double[n];
        Array.Fill(gainX, 1.0);
        Array.Fill(gainY, 1.0);
        var rowZ = new double[n];
        double plogp = PLogP(p, n);
        if (settings.TraceEvery > 0) trace.Add((0, KlDivergence(p, plogp, x0, y0, n, settings.Threads)));
        for (int t = 0; t < settings.Iterations; t++)
        {
            bool early = t < settings.ExaggerationIterations;
            Gradient(p, early ? settings.Exaggeration : 1, x0, y0, n, gx, gy, rowZ, settings.Threads, isa);
            double momentum = early ? 0.5 : 0.8;
            Step(x0, gx, ux, gainX, momentum, rate);
            Step(y0, gy, uy, gainY, momentum, rate);
            Centre(x0);
            Centre(y0);
            if (settings.TraceEvery > 0 && (t + 1) % settings.TraceEvery == 0 && t + 1 < settings.Iterations)
                trace.Add((t + 1, KlDivergence(p, plogp, x0, y0, n, settings.Threads)));
        }
        double kl = KlDivergence(p, plogp, x0, y0, n, settings.Threads);
        trace.Add((settings.Iterations, kl));
        return new TsneResult(x0, y0, perplexity, settings.Iterations, rate, kl, trace);
    }

    /// <summary>
    /// The random start: point i takes (1e−4·r·cos θ, 1e−4·r·sin θ), r = √(−2 ln(1 − u₁)), θ = 2π·u₂, with u₁ then u₂
    /// drawn from <c>SomRandom(seed)</c> (Box–Muller).
    /// </summary>
    public static (double[] X, double[] Y) StartingPoints(int n, ulong seed)
    {
        var rng = new SomRandom(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u1 = rng.NextDouble(), u2 = rng.NextDouble();
            double r = StartScale * Math.Sqrt(-2 * Math.Log(1 - u1));
            x[i] = r * Math.Cos(2 * Math.PI * u2);
            y[i] = r * Math.Sin(2 * Math.PI * u2);
        }
        return (x, y);
    }

    /// <summary>
    /// All squared Euclidean distances ‖x_i − x_j‖² (n × n, row-major, symmetric, zero diagonal), each in double
    /// over the features in 16 interleaved chains (chain l adds features 16b + l), then chain 0 … 15 in order, then
    /// the tail in order.
    /// </summary>
    public static double[] SquaredDistances(ReadOnlySpan<float> points, int n, int features, int threads, KernelIsa isa)
    {
        isa = KernelIsaSupport.Resolve(isa);
        var x = new double[points.Length];
        for (int k = 0; k < x.Length; k++) x[k] = points[k];
        var d2 = new double[(long)n * n];
        Rows(n, threads, i =>
        {
            var a = x.AsSpan(i * features, features);
            for (int j = i + 1; j < n; j++)
            {
                double s = PairDistance(a, x.AsSpan(j * features, features), isa);
                d2[(long)i * n + j] = s;
                d2[(long)j * n + i] = s;
            }
        });
        return d2;
    }

    /// <summary>
    /// Replaces each row i of the squared distances <paramref name="d2"/> (in place) by the conditional affinities
    /// p_{j|i} = exp(−β_i·d_ij) / Σ_{k≠i} exp(−β_i·d_ik), p_{i|i} = 0, with β_i = 1/(2σ_i²) chosen so that the row's
    /// perplexity exp(H_i), H_i = −Σ_j p_{j|i} ln p_{j|i}, equals <paramref name="perplexity"/> (|H_i − ln perplexity| &lt; 1e−10,
    /// where it can be reached). Returns the β_i.
    /// </summary>
    public static double[] ConditionalAffinities(double[] d2, int n, double perplexity, int threads)
    {
        var beta = new double[n];
        double target = Math.Log(perplexity);
        Rows(n, threads, i => beta[i] = AffinityRow(d2.AsSpan(i * n, n), i, target));
        return beta;
    }

    /// <summary>
    /// The joint P from conditional affinities: P_ij = (p_{j|i} + p_{i|j}) / (2n), symmetric, summing to 1, computed in
    /// double and stored rounded to float: the gradient reads all n² entries every step, and at n = 4,096 that read
    /// (64 MiB in float, twice that in double) bounds its speed. Every sum that uses P widens it back to double.
    /// </summary>
    public static float[] Symmetrise(double[] conditional, int n)
    {
        var p = new float[(long)n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                float v = (float)((conditional[(long)i * n + j] + conditional[(long)j * n + i]) / (2.0 * n));
                p[(long)i * n + j] = v;
                p[(long)j * n + i] = v;
            }
        }
        return p;
    }

    /// <summary>
    /// The gradient of KL(αP‖Q) at the embedding (<paramref name="x"/>, <paramref name="y"/>):
    /// ∂C/∂y_i = 4·Σ_j (α·P_ij − q_ij)·n_ij·(y_i − y_j), n_ij = 1/(1 + ‖y_i − y_j‖²), q_ij = n_ij / Z,
    /// Z = Σ_{k≠l} n_kl, computed as 4·(α·Σ_j P_ij n_ij (y_i − y_j) − Σ_j n_ij² (y_i − y_j) / Z). Row sums run over j in the
    /// fixed order of the class; <paramref name="rowZ"/> receives Σ_{j≠i} n_ij. Returns Z = Σ_i rowZ_i in row order.
    /// </summary>
    public static double Gradient(float[] p, double exaggeration, double[] x, double[] y, int n, double[] gx, double[] gy, double[] rowZ,
        int threads, KernelIsa isa)
    {
        isa = KernelIsaSupport.Resolve(isa);
        var ax = new double[n];
        var ay = new double[n];
        var rx = new double[n];
        var ry = new double[n];
        Rows(n, threads, i =>
        {
            var s = GradientRow(p.AsSpan(i * n, n), x, y, i, isa);
            // The self pair is in the sums: n_ii = 1 and y_i − y_i = 0, so only Z needs it taken out.
            rowZ[i] = s.Z - 1;
            (ax[i], ay[i], rx[i], ry[i]) = (s.Ax, s.Ay, s.Rx, s.Ry);
        });
        double z = 0;
        for (int i = 0; i < n; i++) z += rowZ[i];
        for (int i = 0; i < n; i++)
        {
            gx[i] = 4 * (exaggeration * ax[i] - rx[i] / z);
            gy[i] = 4 * (exaggeration * ay[i] - ry[i] / z);
        }
        return z;
    }

    /// <summary>
    /// KL(P‖Q) = Σ_{i≠j, P_ij &gt; 0} P_ij·ln(P_ij / q_ij) = Σ P ln P + Σ P·ln(1 + ‖y_i − y_j‖²) + ln Z·Σ P, per row in
    /// j order, rows added in order. <paramref name="plogp"/> is Σ P ln P (<see cref="PLogP"/>).
    /// </summary>
    public static double KlDivergence(float[] p, double plogp, double[] x, double[] y, int n, int threads)
    {
        var cross = new double[n];
        var rowZ = new double[n];
        var mass = new double[n];
        Rows(n, threads, i =>
        {
            double c = 0, z = 0, m = 0;
            long row = (long)i * n;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = x[i] - x[j], dy = y[i] - y[j];
                double d = dx * dx + dy * dy;
                z += 1 / (1 + d);
                double pij = p[row + j];
                if (pij > 0)
                {
                    c += pij * Math.Log(1 + d);
                    m += pij;
                }
            }
            (cross[i], rowZ[i], mass[i]) = (c, z, m);
        });
        double total = 0, zSum = 0, massSum = 0;
        for (int i = 0; i < n; i++)
        {
            total += cross[i];
            zSum += rowZ[i];
            massSum += mass[i];
        }
        return plogp + total + Math.Log(zSum) * massSum;
    }

    /// <summary>Σ_{P_ij &gt; 0} P_ij ln P_ij, rows in order.</summary>
    public static double PLogP(float[] p, int n)
    {
        double s = 0;
        for (long k = 0; k < (long)n * n; k++)
        {
            double v = p[k];
            if (v > 0) s += v * Math.Log(v);
        }
        return s;
    }

    private static void Validate(ReadOnlySpan<float> points, int n, int features, TsneSettings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n > MaxPoints)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"exact t-SNE takes at most {MaxPoints} points (its P is n² doubles): got {n}");
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (points.Length != (long)n * features)
            throw new ArgumentException($"{points.Length} values for {n} points of {features} features", nameof(points));
        for (int k = 0; k < points.Length; k++)
        {
            if (!float.IsFinite(points[k]))
                throw new ArgumentException($"point {k / features}, feature {k % features} is {points[k]}: expected a finite value", nameof(points));
        }
        if (!(s.Perplexity >= 1) || double.IsInfinity(s.Perplexity))
            throw new ArgumentOutOfRangeException(nameof(s), s.Perplexity, "perplexity: expected a finite value ≥ 1");
        if (s.Iterations < 1) throw new ArgumentOutOfRangeException(nameof(s), s.Iterations, "iterations: expected ≥ 1");
        if (s.ExaggerationIterations < 0 || s.ExaggerationIterations > s.Iterations)
            throw new ArgumentOutOfRangeException(nameof(s), s.ExaggerationIterations, $"exaggeration iterations: expected 0 … {s.Iterations}");
        if (!(s.Exaggeration >= 1) || double.IsInfinity(s.Exaggeration))
            throw new ArgumentOutOfRangeException(nameof(s), s.Exaggeration, "exaggeration: expected a finite value ≥ 1");
        if (!(s.LearningRate >= 0) || double.IsInfinity(s.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(s), s.LearningRate, "learning rate: expected a finite value > 0, or 0 for the automatic one");
        if (s.TraceEvery < 0) throw new ArgumentOutOfRangeException(nameof(s), s.TraceEvery, "trace interval: expected ≥ 0");
        ArgumentOutOfRangeException.ThrowIfNegative(s.Threads);
    }

    /// <summary>
    /// One row's β by a safeguarded Newton search on H(β) = ln Z + β·E[e], e_j = d_j − min_k d_k (the shift leaves
    /// p unchanged and keeps exp from underflowing), dH/dβ = −β·Var[e]; a step outside the bracket bisects it (or
    /// doubles β while no upper end is known). Writes p_{j|i} over the row.
    /// </summary>
    private static double AffinityRow(Span<double> row, int i, double target)
    {
        int n = row.Length;
        if (n == 1)
        {
            row[0] = 0;
            return 0;
        }
        double min = double.PositiveInfinity, sum = 0;
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            min = Math.Min(min, row[j]);
        }
        for (int j = 0; j < n; j++)
        {
            if (j != i) sum += row[j] - min;
        }
        row[i] = 0;
        double lo = 0, hi = double.PositiveInfinity;
        // All neighbours at one distance: every β gives the uniform row (H = ln(n − 1)).
        double beta = sum > 0 ? (n - 1) / sum : 0;
        if (beta > 0)
        {
            for (int round = 0; round < 200; round++)
            {
                var (h, variance) = Entropy(row, i, min, beta);
                double f = h - target;
                if (Math.Abs(f) < 1e-10) break;
                if (f > 0) lo = beta;
                else hi = beta;
                double next = beta + f / (beta * variance);
                if (!(next > lo && next < hi) || !double.IsFinite(next)) next = double.IsPositiveInfinity(hi) ? 2 * beta : 0.5 * (lo + hi);
                if (next == beta) break;
                beta = next;
            }
        }
        double z = 0;
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            double w = Math.Exp(-beta * (row[j] - min));
            row[j] = w;
            z += w;
        }
        for (int j = 0; j < n; j++) row[j] /= z;
        row[i] = 0;
        return beta;
    }

    /// <summary>H and Var[e] of a row at β, the row's squared distances untouched.</summary>
    private static (double H, double Variance) Entropy(ReadOnlySpan<double> d, int i, double min, double beta)
    {
        double z = 0, s1 = 0, s2 = 0;
        for (int j = 0; j < d.Length; j++)
        {
            if (j == i) continue;
            double e = d[j] - min;
            double w = Math.Exp(-beta * e);
            z += w;
            s1 += w * e;
            s2 += w * e * e;
        }
        double mean = s1 / z;
        return (Math.Log(z) + beta * mean, Math.Max(0, s2 / z - mean * mean));
    }

    private readonly record struct RowSums(double Z, double Ax, double Ay, double Rx, double Ry);

    /// <summary>
    /// Σ_j n_ij, Σ_j P_ij n_ij (x_i − x_j), and likewise for y and for n_ij² instead of P_ij n_ij, over all j (the self pair
    /// included): four chains, chain l over j = 4b + l for the full blocks, added chain 0 … 3, then the tail j in order.
    /// </summary>
    private static RowSums GradientRow(ReadOnlySpan<float> p, double[] x, double[] y, int i, KernelIsa isa)
    {
        int n = p.Length, full = n / Chains * Chains;
        double xi = x[i], yi = y[i];
        double z, ax, ay, rx, ry;
        if (isa is KernelIsa.Vector256 or KernelIsa.Vector512)   // Vector256<double> in hardware; else the scalar form, the same bits
        {
            ref float pr = ref MemoryMarshal.GetReference(p);
            ref double xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref double yr = ref MemoryMarshal.GetArrayDataReference(y);
            var vxi = Vector256.Create(xi);
            var vyi = Vector256.Create(yi);
            var one = Vector256.Create(1.0);
            Vector256<double> vz = default, vax = default, vay = default, vrx = default, vry = default;
            for (int j = 0; j < full; j += Chains)
            {
                var dx = vxi - Vector256.LoadUnsafe(ref xr, (nuint)j);
                var dy = vyi - Vector256.LoadUnsafe(ref yr, (nuint)j);
                var num = one / (one + (dx * dx + dy * dy));
                var pn = Vector256.WidenLower(Vector128.LoadUnsafe(ref pr, (nuint)j).ToVector256Unsafe()) * num;
                var nn = num * num;
                vz += num;
                vax += pn * dx;
                vay += pn * dy;
                vrx += nn * dx;
                vry += nn * dy;
            }
            (z, ax, ay, rx, ry) = (Lanes(vz), Lanes(vax), Lanes(vay), Lanes(vrx), Lanes(vry));
        }
        else
        {
            Span<double> c = stackalloc double[5 * Chains];
            c.Clear();
            for (int j = 0; j < full; j += Chains)
            {
                for (int l = 0; l < Chains; l++)
                {
                    double dx = xi - x[j + l], dy = yi - y[j + l];
                    double num = 1.0 / (1.0 + (dx * dx + dy * dy));
                    double pn = (double)p[j + l] * num;
                    double nn = num * num;
                    c[l] += num;
                    c[Chains + l] += pn * dx;
                    c[2 * Chains + l] += pn * dy;
                    c[3 * Chains + l] += nn * dx;
                    c[4 * Chains + l] += nn * dy;
                }
            }
            (z, ax, ay, rx, ry) = (Chain(c, 0), Chain(c, 1), Chain(c, 2), Chain(c, 3), Chain(c, 4));
        }
        for (int j = full; j < n; j++)
        {
            double dx = xi - x[j], dy = yi - y[j];
            double num = 1.0 / (1.0 + (dx * dx + dy * dy));
            double pn = (double)p[j] * num;
            double nn = num * num;
            z += num;
            ax += pn * dx;
            ay += pn * dy;
            rx += nn * dx;
            ry += nn * dy;
        }
        return new RowSums(z, ax, ay, rx, ry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lanes(Vector256<double> v) => 0.0 + v.GetElement(0) + v.GetElement(1) + v.GetElement(2) + v.GetElement(3);

    private static double Chain(ReadOnlySpan<double> c, int quantity)
    {
        double s = 0.0;
        for (int l = 0; l < Chains; l++) s += c[quantity * Chains + l];
        return s;
    }

    /// <summary>‖a − b‖² in the fixed order of <see cref="SquaredDistances"/>.</summary>
    private static double PairDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, KernelIsa isa)
    {
        int d = a.Length, full = d / DistanceChains * DistanceChains;
        double s = 0.0;
        if (isa is KernelIsa.Vector256 or KernelIsa.Vector512)   // Vector256<double> in hardware; else the scalar form, the same bits
        {
            ref double ar = ref MemoryMarshal.GetReference(a);
            ref double br = ref MemoryMarshal.GetReference(b);
            Vector256<double> c0 = default, c1 = default, c2 = default, c3 = default;
            for (int f = 0; f < full; f += DistanceChains)
            {
                var e0 = Vector256.LoadUnsafe(ref ar, (nuint)f) - Vector256.LoadUnsafe(ref br, (nuint)f);
                var e1 = Vector256.LoadUnsafe(ref ar, (nuint)(f + 4)) - Vector256.LoadUnsafe(ref br, (nuint)(f + 4));
                var e2 = Vector256.LoadUnsafe(ref ar, (nuint)(f + 8)) - Vector256.LoadUnsafe(ref br, (nuint)(f + 8));
                var e3 = Vector256.LoadUnsafe(ref ar, (nuint)(f + 12)) - Vector256.LoadUnsafe(ref br, (nuint)(f + 12));
                c0 += e0 * e0;
                c1 += e1 * e1;
                c2 += e2 * e2;
                c3 += e3 * e3;
            }
            s = Lanes(c0) + c1.GetElement(0) + c1.GetElement(1) + c1.GetElement(2) + c1.GetElement(3)
                + c2.GetElement(0) + c2.GetElement(1) + c2.GetElement(2) + c2.GetElement(3)
                + c3.GetElement(0) + c3.GetElement(1) + c3.GetElement(2) + c3.GetElement(3);
        }
        else
        {
            Span<double> c = stackalloc double[DistanceChains];
            c.Clear();
            for (int f = 0; f < full; f += DistanceChains)
            {
                for (int l = 0; l < DistanceChains; l++)
                {
                    double e = a[f + l] - b[f + l];
                    c[l] += e * e;
                }
            }
            for (int l = 0; l < DistanceChains; l++) s += c[l];
        }
        for (int f = full; f < d; f++)
        {
            double e = a[f] - b[f];
            s += e * e;
        }
        return s;
    }

    /// <summary>
    /// One gradient step per coordinate: the gain grows by 0.2 where the gradient and the last update point against
    /// each other (g·u &lt; 0) and shrinks by 0.8 otherwise, at least 0.01; u ← momentum·u − η·gain·g; y ← y + u.
    /// </summary>
    private static void Step(double[] y, double[] g, double[] u, double[] gain, double momentum, double rate)
    {
        for (int i = 0; i < y.Length; i++)
        {
            gain[i] = g[i] * u[i] < 0 ? gain[i] + 0.2 : gain[i] * 0.8;
            if (gain[i] < 0.01) gain[i] = 0.01;
            u[i] = momentum * u[i] - rate * gain[i] * g[i];
            y[i] += u[i];
        }
    }

    /// <summary>Subtracts the mean (summed in order); Q depends only on differences, so this only keeps values small.</summary>
    private static void Centre(double[] y)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i];
        double mean = s / y.Length;
        for (int i = 0; i < y.Length; i++) y[i] -= mean;
    }

    /// <summary>Runs <paramref name="body"/> for each row, in parallel from <see cref="SerialBelow"/> rows on; rows are independent.</summary>
    private static void Rows(int n, int threads, Action<int> body)
    {
        if (n < SerialBelow || threads == 1)
        {
            for (int i = 0; i < n; i++) body(i);
            return;
        }
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 }, body);
    }
}
