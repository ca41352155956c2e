using System.Runtime.Intrinsics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The online pass's panel kernels alone (AVX-512, one thread, CPU time), in nanoseconds and cycles at the FMA
/// peak's clock per feature and panel of 32 units, on codebooks from L2-sized to the 32 × 32 map's 3.2 MB: the read
/// of one sample's dot products (<see cref="FixedOrderSum.PanelDot"/>), of two samples' (<see cref="OnlineUpdater.DotTwo"/>),
/// the fused update (<see cref="OnlineUpdater.FusedPanelVector512"/>), and for comparison the fused update with a
/// distance Σ(y − w)² that needs no ‖w‖² (two multiply-adds and two subtractions per weight instead of three and one;
/// not what the engine computes). Tells whether the pass is bound by its multiply-adds or by its bytes.
/// </summary>
public static unsafe class OnlineKernelReport
{
    private const int Lanes = PackedCodebook.Lanes;

    /// <summary>Prints the table.</summary>
    public static void Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("Online kernels: skipped (no AVX-512)");
            return;
        }
        var peaks = OnlineReport.CpuTimePeaks();
        double hz = peaks[(512, 1)] * 1e9 / 32; // one 512-bit FMA (32 flops) per cycle on this core
        Console.WriteLine($"Online panel kernels, AVX-512, one thread, D = 784, best of 3 (cycles at {hz / 1e9:F2} GHz, the 512-bit FMA rate)");
        const int d = 784;
        foreach (int units in new[] { 128, 256, 512, 1024 })
        {
            using var codebook = new PackedCodebook(units, d, KernelIsa.Vector512);
            var rng = new SomRandom(1);
            for (long i = 0; i < (long)codebook.Panels * d * Lanes; i++) codebook.Weights.Pointer[i] = (float)rng.NextDouble();
            using var x = new AlignedBuffer(d);
            using var y = new AlignedBuffer(d);
            for (int f = 0; f < d; f++)
            {
                x.Pointer[f] = 0.5f;
                y.Pointer[f] = 0.25f;
            }
            using var a = new AlignedBuffer(Lanes);
            using var b = new AlignedBuffer(Lanes);
            using var coef = new AlignedBuffer(Lanes);
            new Span<float>(coef.Pointer, Lanes).Fill(1e-30f); // tiny: the weights stay put run after run
            int reps = (int)(200_000_000L / ((long)units * d));
            var line = new List<string>();
            foreach (string kind in new[] { "dot", "dot two", "fused", "fused, Σ(y − w)²" })
            {
                double best = double.PositiveInfinity;
                for (int r = 0; r < 3; r++)
                {
                    double t0 = CpuClock.Thread();
                    for (int k = 0; k < reps; k++)
                    {
                        for (int p = 0; p < codebook.Panels; p++)
                        {
                            float* w = codebook.Panel(p);
                            switch (kind)
                            {
                                case "dot": FixedOrderSum.PanelDot(y.Pointer, w, d, a.Pointer, KernelIsa.Vector512); break;
                                case "dot two": OnlineUpdater.DotTwo(x.Pointer, y.Pointer, w, d, a.Pointer, b.Pointer, KernelIsa.Vector512); break;
                                case "fused": OnlineUpdater.FusedPanelVector512(w, x.Pointer, y.Pointer, coef.Pointer, d, b.Pointer, a.Pointer); break;
                                default: FusedDirect(w, x.Pointer, y.Pointer, coef.Pointer, d, a.Pointer); break;
                            }
                        }
                    }
                    best = Math.Min(best, CpuClock.Thread() - t0);
                }
                double ns = best * 1e9 / ((double)reps * codebook.Panels * d);
                line.Add($"{kind} {ns:F2} ns = {ns * hz / 1e9:F1} cycles");
            }
            Console.WriteLine($"  {units,5} units ({units * d * 4 / 1e6:F2} MB): {string.Join(";  ", line)}");
        }
    }

    /// <summary>w ← fma(c, x − w, w), then Σ(y − w)² per unit: the update with a distance that needs no ‖w‖².</summary>
    private static void FusedDirect(float* w, float* x, float* y, float* coef, int d, float* sums)
    {
        var c0 = Vector512.Load(coef);
        var c1 = Vector512.Load(coef + 16);
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        for (int f = 0; f < d; f++)
        {
            float* wf = w + f * Lanes;
            var xf = Vector512.Create(x[f]);
            var yf = Vector512.Create(y[f]);
            var v0 = Vector512.FusedMultiplyAdd(c0, xf - Vector512.Load(wf), Vector512.Load(wf));
            var v1 = Vector512.FusedMultiplyAdd(c1, xf - Vector512.Load(wf + 16), Vector512.Load(wf + 16));
            v0.Store(wf);
            v1.Store(wf + 16);
            var e0 = yf - v0;
            var e1 = yf - v1;
            s0 = Vector512.FusedMultiplyAdd(e0, e0, s0);
            s1 = Vector512.FusedMultiplyAdd(e1, e1, s1);
        }
        s0.Store(sums);
        s1.Store(sums + 16);
    }
}
