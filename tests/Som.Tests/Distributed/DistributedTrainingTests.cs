using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Distributed;

/// <summary>
/// The distributed batch run (docs/contract.md §16) in one process: the same bits for every rank count and split
/// (odd shard sizes, a shard of one sample), equal to the one-process run where the sums are exact (k/255 data with
/// random or sample initialisation), and every rank holding the same codebook and metrics.
/// </summary>
public class DistributedTrainingTests
{
    /// <summary>Splits of 157 samples: 1, 2, 3 and 5 ranks, odd sizes, one rank with a single sample.</summary>
    private static readonly int[][] Splits = [[157], [78, 79], [1, 101, 55], [31, 33, 1, 59, 33]];

    public static TheoryData<Topology, NeighborhoodKind, InitMethod> Configurations() => new()
    {
        { Topology.Rectangular, NeighborhoodKind.Gaussian, InitMethod.Pca },
        { Topology.Hexagonal, NeighborhoodKind.Gaussian, InitMethod.Random },
        { Topology.Rectangular, NeighborhoodKind.Bubble, InitMethod.Samples },
        { Topology.Hexagonal, NeighborhoodKind.Bubble, InitMethod.Pca },
    };

    private static SomOptions Options(Topology topology, NeighborhoodKind kind, InitMethod init) => new()
    {
        Width = 7,
        Height = 4,
        Topology = topology,
        Neighborhood = kind,
        Init = init,
        Epochs = 4,
        SigmaStart = 2.5,
        Seed = 11,
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_rank_count_and_split_gives_the_same_bits(Topology topology, NeighborhoodKind kind, InitMethod init)
    {
        var options = Options(topology, kind, init);
        var data = TestData.Clusters(157, 13, 5);
        int[] labels = ShardedRun.Labels(157, 4, 3);
        RankResult? reference = null;
        foreach (int[] split in Splits)
        {
            var ranks = ShardedRun.Train(options, data, split, labels);
            foreach (var rank in ranks)
            {
                reference ??= rank;
                string where = $"{split.Length} ranks ({string.Join("+", split)})";
                Assert.True(TestData.Bits(rank.Initial).SequenceEqual(TestData.Bits(reference.Initial)), $"{where}: initial codebook differs");
                Assert.True(TestData.Bits(rank.Weights).SequenceEqual(TestData.Bits(reference.Weights)), $"{where}: codebook differs");
                Assert.Equal(reference.EpochQe, rank.EpochQe);
                Assert.Equal(reference.Kept, rank.Kept);
                var a = rank.Evaluation;
                var b = reference.Evaluation;
                Assert.Equal(BitConverter.DoubleToInt64Bits(b.QuantizationError), BitConverter.DoubleToInt64Bits(a.QuantizationError));
                Assert.Equal(b.TopographicError, a.TopographicError);
                Assert.Equal(b.Hits, a.Hits);
                Assert.Equal(b.Purity, a.Purity);
                Assert.Equal(b.UnitLabels, a.UnitLabels);
                Assert.Equal(b.TrainAccuracy, a.TrainAccuracy);
            }
        }
        Assert.False(TestData.Bits(reference!.Weights).SequenceEqual(TestData.Bits(reference.Initial)), "training left the codebook unchanged");
    }

    [Theory]
    [InlineData(InitMethod.Random, Topology.Rectangular, NeighborhoodKind.Gaussian)]
    [InlineData(InitMethod.Samples, Topology.Hexagonal, NeighborhoodKind.Bubble)]
    [InlineData(InitMethod.Random, Topology.Hexagonal, NeighborhoodKind.Gaussian)]
    public void On_k_over_255_data_the_run_equals_the_one_process_run(InitMethod init, Topology topology, NeighborhoodKind kind)
    {
        var options = Options(topology, kind, init);
        var data = ShardedRun.Bytes(127, 33, 8);
        int[] labels = ShardedRun.Labels(127, 3, 9);
        var single = ShardedRun.Single(options, data, labels);
        var ranks = ShardedRun.Train(options, data, [33, 1, 62, 31], labels);
        foreach (var rank in ranks)
        {
            Assert.True(TestData.Bits(rank.Initial).SequenceEqual(TestData.Bits(single.Initial)), "initial codebook differs from one process");
            Assert.True(TestData.Bits(rank.Weights).SequenceEqual(TestData.Bits(single.Weights)), "codebook differs from one process");
            Assert.Equal(single.Kept, rank.Kept);
            var a = rank.Evaluation;
            var b = single.Evaluation;
            Assert.Equal(b.Hits, a.Hits);
            Assert.Equal(b.TopographicError, a.TopographicError);
            Assert.Equal(b.Purity, a.Purity);
            Assert.Equal(b.UnitLabels, a.UnitLabels);
            Assert.Equal(b.TrainAccuracy, a.TrainAccuracy);
            // QE, final and per epoch: the double sum in sample order continued from rank to rank (docs/contract.md §16), the one-process bits.
            Assert.Equal(BitConverter.DoubleToInt64Bits(b.QuantizationError), BitConverter.DoubleToInt64Bits(a.QuantizationError));
            Assert.Equal(single.EpochQe.Select(q => BitConverter.DoubleToInt64Bits(q!.Value)), rank.EpochQe.Select(q => BitConverter.DoubleToInt64Bits(q!.Value)));
        }
    }

    [Fact]
    public void Pca_initialisation_is_within_the_stated_bound_of_the_one_process_one()
    {
        var options = Options(Topology.Rectangular, NeighborhoodKind.Gaussian, InitMethod.Pca);
        var data = ShardedRun.Bytes(127, 33, 8);
        var single = Initializer.Create(options, data);
        var ranks = ShardedRun.Train(options, data, [60, 67]);
        double worst = 0;
        for (int i = 0; i < single.Length; i++)
        {
            double diff = Math.Abs(ranks[0].Initial[i] - single[i]);
            worst = Math.Max(worst, diff / (1 + Math.Abs(single[i])));
        }
        // The one-process PCA forms its products in float per 1024-row chunk, the distributed one in exact fixed point.
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public void One_epoch_on_inexact_data_is_within_one_float_rounding_of_the_one_process_epoch()
    {
        // Values with all 24 mantissa bits over a wide range: the double sums in sample order round.
        var rng = new Random(4);
        int n = 301, d = 17;
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((rng.NextDouble() - 0.3) * Math.Pow(2, rng.Next(-30, 6)));
        var data = new SampleMatrix(values, n, d);
        var options = Options(Topology.Rectangular, NeighborhoodKind.Gaussian, InitMethod.Random) with { Epochs = 1 };
        var single = ShardedRun.Single(options, data);
        var ranks = ShardedRun.Train(options, data, [100, 1, 200]);
        Assert.True(TestData.Bits(ranks[0].Initial).SequenceEqual(TestData.Bits(single.Initial)));
        int differing = 0;
        for (int i = 0; i < single.Weights.Length; i++)
        {
            float a = ranks[0].Weights[i], b = single.Weights[i];
            if (a != b) differing++;
            Assert.True(Math.Abs(a - b) <= Math.Abs(MathF.BitIncrement(Math.Abs(b)) - Math.Abs(b)),
                $"weight {i}: {a} and {b} are more than one float step apart");
        }
        // The data really exercise rounding: the exact sums are not the double sums of one process.
        Assert.True(SumsDiffer(data), "the test data's double sums happen to be exact");
        _ = differing;
    }

    /// <summary>Whether some per-feature sum over the samples in double differs from the exact (fixed-point) sum.</summary>
    private static bool SumsDiffer(SampleMatrix data)
    {
        int scale = FixedPoint.ScaleFor(DistributedShard.MaxAbsOf(data), data.Count);
        double factor = FixedPoint.Factor(scale);
        for (int f = 0; f < data.Features; f++)
        {
            double s = 0;
            long exact = 0;
            for (int i = 0; i < data.Count; i++)
            {
                s += data.Row(i)[f];
                exact += FixedPoint.ToFixed(data.Row(i)[f], factor);
            }
            if (s != FixedPoint.FromFixed(exact, scale)) return true;
        }
        return false;
    }
}
