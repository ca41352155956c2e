using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Som.Benchmarks;

/// <summary>
/// The machine's FP32 FMA peak: each thread runs <see cref="Chains"/> independent fused multiply-add chains, so no
/// chain waits on its own latency and both FMA pipes stay busy. FLOPs per thread = iterations × <see cref="Chains"/>
/// × lanes × 2. With 512-bit vectors this is the ceiling the distance stage is measured against; the 256-bit,
/// 128-bit and scalar variants are the ceilings of the AVX2, 128-bit (NEON, SSE with FMA) and scalar kernels.
/// </summary>
[Config(typeof(BenchConfig))]
public class FmaPeakBenchmark
{
    /// <summary>Independent accumulators per thread (FMA latency × pipes is 8 on Zen 5; 24 leaves margin).</summary>
    public const int Chains = 24;

    /// <summary>Loop trips per thread per run: ≈ 0.17 s at 224 GFLOP/s with 512-bit vectors.</summary>
    public const long Iterations = 50_000_000;

    /// <summary>Threads running chains at once.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>Vector width in bits: 512, 256, 128, or 32 (scalar).</summary>
    [Params(512, 256, 128, 32)]
    public int Bits { get; set; }

    /// <summary>One thread and all threads (just one value on a single-core machine).</summary>
    public static IEnumerable<int> ThreadCounts => new[] { 1, Environment.ProcessorCount }.Distinct();

    /// <summary>All threads run the chains; the checksum is returned so the work cannot be dropped.</summary>
    [Benchmark]
    public float Run() => Measure(Threads, Iterations, Bits).Checksum;

    /// <summary>FLOPs of <paramref name="iterations"/> trips on <paramref name="threads"/> threads at <paramref name="bits"/>.</summary>
    public static double Flops(int threads, long iterations, int bits) => threads * (double)iterations * Chains * (bits / 32) * 2;

    /// <summary>
    /// Runs the chains on <paramref name="threads"/> dedicated threads released together by a barrier; the
    /// time is from the earliest start to the latest finish.
    /// </summary>
    public static (double Seconds, float Checksum) Measure(int threads, long iterations, int bits)
    {
        Func<long, float, float> chains = bits switch
        {
            512 => RunChains,
            256 => RunChains256,
            128 => RunChains128,
            32 => RunChainsScalar,
            _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "expected 512, 256, 128 or 32"),
        };
        var starts = new long[threads];
        var stops = new long[threads];
        var sums = new float[threads];
        using var barrier = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            workers[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                starts[id] = Stopwatch.GetTimestamp();
                sums[id] = chains(iterations, 0.5f + id);
                stops[id] = Stopwatch.GetTimestamp();
            }) { IsBackground = true };
            workers[t].Start();
        }
        foreach (var w in workers) w.Join();
        double seconds = (stops.Max() - starts.Min()) / (double)Stopwatch.Frequency;
        return (seconds, sums.Sum());
    }

    /// <summary>
    /// 24 chains a ← a·m + c, <paramref name="iterations"/> times. With m just below 1 every chain converges to
    /// c/(1 − m) ≈ 1, so values stay normal (no denormal slow-down) and finite. Returns the sum of all lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float RunChains(long iterations, float seed)
    {
        var m = Vector512.Create(0.9999999f);
        var c = Vector512.Create(1e-7f);
        var a00 = Vector512.Create(seed) + Vector512<float>.Indices * 1e-3f;
        Vector512<float> a01 = a00 + c, a02 = a01 + c, a03 = a02 + c, a04 = a03 + c, a05 = a04 + c, a06 = a05 + c,
            a07 = a06 + c, a08 = a07 + c, a09 = a08 + c, a10 = a09 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c,
            a14 = a13 + c, a15 = a14 + c, a16 = a15 + c, a17 = a16 + c, a18 = a17 + c, a19 = a18 + c, a20 = a19 + c,
            a21 = a20 + c, a22 = a21 + c, a23 = a22 + c;
        for (long i = 0; i < iterations; i++)
        {
            a00 = Vector512.FusedMultiplyAdd(a00, m, c);
            a01 = Vector512.FusedMultiplyAdd(a01, m, c);
            a02 = Vector512.FusedMultiplyAdd(a02, m, c);
            a03 = Vector512.FusedMultiplyAdd(a03, m, c);
            a04 = Vector512.FusedMultiplyAdd(a04, m, c);
            a05 = Vector512.FusedMultiplyAdd(a05, m, c);
            a06 = Vector512.FusedMultiplyAdd(a06, m, c);
            a07 = Vector512.FusedMultiplyAdd(a07, m, c);
            a08 = Vector512.FusedMultiplyAdd(a08, m, c);
            a09 = Vector512.FusedMultiplyAdd(a09, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c);
            a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c);
            a15 = Vector512.FusedMultiplyAdd(a15, m, c);
            a16 = Vector512.FusedMultiplyAdd(a16, m, c);
            a17 = Vector512.FusedMultiplyAdd(a17, m, c);
            a18 = Vector512.FusedMultiplyAdd(a18, m, c);
            a19 = Vector512.FusedMultiplyAdd(a19, m, c);
            a20 = Vector512.FusedMultiplyAdd(a20, m, c);
            a21 = Vector512.FusedMultiplyAdd(a21, m, c);
            a22 = Vector512.FusedMultiplyAdd(a22, m, c);
            a23 = Vector512.FusedMultiplyAdd(a23, m, c);
        }
        var s = ((a00 + a01) + (a02 + a03)) + ((a04 + a05) + (a06 + a07)) + ((a08 + a09) + (a10 + a11))
            + ((a12 + a13) + (a14 + a15)) + ((a16 + a17) + (a18 + a19)) + ((a20 + a21) + (a22 + a23));
        return Vector512.Sum(s);
    }

    /// <summary>The same 24 chains on 256-bit vectors: the ceiling of the AVX2 kernel.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float RunChains256(long iterations, float seed)
    {
        var m = Vector256.Create(0.9999999f);
        var c = Vector256.Create(1e-7f);
        var a00 = Vector256.Create(seed) + Vector256<float>.Indices * 1e-3f;
        Vector256<float>
            a01 = a00 + c, a02 = a01 + c, a03 = a02 + c, a04 = a03 + c, a05 = a04 + c, a06 = a05 + c, a07 = a06 + c,
            a08 = a07 + c, a09 = a08 + c, a10 = a09 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c,
            a15 = a14 + c, a16 = a15 + c, a17 = a16 + c, a18 = a17 + c, a19 = a18 + c, a20 = a19 + c, a21 = a20 + c,
            a22 = a21 + c, a23 = a22 + c;
        for (long i = 0; i < iterations; i++)
        {
            a00 = Vector256.FusedMultiplyAdd(a00, m, c);
            a01 = Vector256.FusedMultiplyAdd(a01, m, c);
            a02 = Vector256.FusedMultiplyAdd(a02, m, c);
            a03 = Vector256.FusedMultiplyAdd(a03, m, c);
            a04 = Vector256.FusedMultiplyAdd(a04, m, c);
            a05 = Vector256.FusedMultiplyAdd(a05, m, c);
            a06 = Vector256.FusedMultiplyAdd(a06, m, c);
            a07 = Vector256.FusedMultiplyAdd(a07, m, c);
            a08 = Vector256.FusedMultiplyAdd(a08, m, c);
            a09 = Vector256.FusedMultiplyAdd(a09, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            a12 = Vector256.FusedMultiplyAdd(a12, m, c);
            a13 = Vector256.FusedMultiplyAdd(a13, m, c);
            a14 = Vector256.FusedMultiplyAdd(a14, m, c);
            a15 = Vector256.FusedMultiplyAdd(a15, m, c);
            a16 = Vector256.FusedMultiplyAdd(a16, m, c);
            a17 = Vector256.FusedMultiplyAdd(a17, m, c);
            a18 = Vector256.FusedMultiplyAdd(a18, m, c);
            a19 = Vector256.FusedMultiplyAdd(a19, m, c);
            a20 = Vector256.FusedMultiplyAdd(a20, m, c);
            a21 = Vector256.FusedMultiplyAdd(a21, m, c);
            a22 = Vector256.FusedMultiplyAdd(a22, m, c);
            a23 = Vector256.FusedMultiplyAdd(a23, m, c);
        }
        var s = ((a00 + a01) + (a02 + a03)) + ((a04 + a05) + (a06 + a07)) + ((a08 + a09) + (a10 + a11))
            + ((a12 + a13) + (a14 + a15)) + ((a16 + a17) + (a18 + a19)) + ((a20 + a21) + (a22 + a23));
        return Vector256.Sum(s);
    }

    /// <summary>The same 24 chains on 128-bit vectors: the ceiling of the 128-bit kernel (NEON, SSE with FMA).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float RunChains128(long iterations, float seed)
    {
        var m = Vector128.Create(0.9999999f);
        var c = Vector128.Create(1e-7f);
        var a00 = Vector128.Create(seed) + Vector128<float>.Indices * 1e-3f;
        Vector128<float>
            a01 = a00 + c, a02 = a01 + c, a03 = a02 + c, a04 = a03 + c, a05 = a04 + c, a06 = a05 + c, a07 = a06 + c,
            a08 = a07 + c, a09 = a08 + c, a10 = a09 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c,
            a15 = a14 + c, a16 = a15 + c, a17 = a16 + c, a18 = a17 + c, a19 = a18 + c, a20 = a19 + c, a21 = a20 + c,
            a22 = a21 + c, a23 = a22 + c;
        for (long i = 0; i < iterations; i++)
        {
            a00 = Vector128.FusedMultiplyAdd(a00, m, c);
            a01 = Vector128.FusedMultiplyAdd(a01, m, c);
            a02 = Vector128.FusedMultiplyAdd(a02, m, c);
            a03 = Vector128.FusedMultiplyAdd(a03, m, c);
            a04 = Vector128.FusedMultiplyAdd(a04, m, c);
            a05 = Vector128.FusedMultiplyAdd(a05, m, c);
            a06 = Vector128.FusedMultiplyAdd(a06, m, c);
            a07 = Vector128.FusedMultiplyAdd(a07, m, c);
            a08 = Vector128.FusedMultiplyAdd(a08, m, c);
            a09 = Vector128.FusedMultiplyAdd(a09, m, c);
            a10 = Vector128.FusedMultiplyAdd(a10, m, c);
            a11 = Vector128.FusedMultiplyAdd(a11, m, c);
            a12 = Vector128.FusedMultiplyAdd(a12, m, c);
            a13 = Vector128.FusedMultiplyAdd(a13, m, c);
            a14 = Vector128.FusedMultiplyAdd(a14, m, c);
            a15 = Vector128.FusedMultiplyAdd(a15, m, c);
            a16 = Vector128.FusedMultiplyAdd(a16, m, c);
            a17 = Vector128.FusedMultiplyAdd(a17, m, c);
            a18 = Vector128.FusedMultiplyAdd(a18, m, c);
            a19 = Vector128.FusedMultiplyAdd(a19, m, c);
            a20 = Vector128.FusedMultiplyAdd(a20, m, c);
            a21 = Vector128.FusedMultiplyAdd(a21, m, c);
            a22 = Vector128.FusedMultiplyAdd(a22, m, c);
            a23 = Vector128.FusedMultiplyAdd(a23, m, c);
        }
        var s = ((a00 + a01) + (a02 + a03)) + ((a04 + a05) + (a06 + a07)) + ((a08 + a09) + (a10 + a11))
            + ((a12 + a13) + (a14 + a15)) + ((a16 + a17) + (a18 + a19)) + ((a20 + a21) + (a22 + a23));
        return Vector128.Sum(s);
    }

    /// <summary>The same 24 chains on single floats: the ceiling of the scalar kernel.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float RunChainsScalar(long iterations, float seed)
    {
        const float m = 0.9999999f;
        const float c = 1e-7f;
        float a00 = seed;
        float
            a01 = a00 + c, a02 = a01 + c, a03 = a02 + c, a04 = a03 + c, a05 = a04 + c, a06 = a05 + c, a07 = a06 + c,
            a08 = a07 + c, a09 = a08 + c, a10 = a09 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c,
            a15 = a14 + c, a16 = a15 + c, a17 = a16 + c, a18 = a17 + c, a19 = a18 + c, a20 = a19 + c, a21 = a20 + c,
            a22 = a21 + c, a23 = a22 + c;
        for (long i = 0; i < iterations; i++)
        {
            a00 = MathF.FusedMultiplyAdd(a00, m, c);
            a01 = MathF.FusedMultiplyAdd(a01, m, c);
            a02 = MathF.FusedMultiplyAdd(a02, m, c);
            a03 = MathF.FusedMultiplyAdd(a03, m, c);
            a04 = MathF.FusedMultiplyAdd(a04, m, c);
            a05 = MathF.FusedMultiplyAdd(a05, m, c);
            a06 = MathF.FusedMultiplyAdd(a06, m, c);
            a07 = MathF.FusedMultiplyAdd(a07, m, c);
            a08 = MathF.FusedMultiplyAdd(a08, m, c);
            a09 = MathF.FusedMultiplyAdd(a09, m, c);
            a10 = MathF.FusedMultiplyAdd(a10, m, c);
            a11 = MathF.FusedMultiplyAdd(a11, m, c);
            a12 = MathF.FusedMultiplyAdd(a12, m, c);
            a13 = MathF.FusedMultiplyAdd(a13, m, c);
            a14 = MathF.FusedMultiplyAdd(a14, m, c);
            a15 = MathF.FusedMultiplyAdd(a15, m, c);
            a16 = MathF.FusedMultiplyAdd(a16, m, c);
            a17 = MathF.FusedMultiplyAdd(a17, m, c);
            a18 = MathF.FusedMultiplyAdd(a18, m, c);
            a19 = MathF.FusedMultiplyAdd(a19, m, c);
            a20 = MathF.FusedMultiplyAdd(a20, m, c);
            a21 = MathF.FusedMultiplyAdd(a21, m, c);
            a22 = MathF.FusedMultiplyAdd(a22, m, c);
            a23 = MathF.FusedMultiplyAdd(a23, m, c);
        }
        return ((a00 + a01) + (a02 + a03)) + ((a04 + a05) + (a06 + a07)) + ((a08 + a09) + (a10 + a11))
            + ((a12 + a13) + (a14 + a15)) + ((a16 + a17) + (a18 + a19)) + ((a20 + a21) + (a22 + a23));
    }
}
