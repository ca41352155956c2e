using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The CPU engine against the double-precision oracle (<see cref="NaiveSom"/>) for every topology × torus ×
/// neighbourhood × BMU metric × training mode, on small seeded data whose sizes straddle the engine's panel
/// (32 units) and micro-row (12 samples) edges.
/// <para>BMUs: the engine computes distances in float with the expanded form, so where two units are nearly
/// equidistant it may pick the other one. A disagreement is accepted only when the oracle's distance to the
/// engine's pick exceeds its best by at most <see cref="BmuGap"/> (relative to the squared norms that enter the
/// float computation for Euclidean; absolute for cosine, whose values lie in [0, 2]). The oracle then continues
/// with the engine's pick, so one near-tie does not make the codebooks diverge.</para>
/// <para>Weights, batch: the engine sums and smooths in double and rounds once to float, so its weights must
/// equal the oracle's within <see cref="BatchTolerance"/>·(1 + |w|): about four float roundings (one rounding is
/// ≤ 6e-8 relative, and the largest error seen is about one). Units whose denominator is nearly cancelled by the
/// mexican hat's negative lobe (|Σh·C| ≤ 1e-9·Σ|h|·C) are left out of the comparison, since either sign is then a
/// rounding accident; none occur in these cases, but they would be counted in the failure message.</para>
/// <para>Weights, online: the engine applies w ← w + c·(x − w) in float at every step (c rounded to float), and
/// these roundings accumulate over the N·epochs steps, so the bound is looser: <see cref="OnlineTolerance"/>·(1 + |w|)
/// (the largest seen is about a tenth of it). A step multiplies an earlier error in w_j by (1 − c_j), which exceeds 1
/// where the mexican hat is negative, so the bound of unit j is also multiplied by Π max(1, |1 − c_j|) over its steps.</para>
/// </summary>
public class CpuEngineVsOracleTests
{
    private const double BmuGap = 1e-5;
    private const double BatchTolerance = 2.5e-7;
    private const double OnlineTolerance = 4e-6;

    private static readonly (int W, int H)[] Maps = [(1, 1), (5, 1), (1, 7), (4, 8), (7, 5), (6, 6), (11, 3), (127, 1), (3, 11)];
    private static readonly (int W, int H)[] HexTorusMaps = [(1, 2), (5, 2), (4, 8), (6, 6), (3, 4), (7, 2), (9, 4)];
    private static readonly int[] SampleCounts = [1, 31, 33, 127];
    private static readonly int[] FeatureCounts = [1, 3, 17, 784];

    /// <summary>
    /// Every combination twice, each time with sizes, epochs and schedules picked by a fixed hash of the case
    /// number, so that every size meets several topologies, neighbourhoods and both modes (a plain rotation
    /// would tie sizes to the inner loops).
    /// </summary>
    public static IEnumerable<object[]> Cases()
    {
        var neighborhoods = new (NeighborhoodKind Kind, double Compact)[]
        {
            (NeighborhoodKind.Gaussian, 0), (NeighborhoodKind.Bubble, 0), (NeighborhoodKind.MexicanHat, 0),
            (NeighborhoodKind.Triangle, 0), (NeighborhoodKind.Gaussian, 1.5),
        };
        int index = 0;
        foreach (var topology in new[] { Topology.Rectangular, Topology.Hexagonal })
        foreach (bool toroidal in new[] { false, true })
        foreach (var (kind, compact) in neighborhoods)
        foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Cosine })
        foreach (var mode in new[] { TrainingMode.Batch, TrainingMode.Online })
        for (int draw = 0; draw < 2; draw++)
        {
            var (w, h) = topology == Topology.Hexagonal && toroidal ? Pick(HexTorusMaps, index, 1) : Pick(Maps, index, 2);
            int n = Pick(SampleCounts, index, 3);
            int d = Pick(FeatureCounts, index, 4);
            int epochs = Pick([1, 2, 3], index, 5);
            yield return [topology, toroidal, kind, compact, metric, mode, w, h, n, d, epochs, index];
            index++;
        }
    }

    private static T Pick<T>(T[] items, int index, uint salt)
    {
        uint hash = (uint)index * 2654435761u ^ salt * 0x9E3779B9u;
        hash ^= hash >> 15;
        hash *= 0x2C1B3C6Du;
        hash ^= hash >> 12;
        return items[hash % (uint)items.Length];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_matches_oracle(Topology topology, bool toroidal, NeighborhoodKind kind, double compact,
        DistanceMetric metric, TrainingMode mode, int width, int height, int samples, int features, int epochs, int variant)
    {
        var options = new SomOptions
        {
            Width = width,
            Height = height,
            Topology = topology,
            Toroidal = toroidal,
            Neighborhood = kind,
            CompactSupport = compact,
            Metric = metric,
            Mode = mode,
            Epochs = epochs,
            SigmaStart = Pick(new double?[] { null, 1.5, 2.5 }, variant, 6),
            SigmaEnd = Pick([1.0, 0.5], variant, 7),
            SigmaSchedule = Pick([ScheduleKind.Linear, ScheduleKind.Exponential, ScheduleKind.Inverse], variant, 8),
            RateStart = mode == TrainingMode.Online ? 0.6 : null,
            RateEnd = mode == TrainingMode.Online ? 0.05 : null,
            RateSchedule = Pick([ScheduleKind.Linear, ScheduleKind.Exponential, ScheduleKind.Inverse], variant, 9),
        }.Validate();
        string name = $"{topology} torus={toroidal} {kind}{(compact > 0 ? $"(c={compact})" : "")} {metric} {mode} " +
            $"map={width}x{height} N={samples} D={features} epochs={epochs} sigma={options.SigmaSchedule} {options.ResolvedSigmaStart}->{options.SigmaEnd}";

        ulong seed = (ulong)(1000 + variant);
        var data = TestData.Clusters(samples, features, seed);
        float[] init = Pick([true, false], variant, 10)
            ? TestData.SampleCodebook(data, options.Units, seed)
            : TestData.UniformCodebook(options.Units, features, seed);
        using var engine = new CpuEngine(options, features);
        engine.SetWeights(init);
        var check = new Comparison(name, options, data, init);
        if (mode == TrainingMode.Batch) check.RunBatch(engine);
        else check.RunOnline(engine);
        check.AssertClean();
    }

    /// <summary>Runs the engine and the oracle side by side and collects every disagreement.</summary>
    private sealed class Comparison(string name, SomOptions options, SampleMatrix data, float[] init)
    {
        private readonly double[] _x = NaiveSom.ToDouble(data.Values.Span);
        private readonly OracleGrid _grid = new(options);
        private readonly List<string> _failures = [];
        private readonly int _n = data.Count, _d = data.Features, _m = options.Units;
        private double[] _w = NaiveSom.ToDouble(init);
        private readonly double[] _growth = Enumerable.Repeat(1.0, options.Units).ToArray();

        public int NearTies { get; private set; }
        public int IllConditioned { get; private set; }

        public void RunBatch(CpuEngine engine)
        {
            var first = new int[_n];
            var second = new int[_n];
            var firstOnly = new int[_n];
            var after = new float[_m * _d];
            for (int e = 0; e < options.Epochs; e++)
            {
                double sigma = NaiveSom.Schedule(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, e, options.Epochs);
                engine.FindBmus(data, firstOnly, default);
                engine.FindBmus(data, first, second);
                for (int i = 0; i < _n; i++)
                {
                    if (first[i] != firstOnly[i])
                        Fail($"epoch {e} sample {i}: FindBmus gives {firstOnly[i]} without the second BMU but {first[i]} with it");
                    CheckBmu($"epoch {e} sample {i}", i, first[i], second[i]);
                }
                var outcome = NaiveSom.BatchEpoch(_x, _n, _d, _w, firstOnly, _grid, options.Neighborhood, sigma, options.CompactSupport);
                int kept = engine.TrainBatchEpoch(data, sigma).UnitsKept;
                engine.GetWeights(after);
                int expectedKept = 0, uncertain = 0;
                for (int j = 0; j < _m; j++)
                {
                    if (Math.Abs(outcome.Denominator[j]) <= 1e-9 * outcome.AbsDenominator[j] && outcome.AbsDenominator[j] > 0)
                    {
                        uncertain++;
                        IllConditioned++;
                        continue;
                    }
                    if (!(outcome.Denominator[j] > 0)) expectedKept++;
                    CompareUnit($"epoch {e} (sigma {sigma:R})", j, after, outcome.Weights, BatchTolerance);
                }
                if (kept < expectedKept || kept > expectedKept + uncertain)
                    Fail($"epoch {e}: engine kept {kept} units with a non-positive denominator, oracle {expectedKept} (+{uncertain} uncertain)");
                _w = outcome.Weights;
            }
        }

        public void RunOnline(CpuEngine engine)
        {
            long total = (long)options.Epochs * _n, t = 0;
            var bmu = new int[1];
            var after = new float[_m * _d];
            for (int e = 0; e < options.Epochs; e++)
            {
                int[] order = TestData.Permutation(_n, (ulong)(77 + e));
                foreach (int i in order)
                {
                    var single = new SampleMatrix(data.Row(i).ToArray(), 1, _d);
                    engine.FindBmus(single, bmu, default);
                    CheckBmu($"step {t} (sample {i})", i, bmu[0], -2);
                    double sigma = NaiveSom.Schedule(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, t, total);
                    double alpha = NaiveSom.Schedule(options.RateSchedule, options.ResolvedRateStart, options.ResolvedRateEnd, t, total);
                    NaiveSom.OnlineStep(_w, _x.AsSpan(i * _d, _d), bmu[0], _grid, options.Neighborhood, sigma, alpha, options.CompactSupport);
                    for (int j = 0; j < _m; j++)
                        _growth[j] *= Math.Max(1, Math.Abs(1 - alpha * NaiveSom.H(options.Neighborhood, _grid.Distance(bmu[0], j), sigma, options.CompactSupport)));
                    engine.TrainOnlineEpoch(data, [i], t, total);
                    t++;
                }
                engine.GetWeights(after);
                for (int j = 0; j < _m; j++) CompareUnit($"after epoch {e}", j, after, _w, OnlineTolerance * _growth[j]);
            }
        }

        public void AssertClean()
        {
            Assert.True(_failures.Count == 0,
                $"{name}: {_failures.Count} disagreement(s) with the oracle (near-ties accepted: {NearTies}, ill-conditioned units skipped: {IllConditioned}):\n  "
                + string.Join("\n  ", _failures.Take(12)));
        }

        /// <summary>Accepts the engine's BMU (and second BMU, unless −2) when the oracle rates it best up to <see cref="BmuGap"/>.</summary>
        private void CheckBmu(string where, int i, int engineFirst, int engineSecond)
        {
            var x = _x.AsSpan(i * _d, _d);
            var (best, secondBest, d1, d2) = NaiveSom.Bmu(options.Metric, x, _w, _m);
            if (engineFirst < 0 || engineFirst >= _m)
            {
                Fail($"{where}: engine BMU {engineFirst} is not a unit");
                return;
            }
            if (engineFirst != best)
            {
                double gap = NaiveSom.Distance(options.Metric, x, _w.AsSpan(engineFirst * _d, _d)) - d1;
                if (gap <= Tolerance(x, best, engineFirst)) NearTies++;
                else Fail($"{where}: engine BMU {engineFirst}, oracle {best}; distance gap {gap:G6} is no near-tie");
            }
            if (engineSecond == -2) return;
            if (_m == 1)
            {
                if (engineSecond != -1) Fail($"{where}: one-unit map but second BMU {engineSecond}");
                return;
            }
            if (engineSecond == engineFirst || engineSecond < 0 || engineSecond >= _m)
            {
                Fail($"{where}: second BMU {engineSecond} (first {engineFirst})");
                return;
            }
            if (engineSecond != secondBest && engineSecond != best)
            {
                // The second must be the best unit other than the first, up to a near-tie.
                int other = engineFirst == best ? secondBest : best;
                double reference = engineFirst == best ? d2 : d1;
                double gap = NaiveSom.Distance(options.Metric, x, _w.AsSpan(engineSecond * _d, _d)) - reference;
                if (gap <= Tolerance(x, other, engineSecond)) NearTies++;
                else Fail($"{where}: engine second BMU {engineSecond}, oracle {other}; distance gap {gap:G6} is no near-tie");
            }
        }

        private double Tolerance(ReadOnlySpan<double> x, int a, int b)
        {
            if (options.Metric == DistanceMetric.Cosine) return BmuGap;
            double scale = Norm2(x) + Norm2(_w.AsSpan(a * _d, _d)) + Norm2(_w.AsSpan(b * _d, _d));
            return BmuGap * (1 + scale);
        }

        private void CompareUnit(string where, int j, float[] engine, double[] oracle, double tolerance)
        {
            for (int f = 0; f < _d; f++)
            {
                double e = engine[j * _d + f], o = oracle[j * _d + f];
                if (!(Math.Abs(e - o) <= tolerance * (1 + Math.Abs(o))))
                {
                    Fail($"{where}: unit {j} feature {f}: engine {e:R}, oracle {o:R} (|Δ| = {Math.Abs(e - o):G3})");
                    return;
                }
            }
        }

        private void Fail(string message) => _failures.Add(message);

        private static double Norm2(ReadOnlySpan<double> v)
        {
            double s = 0;
            foreach (double a in v) s += a * a;
            return s;
        }
    }
}
