using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// Kohonen's sequential rule on the packed codebook: for each sample x in the visiting order, at step t,
/// the BMU b (same distances and tie rule as <see cref="BmuSearch"/>), then for every unit j
/// w_j ← w_j + c_j·(x − w_j) with c_j = (float)(α(t)·h(δ(b,j), σ(t))), computed as fma(c_j, x − w_j, w_j).
/// Panels whose coefficients are all zero are skipped; ‖w‖² of each touched panel is recomputed in the same
/// pass. One sample at a time by definition, so this runs on one thread.
/// </summary>
internal static unsafe class OnlineUpdater
{
    private const int Lanes = DotKernels.Lanes;

    /// <summary>Runs the samples of <paramref name="order"/> at steps firstStep … of totalSteps.</summary>
    public static void Run(SomOptions options, PackedCodebook codebook, OffsetTable offsets, SampleMatrix data,
        ReadOnlySpan<int> order, long firstStep, long totalSteps)
    {
        int d = data.Features;
        float[] terms = ExpandedDistance.SampleTerms(data, options.Metric);
        int width = options.Width;
        double s0 = options.ResolvedSigmaStart, r0 = options.ResolvedRateStart, r1 = options.ResolvedRateEnd;
        var coef = new float[codebook.Panels * Lanes];
        using var dots = new AlignedBuffer(Lanes);
        using var dist = new AlignedBuffer(Lanes);
        fixed (float* xs = data.Buffer)
        {
            for (int s = 0; s < order.Length; s++)
            {
                long t = firstStep + s;
                int i = order[s];
                float* x = xs + (long)i * d;
                int b = FindBmu(x, terms[i], codebook, options.Metric, dots.Pointer, dist.Pointer);
                double sigma = Schedule.Value(options.SigmaSchedule, s0, options.SigmaEnd, t, totalSteps);
                double alpha = Schedule.Value(options.RateSchedule, r0, r1, t, totalSteps);

                int xb = b % width, yb = b / width, parity = yb & 1;
                for (int j = 0; j < codebook.Units; j++)
                {
                    double delta = offsets.Deltas[offsets.Index(j % width - xb, j / width - yb, parity)];
                    coef[j] = (float)(alpha * Neighborhood.Evaluate(options.Neighborhood, delta, sigma, options.CompactSupport));
                }
                for (int p = 0; p < codebook.Panels; p++) UpdatePanel(codebook, p, x, coef, d);
            }
        }
    }

    /// <summary>BMU of one sample: each panel's 32 dot products as fused chains over f, then the epilogue.</summary>
    public static int FindBmu(float* x, float sampleTerm, PackedCodebook codebook, DistanceMetric metric, float* dots, float* dist)
    {
        float best = float.PositiveInfinity;
        int index = -1;
        int d = codebook.Features;
        for (int p = 0; p < codebook.Panels; p++)
        {
            FixedOrderSum.PanelDot(x, codebook.Panel(p), d, dots, codebook.Isa);
            BmuSearch.Distances(dots, sampleTerm, codebook, p, metric, codebook.Isa, dist);
            for (int l = 0; l < Lanes; l++)
            {
                if (dist[l] < best)
                {
                    best = dist[l];
                    index = p * Lanes + l;
                }
            }
        }
        return index;
    }

    private static void UpdatePanel(PackedCodebook codebook, int p, float* x, float[] coef, int d)
    {
        bool any = false;
        for (int l = 0; l < Lanes && !any; l++) any = coef[p * Lanes + l] != 0;
        if (!any) return;
        float* w = codebook.Panel(p);
        switch (codebook.Isa)
        {
            case KernelIsa.Vector512:
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
                    // ‖w‖² in the same pass, in FixedOrderSum.PanelSquares' order (one chain per unit over f).
                    s0 = Vector512.FusedMultiplyAdd(w0, w0, s0);
                    s1 = Vector512.FusedMultiplyAdd(w1, w1, s1);
                }
                s0.CopyTo(codebook.SquaredNorms.AsSpan(p * Lanes));
                s1.CopyTo(codebook.SquaredNorms.AsSpan(p * Lanes + 16));
                codebook.FinishNorms(p);
                return;
            }
            case KernelIsa.Vector256:
            {
                var c0 = Vector256.Create(coef, p * Lanes);
                var c1 = Vector256.Create(coef, p * Lanes + 8);
                var c2 = Vector256.Create(coef, p * Lanes + 16);
                var c3 = Vector256.Create(coef, p * Lanes + 24);
                Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
                for (int f = 0; f < d; f++)
                {
                    var xf = Vector256.Create(x[f]);
                    float* wf = w + f * Lanes;
                    var w0 = Vector256.Load(wf);
                    var w1 = Vector256.Load(wf + 8);
                    var w2 = Vector256.Load(wf + 16);
                    var w3 = Vector256.Load(wf + 24);
                    w0 = Vector256.FusedMultiplyAdd(c0, xf - w0, w0);
                    w1 = Vector256.FusedMultiplyAdd(c1, xf - w1, w1);
                    w2 = Vector256.FusedMultiplyAdd(c2, xf - w2, w2);
                    w3 = Vector256.FusedMultiplyAdd(c3, xf - w3, w3);
                    w0.Store(wf);
                    w1.Store(wf + 8);
                    w2.Store(wf + 16);
                    w3.Store(wf + 24);
                    // As above: FixedOrderSum.PanelSquares' order, fused into the update pass.
                    s0 = Vector256.FusedMultiplyAdd(w0, w0, s0);
                    s1 = Vector256.FusedMultiplyAdd(w1, w1, s1);
                    s2 = Vector256.FusedMultiplyAdd(w2, w2, s2);
                    s3 = Vector256.FusedMultiplyAdd(w3, w3, s3);
                }
                var norms = codebook.SquaredNorms.AsSpan(p * Lanes);
                s0.CopyTo(norms);
                s1.CopyTo(norms[8..]);
                s2.CopyTo(norms[16..]);
                s3.CopyTo(norms[24..]);
                codebook.FinishNorms(p);
                return;
            }
            default:
                for (int f = 0; f < d; f++)
                {
                    float* wf = w + f * Lanes;
                    for (int l = 0; l < Lanes; l++) wf[l] = MathF.FusedMultiplyAdd(coef[p * Lanes + l], x[f] - wf[l], wf[l]);
                }
                codebook.RefreshNorms(p);
                return;
        }
    }
}
