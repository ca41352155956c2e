using ILGPU;
using ILGPU.Runtime;
using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>
/// Every distance + BMU kernel (<see cref="GpuBmuKernel"/>) on the ILGPU CPU accelerator, at sizes that straddle the
/// tile edges (samples and units 1, 127, 129, 255 against tiles of 32, 64 and 128; features 1, 3, 33 on the scalar
/// loads and 4, 12, 36 on the float4 loads, 12 and 36 ending in a half-empty 8-feature stage).
/// <para>What is checked: (1) the new kernels give exactly the first kernel's BMUs, second BMUs and best distances
/// (same multiply-add chains, same distance function, same keys: any difference is an indexing bug); (2) the BMUs
/// agree with the CPU engine's, except where the two units are tied within 1e-5·(1 + ‖x‖² + ‖w‖²) (the CPU engine
/// fuses its multiply-adds); (3) the best distance is the contract's d(x, w_b) within float rounding; (4) a search
/// without the second BMU gives the same first BMUs.</para>
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class TiledBmuKernelTests(IlgpuCpuFixture shared, WideGroupFixture wide) : IClassFixture<WideGroupFixture>
{
    private static readonly GpuBmuKernel[] Tiled = [GpuBmuKernel.Tile64x64, GpuBmuKernel.Tile128x64, GpuBmuKernel.Tile128x128];

    public static TheoryData<int, int, int, DistanceMetric> Sizes() => new()
    {
        { 1, 1, 1, DistanceMetric.Euclidean },
        { 127, 129, 3, DistanceMetric.Euclidean },
        { 129, 127, 33, DistanceMetric.Euclidean },
        { 255, 33, 4, DistanceMetric.Euclidean },
        { 33, 255, 36, DistanceMetric.Euclidean },
        { 129, 65, 12, DistanceMetric.Cosine },
        { 1, 129, 5, DistanceMetric.Cosine },
        { 255, 1, 8, DistanceMetric.Euclidean },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_kernel_gives_the_first_kernels_bmus_and_agrees_with_the_cpu_engine(int n, int m, int d, DistanceMetric metric)
    {
        var options = new SomOptions { Width = m, Height = 1, Metric = metric };
        ulong seed = (ulong)(n * 1009 + m * 31 + d);
        var data = GpuTestData.Samples(n, d, metric, seed);
        var weights = GpuTestData.Codebook(m, d, metric, seed);

        var (first0, second0, distance0) = Search(shared.Device, GpuBmuKernel.Tile32x32, options, data, weights, second: true);
        using (var cpu = new CpuEngine(options, d))
        {
            cpu.SetWeights(weights);
            int[] cf = new int[n], cs = new int[n];
            cpu.FindBmus(data, cf, cs);
            for (int i = 0; i < n; i++)
            {
                AssertTied(data, weights, metric, i, cf[i], first0[i], "first");
                AssertTied(data, weights, metric, i, cs[i], second0[i], "second");
                double exact = GpuTestData.Distance(data, i, weights, first0[i], metric);
                double scale = metric == DistanceMetric.Euclidean ? 1 + Norm2(data.Row(i)) + Norm2(weights.AsSpan(first0[i] * d, d)) : 1;
                Assert.True(Math.Abs(distance0[i] - exact) <= 1e-5 * scale,
                    $"n={n} m={m} d={d}: sample {i}: best distance {distance0[i]:R}, contract {exact:R}");
            }
        }

        foreach (var kernel in Tiled)
        {
            var (first, second, distance) = Search(wide.Device, kernel, options, data, weights, second: true);
            var (firstOnly, _, distanceOnly) = Search(wide.Device, kernel, options, data, weights, second: false);
            for (int i = 0; i < n; i++)
            {
                string at = $"{kernel}, n={n} m={m} d={d} {metric}: sample {i}";
                Assert.True(first[i] == first0[i], $"{at}: first {first[i]}, first kernel {first0[i]}");
                Assert.True(second[i] == second0[i], $"{at}: second {second[i]}, first kernel {second0[i]}");
                Assert.True(firstOnly[i] == first0[i], $"{at} (no second): first {firstOnly[i]}, first kernel {first0[i]}");
                Assert.True(BitConverter.SingleToInt32Bits(distance[i]) == BitConverter.SingleToInt32Bits(distance0[i]),
                    $"{at}: distance {distance[i]:R}, first kernel {distance0[i]:R}");
                Assert.True(BitConverter.SingleToInt32Bits(distanceOnly[i]) == BitConverter.SingleToInt32Bits(distance0[i]),
                    $"{at} (no second): distance {distanceOnly[i]:R}, first kernel {distance0[i]:R}");
            }
        }
    }

    [Fact]
    public void Equal_distances_go_to_the_lowest_unit_across_tile_edges()
    {
        // Units 5, 63, 64, 127, 128 and 200 are the same vector, which every sample equals: first 5, second 63,
        // whichever tiles and lanes hold them.
        const int m = 201, d = 4;
        var options = new SomOptions { Width = m, Height = 1 };
        var weights = new float[m * d];
        for (int j = 0; j < m; j++)
            for (int f = 0; f < d; f++) weights[j * d + f] = 10 + j + f;
        foreach (int j in new[] { 5, 63, 64, 127, 128, 200 })
            for (int f = 0; f < d; f++) weights[j * d + f] = 0.25f * (f + 1);
        var values = new float[130 * d];
        for (int i = 0; i < values.Length; i++) values[i] = 0.25f * (i % d + 1);
        var data = new SampleMatrix(values, 130, d);
        foreach (var kernel in Tiled)
        {
            var (first, second, distance) = Search(wide.Device, kernel, options, data, weights, second: true);
            Assert.All(first, b => Assert.Equal(5, b));
            Assert.All(second, b => Assert.Equal(63, b));
            Assert.All(distance, v => Assert.Equal(0f, v));
        }
    }

    [Theory]
    [InlineData(GpuBmuKernel.Tile64x64, 12)]
    [InlineData(GpuBmuKernel.Tile128x64, 3)]
    [InlineData(GpuBmuKernel.Tile128x128, 36)]
    public void A_batch_epoch_with_each_kernel_gives_the_cpu_engines_weights(GpuBmuKernel kernel, int d)
    {
        var options = new SomOptions { Width = 13, Height = 11, Epochs = 2 };
        var data = GpuTestData.Samples(129, d, DistanceMetric.Euclidean, 17);
        var initial = GpuTestData.Codebook(options.Units, d, DistanceMetric.Euclidean, 17);
        using var cpu = new CpuEngine(options, d);
        using var gpu = new GpuEngine(wide.Device, options, d) { BmuKernel = kernel };
        Assert.Equal(kernel, gpu.ResolvedBmuKernel);
        cpu.SetWeights(initial);
        gpu.SetWeights(initial);
        for (int e = 0; e < options.Epochs; e++)
        {
            double sigma = SomTrainer.BatchSigma(options, e);
            Assert.Equal(cpu.TrainBatchEpoch(data, sigma).UnitsKept, gpu.TrainBatchEpoch(data, sigma).UnitsKept);
        }
        float[] wc = new float[options.Units * d], wg = new float[wc.Length];
        cpu.GetWeights(wc);
        gpu.GetWeights(wg);
        for (int i = 0; i < wc.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(wc[i]) == BitConverter.SingleToInt32Bits(wg[i]), $"{kernel}: weight {i}: GPU {wg[i]:R}, CPU {wc[i]:R}");
    }

    [Fact]
    public void A_batch_epoch_synchronises_once_and_ranks_no_second_bmu()
    {
        const int n = 70, d = 8;
        var options = new SomOptions { Width = 6, Height = 5 };
        var data = GpuTestData.Samples(n, d, DistanceMetric.Euclidean, 5);
        using var gpu = new GpuEngine(wide.Device, options, d) { BmuKernel = GpuBmuKernel.Tile64x64 };
        gpu.SetWeights(GpuTestData.Codebook(options.Units, d, DistanceMetric.Euclidean, 5));
        int[] first = new int[n], second = new int[n];
        gpu.FindBmus(data, first, second);
        var sentinel = Enumerable.Repeat(-7, n).ToArray();
        var secondView = gpu.BatchBuffers!.Second.View.SubView(0, n);
        secondView.CopyFromCPU(sentinel);

        int before = gpu.Synchronizations;
        gpu.TrainBatchEpoch(data, 1.5);
        Assert.Equal(1, gpu.Synchronizations - before);
        Assert.Equal(sentinel, secondView.GetAsArray1D());

        // The search that asks for it does write the second BMU (so the sentinel above could have been overwritten).
        gpu.FindBmus(data, first, second);
        Assert.DoesNotContain(-7, secondView.GetAsArray1D());
        Assert.Null(gpu.LastEpochStages);
    }

    [Fact]
    public void A_profiled_epoch_records_every_stage_and_trains_the_same_weights()
    {
        const int n = 70, d = 8;
        var options = new SomOptions { Width = 6, Height = 5 };
        var data = GpuTestData.Samples(n, d, DistanceMetric.Euclidean, 6);
        var initial = GpuTestData.Codebook(options.Units, d, DistanceMetric.Euclidean, 6);
        float[] plain = new float[initial.Length], profiled = new float[initial.Length];
        foreach (bool profile in new[] { false, true })
        {
            using var gpu = new GpuEngine(wide.Device, options, d) { BmuKernel = GpuBmuKernel.Tile128x64, ProfileStages = profile };
            gpu.SetWeights(initial);
            int before = gpu.Synchronizations;
            gpu.TrainBatchEpoch(data, 2.0);
            gpu.GetWeights(profile ? profiled : plain);
            if (!profile) continue;
            // One synchronisation after the BMUs and one after the sums per chunk (one chunk here), the smoothing, the end.
            Assert.Equal(4, gpu.Synchronizations - before - 1);
            var stages = gpu.LastEpochStages!;
            Assert.True(stages.Distance > 0 && stages.Sums > 0 && stages.Smoothing > 0 && stages.Division > 0);
        }
        Assert.Equal(plain, profiled);
    }

    [Fact]
    public void The_fma_peak_kernel_reports_a_finite_positive_rate_and_auto_is_the_first_kernel_here()
    {
        using var gpu = new GpuEngine(wide.Device, new SomOptions { Width = 2, Height = 1 }, 1);
        double gflops = gpu.MeasurePeakGflops(iterations: 8, repeat: 1);
        Assert.True(double.IsFinite(gflops) && gflops > 0, $"{gflops}");
        Assert.Equal(GpuBmuKernel.Auto, gpu.BmuKernel);
        Assert.Equal(GpuBmuKernel.Tile32x32, gpu.ResolvedBmuKernel);
        Assert.Throws<ArgumentOutOfRangeException>(() => gpu.BmuKernel = (GpuBmuKernel)17);
    }

    private static (int[] First, int[] Second, float[] Distance) Search(GpuAccelerator device, GpuBmuKernel kernel,
        SomOptions options, SampleMatrix data, float[] weights, bool second)
    {
        using var engine = new GpuEngine(device, options, data.Features) { BmuKernel = kernel };
        engine.SetWeights(weights);
        int[] first = new int[data.Count], next = new int[second ? data.Count : 0];
        engine.FindBmus(data, first, next);
        var distance = new float[data.Count];
        engine.BatchBuffers!.Distances.View.SubView(0, data.Count).CopyToCPU(distance);
        return (first, next, distance);
    }

    private static void AssertTied(SampleMatrix data, float[] weights, DistanceMetric metric, int i, int cpuUnit, int gpuUnit, string which)
    {
        if (cpuUnit == gpuUnit) return;
        Assert.True(cpuUnit >= 0 && gpuUnit >= 0, $"sample {i} {which}: GPU {gpuUnit}, CPU {cpuUnit}");
        int d = data.Features;
        double dc = GpuTestData.Distance(data, i, weights, cpuUnit, metric);
        double dg = GpuTestData.Distance(data, i, weights, gpuUnit, metric);
        double scale = 1 + Norm2(data.Row(i)) + Math.Max(Norm2(weights.AsSpan(cpuUnit * d, d)), Norm2(weights.AsSpan(gpuUnit * d, d)));
        Assert.True(Math.Abs(dc - dg) <= 1e-5 * scale, $"sample {i} {which}: GPU unit {gpuUnit} (d = {dg:R}), CPU unit {cpuUnit} (d = {dc:R}), not a tie");
    }

    private static double Norm2(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float a in v) s += (double)a * a;
        return s;
    }
}
