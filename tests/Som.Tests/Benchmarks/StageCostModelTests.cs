using Som.Benchmarks;

namespace Som.Tests.Benchmarks;

/// <summary>
/// The per-stage benchmarks' FLOP/byte model against counts taken by hand (tiny case, literal numbers worked out in
/// the comments) and against naive loops that count the operations of the arithmetic as written (odd, non-square
/// case); and the quick job's case list against the stages and backends it must cover.
/// </summary>
public class StageCostModelTests
{
    // N = 3 samples, a 2 × 1 map (M = 2), D = 5.
    private static readonly StageShape Tiny = new(3, 2, 1, 5);

    [Theory]
    // 6 pairs × 5 features × (multiply + add) = 60; bytes 3·5·4 samples + 2·5·4 codebook + 3·4 BMUs = 112.
    [InlineData(Stage.DistanceBmu, 60, 112)]
    // 3 samples × (5 feature adds + 1 count add) = 18; bytes 60 samples + 12 BMUs + 2·5·8 sums + 2·8 counts = 168.
    [InlineData(Stage.Accumulate, 18, 168)]
    // pass 1: 1 row × 2 × 2 pairs × 6 FMAs = 24 FMAs; pass 2: 1 × 1 rows × (2·5 + 2) = 12 FMAs; 36 FMAs = 72,
    // + 10 divisions = 82; bytes 80 sums + 16 counts + 40 weights = 136.
    [InlineData(Stage.SmoothSeparable, 82, 136)]
    // 2 × 2 unit pairs × 6 FMAs = 24 FMAs = 48, + 10 divisions = 58; bytes as separable.
    [InlineData(Stage.SmoothDense, 58, 136)]
    // 60 + 18 + 82; 112 + 168 + 136.
    [InlineData(Stage.BatchEpoch, 160, 416)]
    // 3 steps × (2·2·5 search + 3·2·5 update + 2·2·5 norms = 70) = 210; per step 20 sample + 40 search + 80 update = 140, × 3.
    [InlineData(Stage.OnlineStep, 210, 420)]
    // k = 2: 60 + 18 + self-only smoothing 2 units × 6 FMAs = 24 + 10 divisions; bytes 112 + 168 + 136.
    [InlineData(Stage.KMeansStep, 112, 416)]
    // 9 pairs × (2·5 dot + 5) = 135; bytes 3·5·4 points + 3·8 silhouettes = 84.
    [InlineData(Stage.SilhouetteBlock, 135, 84)]
    // distance + BMU's 60 FLOPs; its 112 bytes + the upload of 3·5·4 sample bytes and 3·4 norm-term bytes = 184.
    [InlineData(Stage.DistanceBmuTransfer, 60, 184)]
    // the batch epoch's 160 FLOPs; 416 + 72 = 488 bytes.
    [InlineData(Stage.BatchEpochTransfer, 160, 488)]
    public void Model_matches_the_hand_count_on_a_tiny_case(Stage stage, double flops, double bytes)
    {
        var cost = StageCostModel.Cost(stage, Tiny);
        Assert.Equal(flops, cost.Flops);
        Assert.Equal(bytes, cost.Bytes);
    }

    [Theory]
    [InlineData(11, 3, 5, 7)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(31, 1, 33, 3)]
    [InlineData(127, 13, 79, 33)]
    public void Model_matches_naive_operation_counts_on_odd_non_square_maps(int n, int w, int h, int d)
    {
        var shape = new StageShape(n, w, h, d);
        int m = w * h;
        Assert.Equal(CountDistance(n, m, d), StageCostModel.Cost(Stage.DistanceBmu, shape).Flops);
        Assert.Equal(CountAccumulate(n, d), StageCostModel.Cost(Stage.Accumulate, shape).Flops);
        Assert.Equal(CountSeparable(w, h, d), StageCostModel.Cost(Stage.SmoothSeparable, shape).Flops);
        Assert.Equal(CountDense(m, d), StageCostModel.Cost(Stage.SmoothDense, shape).Flops);
        Assert.Equal(CountDistance(n, m, d) + CountAccumulate(n, d) + CountSeparable(w, h, d),
            StageCostModel.Cost(Stage.BatchEpoch, shape).Flops);
        Assert.Equal(CountOnline(n, m, d), StageCostModel.Cost(Stage.OnlineStep, shape).Flops);
        Assert.Equal(CountSilhouette(n, d), StageCostModel.Cost(Stage.SilhouetteBlock, shape).Flops);
    }

    [Fact]
    public void Double_stages_on_vector_kernels_are_measured_against_half_the_fp32_peak()
    {
        Assert.Equal(50, StageCostModel.Peak(Stage.SmoothDense, 100, 512));
        Assert.Equal(50, StageCostModel.Peak(Stage.Accumulate, 100, 256));
        Assert.Equal(100, StageCostModel.Peak(Stage.SmoothSeparable, 100, 32));
        Assert.Equal(100, StageCostModel.Peak(Stage.DistanceBmu, 100, 512));
    }

    [Fact]
    public void Quick_job_covers_every_stage_on_every_backend()
    {
        string[] stages = ["DistanceBmu", "Accumulate", "SmoothSeparable", "SmoothDense", "BatchEpoch", "OnlineStep", "KMeansStep", "SilhouetteBlock", "DistanceBmuTransfer", "BatchEpochTransfer"];
        string[] backends = ["CpuVector512", "CpuVector256", "CpuScalar", "IlgpuCpu", "Cuda", "OpenCL"];
        var quick = StageCatalog.Quick;
        Assert.Equal(stages.Length * backends.Length, quick.Count);
        foreach (string b in backends)
        {
            foreach (string s in stages)
            {
                var matches = quick.Where(c => c.Stage == Enum.Parse<Stage>(s) && c.Backend == Enum.Parse<StageBackend>(b)).ToList();
                Assert.True(matches.Count == 1, $"{s} on {b}: {matches.Count} cases, expected 1");
            }
        }
    }

    [Fact]
    public void Quick_job_sizes_are_odd_on_the_cpu_and_tiny_on_ilgpus_cpu_accelerator()
    {
        foreach (var c in StageCatalog.Quick)
        {
            Assert.Equal(33, c.Shape.Features);
            Assert.True(c.Shape.Samples % 2 == 1, $"{c}: N = {c.Shape.Samples} is even");
            if (c.Backend == StageBackend.IlgpuCpu)
                Assert.True(c.Shape.Units <= 35 && c.Shape.Samples <= 257, $"{c}: {c.Shape} is not tiny");
            else if (c.Stage is not (Stage.KMeansStep or Stage.SilhouetteBlock))
                Assert.Equal((13, 79, 1027), (c.Shape.Width, c.Shape.Height, c.Shape.Units));
        }
    }

    [Fact]
    public void Cases_and_backends_are_found_by_name_and_a_wrong_name_says_what_is_expected()
    {
        var c = StageCatalog.Named("SmoothDense@CpuVector256");
        Assert.Equal((Stage.SmoothDense, StageBackend.CpuVector256), (c.Stage, c.Backend));
        Assert.Equal(StageBackend.IlgpuCpu, StageCatalog.Backend("ilgpucpu"));
        var e = Assert.Throws<ArgumentException>(() => StageCatalog.Named("Smooth@Cpu"));
        Assert.Contains("'Smooth@Cpu'", e.Message, StringComparison.Ordinal);
        var b = Assert.Throws<ArgumentException>(() => StageCatalog.Backend("avx"));
        Assert.Contains("'avx'", b.Message, StringComparison.Ordinal);
        Assert.Contains("CpuVector512", b.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StageCatalog.Backend("99"));
    }

    private static double CountDistance(int n, int m, int d)
    {
        double flops = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int f = 0; f < d; f++) flops += 2;   // acc += x·w
        return flops;
    }

    private static double CountAccumulate(int n, int d)
    {
        double flops = 0;
        for (int i = 0; i < n; i++)
        {
            flops += 1;                                    // C_b += 1
            for (int f = 0; f < d; f++) flops += 1;        // S_b[f] += x[f]
        }
        return flops;
    }

    private static double CountSeparable(int w, int h, int d)
    {
        double flops = 0;
        for (int y = 0; y < h; y++)
            for (int xo = 0; xo < w; xo++)
                for (int xi = 0; xi < w; xi++) flops += 2 * (d + 1);   // tmp += g·S, c += g·C
        for (int yo = 0; yo < h; yo++)
            for (int yi = 0; yi < h; yi++) flops += 2 * (w * d + w);   // one row of W units, features and counts
        return flops + (double)w * h * d;                              // w = num / den
    }

    private static double CountDense(int m, int d)
    {
        double flops = 0;
        for (int j = 0; j < m; j++)
            for (int k = 0; k < m; k++) flops += 2 * (d + 1);
        return flops + (double)m * d;
    }

    private static double CountOnline(int steps, int m, int d)
    {
        double flops = 0;
        for (int s = 0; s < steps; s++)
        {
            flops += CountDistance(1, m, d);
            for (int j = 0; j < m; j++)
                for (int f = 0; f < d; f++) flops += 1 + 2 + 2;   // x − w, fma(c, x − w, w), ‖w‖² += w·w
        }
        return flops;
    }

    private static double CountSilhouette(int n, int d)
    {
        double flops = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) flops += 2 * d + 5;   // dot, ‖x_i‖² + ‖x_j‖² − 2·dot (3), √, += into the cluster sum
        return flops;
    }
}
