using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>
/// The GPU engine on the ILGPU CPU accelerator against the CPU engine, for every lattice × wrap × neighbourhood ×
/// metric × mode, from the same codebook. Sizes straddle the kernels' edges: 32-sample and 32-unit tiles, 256-sample
/// ranking blocks, 64-thread groups (samples and units from 1, 31, 33, 127; features 1 … 33, and 784 on a few
/// samples).
/// <para>Stated tolerances: BMUs (first and second) must be equal, except where the two engines' units are at
/// distances equal within 1e-5·(1 + ‖x‖² + ‖w‖²) (float rounding of the expanded distance). Batch weights after
/// each epoch must have the same bits (on this accelerator both engines form the same chains and the same double
/// sums in the same order). Online weights only within 1e-5 + 1e-5·|w|: the CPU engine fuses the multiply-add of
/// the online update and the ILGPU CPU accelerator does not, so the last bit differs and the differences grow
/// with the steps (about 1e-7 here).</para>
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuVsCpuEngineTests(IlgpuCpuFixture fixture)
{
    private const double DistanceTolerance = 1e-5;
    private const double WeightTolerance = 1e-5;

    /// <summary>All 80 combinations, each with its own sizes.</summary>
    public static TheoryData<Topology, bool, string, DistanceMetric, TrainingMode, int, int, int, int> Cases()
    {
        var data = new TheoryData<Topology, bool, string, DistanceMetric, TrainingMode, int, int, int, int>();
        int[] batchSamples = [1, 31, 33, 127];
        int[] onlineSamples = [1, 4, 7];
        int[] features = [3, 1, 17, 33, 5];
        int index = 0;
        foreach (var topology in new[] { Topology.Rectangular, Topology.Hexagonal })
        {
            foreach (bool toroidal in new[] { false, true })
            {
                (int W, int H)[] shapes = (topology, toroidal) switch
                {
                    (Topology.Rectangular, false) => [(1, 1), (31, 1), (11, 3), (127, 1)],
                    (Topology.Rectangular, true) => [(1, 1), (31, 1), (11, 3), (3, 11)],
                    (Topology.Hexagonal, false) => [(1, 1), (31, 1), (3, 11), (11, 3)],
                    _ => [(1, 2), (16, 2), (17, 2), (2, 16)], // a hexagonal torus needs an even height
                };
                int local = 0;
                foreach (string neighborhood in GpuCase.Neighborhoods)
                {
                    foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Cosine })
                    {
                        foreach (var mode in new[] { TrainingMode.Batch, TrainingMode.Online })
                        {
                            // Spread the shapes and sample counts over both modes and all neighbourhoods.
                            var (w, h) = shapes[(local / 2 + local % 2) % shapes.Length];
                            int n = mode == TrainingMode.Batch
                                ? batchSamples[(local / 2 + local / 8) % batchSamples.Length]
                                : onlineSamples[(local / 2) % onlineSamples.Length];
                            int d = features[index % features.Length];
                            if (index % 9 == 4) (n, d) = (3, 784); // few samples with MNIST-sized rows
                            // In one dimension every unit of a sample's sign is at cosine distance 0: all ties, decided by
                            // the last bit, so the engines legitimately part ways inside an online epoch.
                            if (metric == DistanceMetric.Cosine && d == 1) d = 2;
                            data.Add(topology, toroidal, neighborhood, metric, mode, w, h, n, d);
                            local++;
                            index++;
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gpu_engine_matches_the_cpu_engine(Topology topology, bool toroidal, string neighborhood, DistanceMetric metric,
        TrainingMode mode, int width, int height, int samples, int features) =>
        Check(new GpuCase(topology, toroidal, neighborhood, metric, mode, width, height, samples, features));

    /// <summary>The Manhattan and Chebyshev grid distances (rectangular maps; the Gaussian then takes the dense path).</summary>
    [Theory]
    [InlineData(GridMetric.Manhattan, false, TrainingMode.Batch, 33)]
    [InlineData(GridMetric.Manhattan, true, TrainingMode.Online, 5)]
    [InlineData(GridMetric.Chebyshev, true, TrainingMode.Batch, 31)]
    [InlineData(GridMetric.Chebyshev, false, TrainingMode.Online, 5)]
    public void Gpu_engine_matches_the_cpu_engine_with_other_grid_distances(GridMetric gridMetric, bool toroidal, TrainingMode mode, int samples) =>
        Check(new GpuCase(Topology.Rectangular, toroidal, "gaussian", DistanceMetric.Euclidean, mode, 7, 5, samples, 6, gridMetric));

    private void Check(GpuCase c)
    {
        var (width, height, samples, features, metric, mode) = (c.Width, c.Height, c.Samples, c.Features, c.Metric, c.Mode);
        var options = c.Options;
        ulong seed = (ulong)(width * 131 + height * 17 + samples * 7 + features);
        var data = GpuTestData.Samples(samples, features, metric, seed);
        var initial = GpuTestData.Codebook(c.Units, features, metric, seed);
        using var cpu = new CpuEngine(options, features);
        using var gpu = new GpuEngine(fixture.Device, options, features);
        cpu.SetWeights(initial);
        gpu.SetWeights(initial);
        AssertSameBmus(c, "initial codebook", cpu, gpu, data);

        var order = new int[samples];
        var orderRng = new SomRandom(options.Seed);
        long totalSteps = (long)options.Epochs * samples;
        for (int e = 0; e < options.Epochs; e++)
        {
            if (mode == TrainingMode.Batch)
            {
                double sigma = SomTrainer.BatchSigma(options, e);
                int keptCpu = cpu.TrainBatchEpoch(data, sigma).UnitsKept;
                int keptGpu = gpu.TrainBatchEpoch(data, sigma).UnitsKept;
                Assert.True(keptCpu == keptGpu, $"{c}, epoch {e}: GPU kept {keptGpu} units, CPU {keptCpu}");
            }
            else
            {
                orderRng.Permutation(order);
                cpu.TrainOnlineEpoch(data, order, (long)e * samples, totalSteps);
                gpu.TrainOnlineEpoch(data, order, (long)e * samples, totalSteps);
            }
            AssertMatchingWeights(c, $"epoch {e}", cpu, gpu);
            AssertSameBmus(c, $"after epoch {e}", cpu, gpu, data);
        }
    }

    private static void AssertMatchingWeights(GpuCase c, string when, ISomEngine cpu, ISomEngine gpu)
    {
        var wc = new float[c.Units * c.Features];
        var wg = new float[wc.Length];
        cpu.GetWeights(wc);
        gpu.GetWeights(wg);
        if (c.Mode == TrainingMode.Batch)
        {
            for (int i = 0; i < wc.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(wg[i]) == BitConverter.SingleToInt32Bits(wc[i]),
                    $"{c}, {when}: unit {i / c.Features}, feature {i % c.Features}: GPU {wg[i]:R}, CPU {wc[i]:R} (batch weights must match in bits)");
            }
            return;
        }
        for (int i = 0; i < wc.Length; i++)
        {
            double limit = WeightTolerance + WeightTolerance * Math.Abs(wc[i]);
            Assert.True(Math.Abs(wg[i] - wc[i]) <= limit,
                $"{c}, {when}: unit {i / c.Features}, feature {i % c.Features}: GPU {wg[i]:R}, CPU {wc[i]:R}");
        }
    }

    private static void AssertSameBmus(GpuCase c, string when, ISomEngine cpu, ISomEngine gpu, SampleMatrix data)
    {
        int n = data.Count;
        int[] cpuFirst = new int[n], cpuSecond = new int[n], gpuFirst = new int[n], gpuSecond = new int[n];
        cpu.FindBmus(data, cpuFirst, cpuSecond);
        gpu.FindBmus(data, gpuFirst, gpuSecond);
        var weights = new float[c.Units * c.Features];
        cpu.GetWeights(weights);
        for (int i = 0; i < n; i++)
        {
            AssertSameOrTied(c, when, "first", data, weights, i, cpuFirst[i], gpuFirst[i]);
            AssertSameOrTied(c, when, "second", data, weights, i, cpuSecond[i], gpuSecond[i]);
        }
    }

    private static void AssertSameOrTied(GpuCase c, string when, string which, SampleMatrix data, float[] weights, int i, int cpuUnit, int gpuUnit)
    {
        if (cpuUnit == gpuUnit) return;
        Assert.True(cpuUnit >= 0 && gpuUnit >= 0, $"{c}, {when}: sample {i} {which} BMU: GPU {gpuUnit}, CPU {cpuUnit}");
        var metric = c.Metric;
        double dc = GpuTestData.Distance(data, i, weights, cpuUnit, metric);
        double dg = GpuTestData.Distance(data, i, weights, gpuUnit, metric);
        double scale = 1 + GpuTestData.Distance(data, i, new float[weights.Length], 0, DistanceMetric.Euclidean)
            + Math.Max(SquaredNorm(weights, cpuUnit, c.Features), SquaredNorm(weights, gpuUnit, c.Features));
        Assert.True(Math.Abs(dc - dg) <= DistanceTolerance * scale,
            $"{c}, {when}: sample {i} {which} BMU: GPU unit {gpuUnit} (d = {dg:R}), CPU unit {cpuUnit} (d = {dc:R}), not a tie");
    }

    private static double SquaredNorm(float[] weights, int unit, int features)
    {
        double s = 0;
        for (int f = 0; f < features; f++) s += (double)weights[unit * features + f] * weights[unit * features + f];
        return s;
    }
}
