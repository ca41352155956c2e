using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// Kohonen's sequential rule (docs/contract.md §7) on the packed codebook: for each sample x in the visiting
/// order, at step t, the BMU b (same distances and tie rule as <see cref="BmuSearch"/>), then for every unit j
/// w_j ← w_j + c_j·(x − w_j) with c_j = (float)(α(t)·h(δ(b,j), σ(t))), computed as fma(c_j, x − w_j, w_j).
/// <para>One pass over the codebook per sample: while a panel is updated for sample t, its new weights, still in
/// registers, feed sample t+1's dot products (and the panel's new ‖w‖²). Each number is the same fused chain over
/// f = 0 … D−1 as in a separate update pass followed by a separate distance pass (<see cref="FixedOrderSum.PanelDot"/>,
/// <see cref="FixedOrderSum.PanelSquares"/>), so the bits are those of the two passes; only the codebook is read
/// and written once instead of read twice and written once. Panels whose coefficients are all zero are not
/// written, only read, and for two samples at once (t+1 and t+2, <see cref="DotTwo"/>): if sample t+1 leaves the
/// panel alone as well, its weights are unchanged and the pass of t+1 takes the dot products for t+2 without
/// reading it (the same chains over the same weights, so the same bits). The pass is bound by the bytes it moves
/// between the caches, not by its multiply-adds, so the second sample's chains cost little. The coefficients
/// evaluate h once per distinct grid distance and skip rows beyond the support radius (<see cref="OnlineCoefficients"/>).</para>
/// <para>Samples are sequential by definition, so workers split the panels instead: for each sample, worker k takes
/// a run of panels (<see cref="OnlinePlan"/>: contiguous, in worker order, of about equal cost, the same split on
/// every worker since it depends only on the BMU, σ and which panels hold dot products ahead), updates those and
/// finds the best unit among them for the next sample; the first panel of each run is contested, taken by whichever
/// of its worker and the worker before gets to it first, which evens out what the cost model cannot foresee (the
/// panels a worker takes still all come before the next worker's). One barrier per sample; then every worker combines the
/// partial results in worker order with strict &lt;, which picks the least distance and among equal ones the lowest
/// index, exactly as one scan over all units would. A worker's pass touches only its own panels, and the next
/// sample's split is drawn after the barrier, so no second barrier is needed; partial results and the
/// which-panels-are-ahead flags are double-buffered by sample parity. Every unit sees the same arithmetic whatever
/// the worker count.</para>
/// <para>Kernels: one per <see cref="KernelIsa"/>, each over one panel of 32 units: two 512-bit registers per
/// quantity, or (one generic kernel for both) four 256-bit registers, or two passes of four 128-bit registers over the
/// panel's two 16-unit halves to fit 16 registers. Each unit's chains are its own, so the register split cannot
/// change a bit.</para>
/// </summary>
internal static unsafe class OnlineUpdater
{
    /// <summary>
    /// Default fewest weights (M·D) per worker: below it one sample's work (a few microseconds) is too small to pay
    /// for a barrier per sample.
    /// </summary>
    public const long MinWeightsPerWorker = 1 << 18;

    private const int Lanes = DotKernels.Lanes;


    /// <summary>
    /// Workers for a codebook of <paramref name="units"/> × <paramref name="features"/>: at most
    /// <paramref name="threads"/>, at most one per panel, and at least <paramref name="minWeightsPerWorker"/> weights each.
    /// </summary>
    public static int Workers(int threads, int units, int features, long minWeightsPerWorker)
    {
        int panels = (units + Lanes - 1) / Lanes;
        long byWeights = minWeightsPerWorker <= 0 ? long.MaxValue : (long)units * features / minWeightsPerWorker;
        return (int)Math.Clamp(Math.Min(threads, byWeights), 1, panels);
    }

    /// <summary>Runs the samples of <paramref name="order"/> at steps firstStep … of totalSteps on <paramref name="workers"/> threads.</summary>
    public static void Run(SomOptions options, PackedCodebook codebook, OffsetTable offsets, SampleMatrix data,
        ReadOnlySpan<int> order, long firstStep, long totalSteps, int workers)
    {
        if (order.IsEmpty) return;
        workers = Math.Clamp(workers, 1, codebook.Panels);
        _ = offsets.DeltaClasses; // computed once here, before the workers read it
        using var run = new Epoch(options, codebook, offsets, data, order.ToArray(), firstStep, totalSteps, workers);
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

    /// <summary>BMU of one sample on the whole codebook: each panel's 32 dot products as fused chains over f, then the epilogue.</summary>
    public static int FindBmu(float* x, float sampleTerm, PackedCodebook codebook, DistanceMetric metric, float* dots, float* dist)
    {
        float best = float.PositiveInfinity;
        int index = -1;
        for (int p = 0; p < codebook.Panels; p++)
        {
            FixedOrderSum.PanelDot(x, codebook.Panel(p), codebook.Features, dots, codebook.Isa);
            BmuSearch.Distances(dots, sampleTerm, codebook, p, metric, codebook.Isa, dist);
            Scan(dist, p, ref best, ref index);
        }
        return index;
    }

    /// <summary>
    /// Panel <paramref name="p"/> updated for sample <paramref name="x"/> with the coefficients <paramref name="coef"/>
    /// (its 32), its new ‖w‖² written to the codebook, and the dot products of the new weights with
    /// <paramref name="next"/> into <paramref name="dots"/>.
    /// </summary>
    public static void UpdateAndDot(PackedCodebook codebook, int p, float* x, float* next, float* coef, float* dots, float* norms)
    {
        float* w = codebook.Panel(p);
        int d = codebook.Features;
        switch (codebook.Isa)
        {
            case KernelIsa.Vector512:
                FusedPanelVector512(w, x, next, coef, d, norms, dots);
                break;
            case KernelIsa.Vector256:
                FusedPanelQuads<Lanes256, Vector256<float>>(w, x, next, coef, d, norms, dots);
                break;
            case KernelIsa.Vector128:
                FusedPanelQuads<Lanes128, Vector128<float>>(w, x, next, coef, d, norms, dots);
                break;
            default:
                FusedPanelScalar(w, x, next, coef, d, norms, dots);
                break;
        }
        new ReadOnlySpan<float>(norms, Lanes).CopyTo(codebook.SquaredNorms.AsSpan(p * Lanes, Lanes));
        codebook.FinishNorms(p);
    }

    /// <summary>Whether any of a panel's 32 coefficients is non-zero (the panel is then updated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Touched(float* coef)
    {
        for (int l = 0; l < Lanes; l++)
        {
            if (coef[l] != 0) return true;
        }
        return false;
    }

    /// <summary>
    /// <see cref="FixedOrderSum.PanelDot"/> of two samples against one panel (the same chain per unit and sample): the
    /// panel is read once for both, and the pass is bound by the bytes it reads, not by its multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotTwo(float* x, float* y, float* w, int d, float* dotsX, float* dotsY, KernelIsa isa)
    {
        switch (isa)
        {
            case KernelIsa.Vector512:
            {
                Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, b0 = Vector512<float>.Zero, b1 = Vector512<float>.Zero;
                for (int f = 0; f < d; f++)
                {
                    var xf = Vector512.Create(x[f]);
                    var yf = Vector512.Create(y[f]);
                    var v0 = Vector512.Load(w + f * Lanes);
                    var v1 = Vector512.Load(w + f * Lanes + 16);
                    a0 = Vector512.FusedMultiplyAdd(xf, v0, a0);
                    a1 = Vector512.FusedMultiplyAdd(xf, v1, a1);
                    b0 = Vector512.FusedMultiplyAdd(yf, v0, b0);
                    b1 = Vector512.FusedMultiplyAdd(yf, v1, b1);
                }
                a0.Store(dotsX);
                a1.Store(dotsX + 16);
                b0.Store(dotsY);
                b1.Store(dotsY + 16);
                return;
            }
            case KernelIsa.Vector256:
                DotTwoQuads<Lanes256, Vector256<float>>(x, y, w, d, dotsX, dotsY);
                return;
            case KernelIsa.Vector128:
                DotTwoQuads<Lanes128, Vector128<float>>(x, y, w, d, dotsX, dotsY);
                return;
            default:
                FixedOrderSum.PanelDot(x, w, d, dotsX, isa);
                FixedOrderSum.PanelDot(y, w, d, dotsY, isa);
                return;
        }
    }

    /// <summary>
    /// <see cref="DotTwo"/> in passes of four vectors of units (one pass on 256-bit, two on 128-bit): eight
    /// independent chains per step, within the 16 registers of x86 without AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotTwoQuads<TLanes, TVector>(float* x, float* y, float* w, int d, float* dotsX, float* dotsY)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        for (int u = 0; u < Lanes; u += 4 * n)
        {
            TVector a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
            TVector b0 = TLanes.Zero, b1 = TLanes.Zero, b2 = TLanes.Zero, b3 = TLanes.Zero;
            for (int f = 0; f < d; f++)
            {
                var xf = TLanes.Broadcast(x[f]);
                var yf = TLanes.Broadcast(y[f]);
                float* wf = w + f * Lanes + u;
                var v0 = TLanes.Load(wf);
                var v1 = TLanes.Load(wf + n);
                var v2 = TLanes.Load(wf + 2 * n);
                var v3 = TLanes.Load(wf + 3 * n);
                a0 = TLanes.FusedMultiplyAdd(xf, v0, a0);
                a1 = TLanes.FusedMultiplyAdd(xf, v1, a1);
                a2 = TLanes.FusedMultiplyAdd(xf, v2, a2);
                a3 = TLanes.FusedMultiplyAdd(xf, v3, a3);
                b0 = TLanes.FusedMultiplyAdd(yf, v0, b0);
                b1 = TLanes.FusedMultiplyAdd(yf, v1, b1);
                b2 = TLanes.FusedMultiplyAdd(yf, v2, b2);
                b3 = TLanes.FusedMultiplyAdd(yf, v3, b3);
            }
            TLanes.Store(a0, dotsX + u);
            TLanes.Store(a1, dotsX + u + n);
            TLanes.Store(a2, dotsX + u + 2 * n);
            TLanes.Store(a3, dotsX + u + 3 * n);
            TLanes.Store(b0, dotsY + u);
            TLanes.Store(b1, dotsY + u + n);
            TLanes.Store(b2, dotsY + u + 2 * n);
            TLanes.Store(b3, dotsY + u + 3 * n);
        }
    }

    /// <summary>
    /// Folds a panel's 32 distances into the running best: the least distance and, among equal ones, the lowest index
    /// (docs/contract.md §5), whatever order the panels come in; +∞ and NaN never win, as with a strict &lt; scan from +∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scan(float* dist, int panel, ref float best, ref int index)
    {
        for (int l = 0; l < Lanes; l++)
        {
            if (dist[l] < best || (dist[l] == best && panel * Lanes + l < index))
            {
                best = dist[l];
                index = panel * Lanes + l;
            }
        }
    }

    /// <summary>
    /// One panel: w ← fma(c, x − w, w), then ‖w‖² and w·next as fused chains over f, two 512-bit registers of 16
    /// units each (four independent chains, enough to cover the FMA latency).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FusedPanelVector512(float* w, float* x, float* next, float* coef, int d, float* norms, float* dots)
    {
        var c0 = Vector512.Load(coef);
        var c1 = Vector512.Load(coef + 16);
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
        for (int f = 0; f < d; f++)
        {
            float* wf = w + f * Lanes;
            var xf = Vector512.Create(x[f]);
            var nf = Vector512.Create(next[f]);
            var v0 = Vector512.Load(wf);
            var v1 = Vector512.Load(wf + 16);
            v0 = Vector512.FusedMultiplyAdd(c0, xf - v0, v0);
            v1 = Vector512.FusedMultiplyAdd(c1, xf - v1, v1);
            v0.Store(wf);
            v1.Store(wf + 16);
            s0 = Vector512.FusedMultiplyAdd(v0, v0, s0);
            s1 = Vector512.FusedMultiplyAdd(v1, v1, s1);
            a0 = Vector512.FusedMultiplyAdd(nf, v0, a0);
            a1 = Vector512.FusedMultiplyAdd(nf, v1, a1);
        }
        s0.Store(norms);
        s1.Store(norms + 16);
        a0.Store(dots);
        a1.Store(dots + 16);
    }

    /// <summary>
    /// The same panel and chains as <see cref="FusedPanelVector512"/> in passes of four vectors of units: one pass
    /// of 32 on 256-bit, two of 16 on 128-bit (x and next are read once per pass). The coefficients are read from
    /// memory each step (loads are cheap; without AVX-512 there are only 16 registers, and 8 accumulators, 2
    /// broadcasts and the weights in flight already need most of them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FusedPanelQuads<TLanes, TVector>(float* w, float* x, float* next, float* coef, int d, float* norms, float* dots)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        int n = TLanes.Count;
        for (int u = 0; u < Lanes; u += 4 * n)
        {
            TVector s0 = TLanes.Zero, s1 = TLanes.Zero, s2 = TLanes.Zero, s3 = TLanes.Zero;
            TVector a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
            float* c = coef + u;
            for (int f = 0; f < d; f++)
            {
                float* wf = w + f * Lanes + u;
                var xf = TLanes.Broadcast(x[f]);
                var nf = TLanes.Broadcast(next[f]);
                var v0 = TLanes.Load(wf);
                var v1 = TLanes.Load(wf + n);
                var v2 = TLanes.Load(wf + 2 * n);
                var v3 = TLanes.Load(wf + 3 * n);
                v0 = TLanes.FusedMultiplyAdd(TLanes.Load(c), TLanes.Subtract(xf, v0), v0);
                v1 = TLanes.FusedMultiplyAdd(TLanes.Load(c + n), TLanes.Subtract(xf, v1), v1);
                v2 = TLanes.FusedMultiplyAdd(TLanes.Load(c + 2 * n), TLanes.Subtract(xf, v2), v2);
                v3 = TLanes.FusedMultiplyAdd(TLanes.Load(c + 3 * n), TLanes.Subtract(xf, v3), v3);
                TLanes.Store(v0, wf);
                TLanes.Store(v1, wf + n);
                TLanes.Store(v2, wf + 2 * n);
                TLanes.Store(v3, wf + 3 * n);
                s0 = TLanes.FusedMultiplyAdd(v0, v0, s0);
                s1 = TLanes.FusedMultiplyAdd(v1, v1, s1);
                s2 = TLanes.FusedMultiplyAdd(v2, v2, s2);
                s3 = TLanes.FusedMultiplyAdd(v3, v3, s3);
                a0 = TLanes.FusedMultiplyAdd(nf, v0, a0);
                a1 = TLanes.FusedMultiplyAdd(nf, v1, a1);
                a2 = TLanes.FusedMultiplyAdd(nf, v2, a2);
                a3 = TLanes.FusedMultiplyAdd(nf, v3, a3);
            }
            TLanes.Store(s0, norms + u);
            TLanes.Store(s1, norms + u + n);
            TLanes.Store(s2, norms + u + 2 * n);
            TLanes.Store(s3, norms + u + 3 * n);
            TLanes.Store(a0, dots + u);
            TLanes.Store(a1, dots + u + n);
            TLanes.Store(a2, dots + u + 2 * n);
            TLanes.Store(a3, dots + u + 3 * n);
        }
    }

    /// <summary>The same chains one element at a time, for any machine.</summary>
    private static void FusedPanelScalar(float* w, float* x, float* next, float* coef, int d, float* norms, float* dots)
    {
        for (int l = 0; l < Lanes; l++)
        {
            norms[l] = 0f;
            dots[l] = 0f;
        }
        for (int f = 0; f < d; f++)
        {
            float* wf = w + f * Lanes;
            float xf = x[f], nf = next[f];
            for (int l = 0; l < Lanes; l++)
            {
                float v = MathF.FusedMultiplyAdd(coef[l], xf - wf[l], wf[l]);
                wf[l] = v;
                norms[l] = MathF.FusedMultiplyAdd(v, v, norms[l]);
                dots[l] = MathF.FusedMultiplyAdd(nf, v, dots[l]);
            }
        }
    }

    /// <summary>
    /// What a worker needs to visit a panel in the pass of one sample: update it and take the next sample's distances,
    /// or take them from dot products computed ahead, or read the panel for the next two samples.
    /// </summary>
    private readonly struct Pass(PackedCodebook codebook, DistanceMetric metric, KernelIsa isa, float* x, float* next,
        float* after, float nextTerm, bool hasNext, bool hasAfter, float* coef, byte* ready, byte* readyNext, float* aheadDots,
        float* dots, float* dist, float* norms)
    {
        /// <summary>Panel <paramref name="p"/>: its work for this sample, folded into the running best.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int p, ref float best, ref int index)
        {
            float* ahead = aheadDots + (long)p * Lanes;
            float* found = dots;
            bool cached = ready[p] != 0;
            readyNext[p] = 0;
            if (Touched(coef + p * Lanes)) UpdateAndDot(codebook, p, x, next, coef + p * Lanes, found, norms);
            else if (!hasNext) return;
            else if (cached) found = ahead;
            else if (hasAfter)
            {
                DotTwo(next, after, codebook.Panel(p), codebook.Features, found, ahead, isa);
                readyNext[p] = 1;
            }
            else FixedOrderSum.PanelDot(next, codebook.Panel(p), codebook.Features, found, isa);
            if (!hasNext) return;
            BmuSearch.Distances(found, nextTerm, codebook, p, metric, isa, dist);
            Scan(dist, p, ref best, ref index);
        }
    }

    /// <summary>One call's samples shared by its workers.</summary>
    private sealed class Epoch(SomOptions options, PackedCodebook codebook, OffsetTable offsets, SampleMatrix data,
        int[] order, long firstStep, long totalSteps, int workers) : IDisposable
    {
        private readonly float[] _terms = ExpandedDistance.SampleTerms(data, options.Metric);
        private readonly float[] _partialBest = new float[2 * workers];
        private readonly int[] _partialIndex = new int[2 * workers];
        private readonly SpinBarrier _barrier = new(workers);
        // Dot products of unread panels for the sample after next, and per sample parity which panels hold them.
        private readonly AlignedBuffer _aheadDots = new((long)codebook.Panels * Lanes);
        private readonly byte[] _readyFlags = new byte[2 * codebook.Panels];
        // Per boundary between two workers' runs, the last sample (stamp) whose contested panel was claimed; one cache
        // line apart, so two boundaries' claims do not share a line.
        private const int ClaimStride = 16;
        private readonly long[] _claims = new long[Math.Max(1, workers - 1) * ClaimStride];
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

        public void Dispose() => _aheadDots.Dispose();

        public void ThrowIfFailed()
        {
            if (_failure is not null) throw new InvalidOperationException("online epoch failed", _failure);
        }

        private void Loop(int worker)
        {
            int d = data.Features, n = order.Length, panels = codebook.Panels;
            double s0 = options.ResolvedSigmaStart, r0 = options.ResolvedRateStart, r1 = options.ResolvedRateEnd;
            var metric = options.Metric;
            var isa = codebook.Isa;
            // Coefficients by unit; each sample fills this worker's run, padding units keep 0.
            using var coef = new AlignedBuffer((long)panels * Lanes);
            using var dots = new AlignedBuffer(Lanes);
            using var pairDots = new AlignedBuffer(Lanes);
            using var dist = new AlignedBuffer(Lanes);
            using var norms = new AlignedBuffer(Lanes);
            float* c = coef.Pointer;
            var coefficients = new OnlineCoefficients(options, offsets);
            var plan = new OnlinePlan(options, offsets, panels, workers);
            float* aheadDots = _aheadDots.Pointer;
            fixed (float* xs = data.Buffer)
            fixed (byte* readyFlags = _readyFlags)
            {
                // The first sample's BMU on the codebook as it stands, over an even split of the panels.
                float* x = xs + (long)order[0] * d;
                float best = float.PositiveInfinity;
                int index = -1;
                int p0 = panels * worker / workers, p1 = panels * (worker + 1) / workers;
                for (int p = p0; p < p1; p++)
                {
                    FixedOrderSum.PanelDot(x, codebook.Panel(p), d, dots.Pointer, isa);
                    BmuSearch.Distances(dots.Pointer, _terms[order[0]], codebook, p, metric, isa, dist.Pointer);
                    Scan(dist.Pointer, p, ref best, ref index);
                }
                int b = Combine(0, worker, best, index);

                for (int s = 0; s < n; s++)
                {
                    long t = firstStep + s;
                    x = xs + (long)order[s] * d;
                    double sigma = Schedule.Value(options.SigmaSchedule, s0, options.SigmaEnd, t, totalSteps);
                    double alpha = Schedule.Value(options.RateSchedule, r0, r1, t, totalSteps);
                    // Every worker draws the same split from the same BMU and σ: runs of panels of equal cost.
                    byte* ready = readyFlags + (s & 1) * panels, readyNext = readyFlags + ((s + 1) & 1) * panels;
                    (p0, p1) = plan.Run(b, sigma, ready, worker);
                    // The first panel of each non-empty run is contested: it goes to whichever of its worker and the
                    // worker before finishes its own panels first (one compare-and-swap each), which evens out what
                    // the cost model cannot foresee. Whoever computes it, it is the same arithmetic, and the index
                    // sets stay in worker order (worker w's panels all come before worker w + 1's), so the combine
                    // below still finds the lowest index among equal distances.
                    bool left = worker > 0 && p0 < p1;
                    bool right = worker + 1 < workers && p1 < plan.Start(worker + 2);
                    int j0 = p0 * Lanes, j1 = Math.Min(codebook.Units, (right ? p1 + 1 : p1) * Lanes);
                    coefficients.Fill(b, sigma, alpha, j0, j1, c + j0);

                    // Sample s's update fused with sample s + 1's distances (the last sample has no next one: its
                    // own row stands in and the dot products are dropped). A panel that is not updated is read for
                    // samples s + 1 and s + 2 at once; if sample s + 1 leaves it alone too, its weights are the same
                    // and the dot products for s + 2 are already there, so that pass does not read it.
                    bool hasNext = s + 1 < n, hasAfter = s + 2 < n;
                    float* next = hasNext ? xs + (long)order[s + 1] * d : x;
                    float* after = hasAfter ? xs + (long)order[s + 2] * d : next;
                    float nextTerm = hasNext ? _terms[order[s + 1]] : 0f;
                    best = float.PositiveInfinity;
                    index = -1;
                    var pass = new Pass(codebook, metric, isa, x, next, after, nextTerm, hasNext, hasAfter, c, ready, readyNext,
                        aheadDots, dots.Pointer, dist.Pointer, norms.Pointer);
                    for (int p = left ? p0 + 1 : p0; p < p1; p++) pass.Visit(p, ref best, ref index);
                    long stamp = s + 1;
                    if (right && Claim(worker, stamp)) pass.Visit(p1, ref best, ref index);
                    if (left && Claim(worker - 1, stamp)) pass.Visit(p0, ref best, ref index);
                    // The row after next is the next pass's 'next', read from its first panel on: fetch it into this
                    // core's cache while the barrier waits (a row drawn at random is rarely cached, and the first
                    // panel would wait for its lines one by one). Prefetches change no value.
                    if (hasAfter && System.Runtime.Intrinsics.X86.Sse.IsSupported)
                    {
                        byte* row = (byte*)after;
                        for (long offset = 0; offset < (long)d * sizeof(float); offset += 64) System.Runtime.Intrinsics.X86.Sse.Prefetch0(row + offset);
                    }
                    if (hasNext) b = Combine((s + 1) & 1, worker, best, index);
                }
            }
        }

        /// <summary>
        /// Claims the contested panel between workers <paramref name="boundary"/> and <paramref name="boundary"/> + 1 for
        /// the sample of <paramref name="stamp"/> (1, 2, … in sample order): exactly one of the two gets it.
        /// </summary>
        private bool Claim(int boundary, long stamp)
        {
            ref long slot = ref _claims[boundary * ClaimStride];
            long seen = Volatile.Read(ref slot);
            return seen < stamp && Interlocked.CompareExchange(ref slot, stamp, seen) == seen;
        }

        /// <summary>
        /// Publishes this worker's partial best in slot <paramref name="parity"/>, waits for the others, and combines all
        /// of them in worker order (strict &lt;: the least distance, the lowest index among equal ones).
        /// </summary>
        private int Combine(int parity, int worker, float best, int index)
        {
            if (workers == 1) return index;
            int slot = parity * workers;
            _partialBest[slot + worker] = best;
            _partialIndex[slot + worker] = index;
            _barrier.SignalAndWait();
            float b = _partialBest[slot];
            int j = _partialIndex[slot];
            for (int w = 1; w < workers; w++)
            {
                if (_partialBest[slot + w] < b)
                {
                    b = _partialBest[slot + w];
                    j = _partialIndex[slot + w];
                }
            }
            return j;
        }
    }
}
