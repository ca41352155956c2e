using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The per-epoch QE of docs/contract.md §10: a batch epoch reports the mean distance of every sample to its BMU on the
/// codebook entering the epoch, from the search's expanded float distances. Checked against the QE measured in double
/// (naive BMUs and ‖x − w‖ in double) on that codebook, within the stated bound per sample
/// |√d_i − ‖x_i − w_b(i)‖| ≤ min(√ε_i, ε_i / ‖x_i − w_b(i)‖), ε_i = 1e−5·(1 + ‖x_i‖² + ‖w_b(i)‖²); and for the same bits
/// on every instruction set and thread count.
/// </summary>
public class EpochQuantizationErrorTests
{
    public static TheoryData<int, int, int, int, Topology> Shapes() => new()
    {
        // width, height, samples, features, topology
        { 1, 1, 1, 1, Topology.Rectangular },
        { 7, 5, 31, 33, Topology.Rectangular },
        { 11, 3, 33, 17, Topology.Hexagonal },
        { 3, 11, 127, 784, Topology.Rectangular },
        { 33, 1, 193, 5, Topology.Rectangular },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_epoch_reports_the_qe_of_the_codebook_entering_it(int width, int height, int samples, int features, Topology topology)
    {
        var options = new SomOptions { Width = width, Height = height, Topology = topology, Epochs = 4, Init = InitMethod.Random, Seed = 3 };
        var data = TestData.Clusters(samples, features, (ulong)(samples * 31 + features));
        using var engine = new CpuEngine(options, features);
        SomTrainer.Initialize(engine, data);
        var w = new float[options.Units * features];
        for (int e = 0; e < options.Epochs; e++)
        {
            engine.GetWeights(w);
            var (exact, bound) = NaiveQe(data, w);
            var result = engine.TrainBatchEpoch(data, SomTrainer.BatchSigma(options, e));
            double reported = result.QuantizationError!.Value;
            Assert.True(Math.Abs(reported - exact) <= bound,
                $"{width}x{height}, N = {samples}, D = {features}, epoch {e}: reported {reported:R}, QE in double {exact:R}, bound {bound:E2}");
            engine.GetWeights(w);
            double previousAfter = NaiveQe(data, w).Qe;
            // The figure is of the codebook entering the epoch, not the one it leaves (they differ beyond the bound).
            if (options.Units > 1 && Math.Abs(previousAfter - exact) > 4 * bound)
                Assert.True(Math.Abs(reported - previousAfter) > bound, $"epoch {e}: the reported QE is that of the updated codebook");
        }
    }

    [Fact]
    public void A_sample_on_its_prototype_counts_as_a_tiny_distance_within_the_bound()
    {
        // One unit holding sample 0 exactly: its expanded distance cancels to (nearly) 0, where √ is steepest.
        var data = TestData.Clusters(3, 784, 9);
        var options = new SomOptions { Width = 1, Height = 1, Epochs = 1 };
        using var engine = new CpuEngine(options, 784);
        var w = data.Row(0).ToArray();
        engine.SetWeights(w);
        var (exact, bound) = NaiveQe(data, w);
        double reported = engine.TrainBatchEpoch(data, 1.0).QuantizationError!.Value;
        Assert.True(Math.Abs(reported - exact) <= bound, $"reported {reported:R}, QE in double {exact:R}, bound {bound:E2}");
    }

    [Fact]
    public void Same_bits_on_every_isa_and_thread_count()
    {
        var data = TestData.Clusters(397, 784, 21);
        var options = new SomOptions { Width = 6, Height = 5, Epochs = 5, Topology = Topology.Hexagonal };
        List<double>? reference = null;
        foreach (var isa in SupportedIsas.All())
        {
            foreach (int threads in new[] { 1, 3 })
            {
                using var engine = new CpuEngine(options with { Threads = threads }, data.Features, isa);
                SomTrainer.Initialize(engine, data);
                var qe = new List<double>();
                SomTrainer.Train(engine, data, e => qe.Add(e.QuantizationError!.Value));
                Assert.Equal(options.Epochs, qe.Count);
                reference ??= qe;
                for (int e = 0; e < qe.Count; e++)
                    Assert.True(BitConverter.DoubleToInt64Bits(reference[e]) == BitConverter.DoubleToInt64Bits(qe[e]),
                        $"{isa}, {threads} threads, epoch {e}: {qe[e]:R}, scalar 1 thread {reference[e]:R}");
            }
        }
        // Training moves the map, so equal bits compare real values, not one constant.
        Assert.True(reference!.Distinct().Count() == options.Epochs, string.Join(", ", reference!));
    }

    [Fact]
    public void Online_epochs_and_the_cosine_metric_record_no_qe()
    {
        var data = TestData.Clusters(40, 6, 2);
        foreach (var options in new[]
        {
            new SomOptions { Width = 4, Height = 3, Epochs = 2, Mode = TrainingMode.Online },
            new SomOptions { Width = 4, Height = 3, Epochs = 2, Metric = DistanceMetric.Cosine },
        })
        {
            using var engine = new CpuEngine(options, 6);
            SomTrainer.Initialize(engine, data);
            var reports = new List<EpochReport>();
            SomTrainer.Train(engine, data, reports.Add);
            Assert.Equal(2, reports.Count);
            Assert.All(reports, r => Assert.Null(r.QuantizationError));
            Assert.All(reports, r => Assert.True(r.Sigma > 0));
        }
    }

    [Fact]
    public void Epoch_qe_of_given_distances_is_the_mean_root()
    {
        Assert.Equal((2.0 + 3.0 + 0.0 + 0.5) / 4, SomMetrics.EpochQuantizationError([4f, 9f, 0f, 0.25f]));
        Assert.Throws<ArgumentException>(() => SomMetrics.EpochQuantizationError([]));
    }

    /// <summary>QE with naive BMUs (direct ‖x − w‖² in double, lowest index on ties) and the bound of the class summary.</summary>
    internal static (double Qe, double Bound) NaiveQe(SampleMatrix data, float[] w)
    {
        int d = data.Features, m = w.Length / d;
        double total = 0, bound = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            double best = double.PositiveInfinity;
            int b = 0;
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int f = 0; f < d; f++) s += ((double)x[f] - w[j * d + f]) * ((double)x[f] - w[j * d + f]);
                if (s < best) (best, b) = (s, j);
            }
            double xx = 0, ww = 0;
            for (int f = 0; f < d; f++) { xx += (double)x[f] * x[f]; ww += (double)w[b * d + f] * w[b * d + f]; }
            double eps = 1e-5 * (1 + xx + ww), dist = Math.Sqrt(best);
            total += dist;
            bound += dist > 0 ? Math.Min(Math.Sqrt(eps), eps / dist) : Math.Sqrt(eps);
        }
        return (total / data.Count, bound / data.Count);
    }
}
