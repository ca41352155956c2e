using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// Kohonen's sequential rule on the packed codebook: for each sample x in the visiting order, at step t,
/// the BMU b (same distances and tie rule as <see cref="BmuSearch"/>), then for every unit j
/// w_j ← w_j + c_j·(x − w_j) with c_j = (float)(α(t)·h(δ(b,j), σ(t))), computed as fma(c_j, x − w_j, w_j).
/// Panels whose coefficients are all zero are skipped; ‖w‖² of each touched panel is recomputed in the same
/// pass.
/// <para>Samples are sequential by definition, so threads split the panels instead: each worker finds the
/// best unit among its own panels, one barrier per sample lets every worker combine those partial results
/// (in worker order, strict &lt;, so the lowest index wins ties), then each updates its own panels. A worker's
/// next search touches only panels it updated itself, so no second barrier is needed; partial results are
/// double-buffered by sample parity. Every unit sees the same arithmetic whatever the worker count.</para>
/// </summary>
internal static unsafe class OnlineUpdater
{
    private const int Lanes = DotKernels.Lanes;

    /// <summary>
    /// Fewest weights per worker for splitting a codebook: below it one sample's work (a few microseconds)
    /// is too small to pay for a barrier.
    /// </summary>
    private const long MinWeightsPerWorker = 1 << 18;

    /// <summary>Runs the samples of <paramref name="order"/> at steps firstStep … of totalSteps.</summary>
    public static void Run(SomOptions options, PackedCodebook codebook, OffsetTable offsets, SampleMatrix data,
        ReadOnlySpan<int> order, long firstStep, long totalSteps, int threads)
    {
        long weights = (long)codebook.Units * codebook.Features;
        int workers = (int)Math.Clamp(Math.Min(threads, weights / MinWeightsPerWorker), 1, codebook.Panels);
        var run = new Epoch(options, codebook, offsets, data, order.ToArray(), firstStep, totalSteps, workers);
        var others = new Thread[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            others[w - 1] = new Thread(() => run.Work(worker)) { IsBackground = true, Name = $"som-online-{w}" };
            others[w - 1].Start();
        }
        run.Work(0);
        foreach (var thread in others) thread.Join();
        run.ThrowIfFailed();
    }

    /// <summary>One online epoch shared by its workers.</summary>
    private sealed class Epoch(SomOptions options, PackedCodebook codebook, OffsetTable offsets, SampleMatrix data,
        int[] order, long firstStep, long totalSteps, int workers)
    {
        private readonly float[] _terms = BmuSearch.SampleTerms(data, options.Metric);
        private readonly float[] _coef = new float[codebook.Panels * Lanes];
        private readonly float[] _partialBest = new float[2 * workers];
        private readonly int[] _partialIndex = new int[2 * workers];
        private readonly SpinBarrier _barrier = new(workers);
        private Exception? _failure;

        public void Work(int worker)
        {
            try
            {
                Loop(worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
                _barrier.Abort();
            }
        }

        public void ThrowIfFailed()
        {
            if (_failure is not null) throw new InvalidOperationException("online epoch failed", _failure);
        }

        private void Loop(int worker)
        {
            int d = data.Features, width = options.Width;
            int p0 = codebook.Panels * worker / workers, p1 = codebook.Panels * (worker + 1) / workers;
            int j0 = p0 * Lanes, j1 = Math.Min(codebook.Units, p1 * Lanes);
            double s0 = options.ResolvedSigmaStart, r0 = options.ResolvedRateStart, r1 = options.ResolvedRateEnd;
            using var dots = new AlignedBuffer(Lanes);
            using var dist = new AlignedBuffer(Lanes);
            fixed (float* xs = data.Values)
            {
                for (int s = 0; s < order.Length; s++)
                {
                    long t = firstStep + s;
                    int i = order[s];
                    float* x = xs + (long)i * d;
                    var (best, index) = FindBmu(x, _terms[i], codebook, options.Metric, dots.Pointer, dist.Pointer, p0, p1);
                    int slot = (s & 1) * workers;
                    _partialBest[slot + worker] = best;
                    _partialIndex[slot + worker] = index;
                    _barrier.SignalAndWait();

                    int b = _partialIndex[slot];
                    best = _partialBest[slot];
                    for (int w = 1; w < workers; w++)
                    {
                        if (_partialBest[slot + w] < best)
                        {
                            best = _partialBest[slot + w];
                            b = _partialIndex[slot + w];
                        }
                    }
                    double sigma = Schedule.Value(options.SigmaSchedule, s0, options.SigmaEnd, t, totalSteps);
                    double alpha = Schedule.Value(options.RateSchedule, r0, r1, t, totalSteps);
                    int xb = b % width, yb = b / width, parity = yb & 1;
                    for (int j = j0; j < j1; j++)
                    {
                        double delta = offsets.Deltas[offsets.Index(j % width - xb, j / width - yb, parity)];
                        _coef[j] = (float)(alpha * Neighborhood.Evaluate(options.Neighborhood, delta, sigma, options.CompactSupport));
                    }
                    for (int p = p0; p < p1; p++) UpdatePanel(codebook, p, x, _coef, d);
                }
            }
        }
    }

    /// <summary>
    /// Best unit of one sample among panels [<paramref name="p0"/>, <paramref name="p1"/>): each panel's 32 dot
    /// products as fused chains over f, then the epilogue; increasing index, strict &lt;.
    /// </summary>
    public static (float Best, int Index) FindBmu(float* x, float sampleTerm, PackedCodebook codebook, DistanceMetric metric,
        float* dots, float* dist, int p0, int p1)
    {
        float best = float.PositiveInfinity;
        int index = -1;
        int d = codebook.Features;
        for (int p = p0; p < p1; p++)
        {
            float* w = codebook.Panel(p);
            if (Vector512.IsHardwareAccelerated)
            {
                var a0 = Vector512<float>.Zero;
                var a1 = Vector512<float>.Zero;
                for (int f = 0; f < d; f++)
                {
                    var b = Vector512.Create(x[f]);
                    a0 = Vector512.FusedMultiplyAdd(b, Vector512.Load(w + f * Lanes), a0);
                    a1 = Vector512.FusedMultiplyAdd(b, Vector512.Load(w + f * Lanes + 16), a1);
                }
                a0.Store(dots);
                a1.Store(dots + 16);
            }
            else
            {
                new Span<float>(dots, Lanes).Clear();
                for (int f = 0; f < d; f++)
                    for (int l = 0; l < Lanes; l++) dots[l] = MathF.FusedMultiplyAdd(x[f], w[f * Lanes + l], dots[l]);
            }
            BmuSearch.Distances(dots, sampleTerm, codebook, p, metric, dist);
            for (int l = 0; l < Lanes; l++)
            {
                if (dist[l] < best)
                {
                    best = dist[l];
                    index = p * Lanes + l;
                }
            }
        }
        return (best, index);
    }

    private static void UpdatePanel(PackedCodebook codebook, int p, float* x, float[] coef, int d)
    {
        bool any = false;
        for (int l = 0; l < Lanes && !any; l++) any = coef[p * Lanes + l] != 0;
        if (!any) return;
        float* w = codebook.Panel(p);
        if (Vector512.IsHardwareAccelerated)
        {
            var c0 = Vector512.Create(coef, p * Lanes);
            var c1 = Vector512.Create(coef, p * Lanes + 16);
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (int f = 0; f < d; f++)
            {
                var xf = Vector512.Create(x[f]);
                float* wf = w + f * Lanes;
                var w0 = Vector512.Load(wf);
                var w1 = Vector512.Load(wf + 16);
                w0 = Vector512.FusedMultiplyAdd(c0, xf - w0, w0);
                w1 = Vector512.FusedMultiplyAdd(c1, xf - w1, w1);
                w0.Store(wf);
                w1.Store(wf + 16);
                // ‖w‖² in the same pass, in the order PackedCodebook.RefreshNorms uses.
                s0 = Vector512.FusedMultiplyAdd(w0, w0, s0);
                s1 = Vector512.FusedMultiplyAdd(w1, w1, s1);
            }
            s0.CopyTo(codebook.SquaredNorms.AsSpan(p * Lanes));
            s1.CopyTo(codebook.SquaredNorms.AsSpan(p * Lanes + 16));
            codebook.FinishNorms(p);
            return;
        }
        else
        {
            for (int f = 0; f < d; f++)
            {
                float* wf = w + f * Lanes;
                for (int l = 0; l < Lanes; l++) wf[l] = MathF.FusedMultiplyAdd(coef[p * Lanes + l], x[f] - wf[l], wf[l]);
            }
        }
        codebook.RefreshNorms(p);
    }
}
