using Som.Cpu;
using Som.Runner.Rendering;
using Som.Tests.Rendering;

namespace Som.Tests.Distributed;

/// <summary>
/// The reductions a run under mpirun ends with (docs/contract.md §16, docs/architecture.md §7), over in-process ranks
/// with shards of 1 sample and shards cut inside the PCA's 1024-row chunks, each against the one-process figure from
/// all rows, bit for bit: the rank-order double sum, the PCA view's fit, what the pictures take of the data (hits,
/// class counts, range, exemplars with ties across shards, the PCA sample), and the combinable data hash.
/// </summary>
public sealed class ShardReductionTests
{
    // Shards of one sample; a shard that starts a chunk (1024 = 1 + 1023); one that stays inside a chunk; odd sizes.
    public static TheoryData<int[]> Splits => new()
    {
        new[] { 2100 },
        new[] { 1050, 1050 },
        new[] { 700, 700, 700 },
        new[] { 1, 1023, 1, 1026, 49 },
        new[] { 31, 33, 1, 127, 1908 },
    };

    private static SampleMatrix Data(int n, int d, int seed)
    {
        // Not k/255: the sums are inexact, so any change of their order shows in the bits.
        var rng = new Random(seed);
        var values = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(3);
            for (int f = 0; f < d; f++) values[i * d + f] = (float)(c * (f % 3 - 1) + rng.NextDouble() * 0.7 - 0.2);
        }
        return SampleMatrix.Wrap(values, n, d);
    }

    private static T[] OnRanks<T>(SampleMatrix data, int[] sizes, Func<ICommunicator, SampleMatrix, long, T> body)
    {
        var shards = ShardedRun.Split(data, sizes);
        return new LocalGroup(sizes.Length, TimeSpan.FromSeconds(60)).Run(comm => body(comm, shards[comm.Rank], sizes.Take(comm.Rank).Sum()));
    }

    private static long[] Bits(IEnumerable<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_pca_view_fit_over_shards_is_the_one_process_fit_bit_for_bit(int[] sizes)
    {
        var data = Data(2100, 13, 3);
        var one = PcaProjection.Fit(data, 9);
        foreach (var fit in OnRanks(data, sizes, (comm, shard, offset) => PcaProjection.Fit(comm, shard, offset, data.Count, 9)))
        {
            Assert.Equal(Bits(one.Mean), Bits(fit.Mean));
            Assert.Equal(Bits(one.Axes[0]), Bits(fit.Axes[0]));
            Assert.Equal(Bits(one.Axes[1]), Bits(fit.Axes[1]));
            Assert.Equal(Bits(one.Variances), Bits(fit.Variances));
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.TotalVariance), BitConverter.DoubleToInt64Bits(fit.TotalVariance));
        }
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_rank_order_sum_is_the_sample_order_sum(int[] sizes)
    {
        var rng = new Random(4);
        var terms = Enumerable.Range(0, sizes.Sum()).Select(_ => rng.NextDouble() * Math.Pow(10, rng.Next(-8, 9))).ToArray();
        double naive = 0;
        foreach (double t in terms) naive += t;
        var sums = new LocalGroup(sizes.Length).Run(comm =>
            RankOrderFold.Sum(comm, terms.AsSpan(sizes.Take(comm.Rank).Sum(), sizes[comm.Rank])));
        foreach (double s in sums) Assert.Equal(BitConverter.DoubleToInt64Bits(naive), BitConverter.DoubleToInt64Bits(s));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_data_hash_is_the_same_for_every_split_and_sees_each_value_and_the_row_order(int[] sizes)
    {
        var data = Data(2100, 5, 6);
        string whole = ShardDataHash.Compute(new LocalGroup(1).Communicators[0], data, 0, data.Count);
        Assert.StartsWith(ShardDataHash.Prefix, whole);
        Assert.Equal(ShardDataHash.Prefix.Length + 64, whole.Length);
        foreach (string h in OnRanks(data, sizes, (comm, shard, offset) => ShardDataHash.Compute(comm, shard, offset, data.Count)))
            Assert.Equal(whole, h);

        var changed = data.Buffer.ToArray();
        changed[1234 * 5 + 2] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(changed[1234 * 5 + 2]) ^ 1);
        Assert.NotEqual(whole, ShardDataHash.Compute(new LocalGroup(1).Communicators[0], SampleMatrix.Wrap(changed, 2100, 5), 0, 2100));
        var swapped = data.Buffer.ToArray();
        for (int f = 0; f < 5; f++) (swapped[f], swapped[5 + f]) = (swapped[5 + f], swapped[f]);
        Assert.NotEqual(whole, ShardDataHash.Compute(new LocalGroup(1).Communicators[0], SampleMatrix.Wrap(swapped, 2100, 5), 0, 2100));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void What_the_pictures_take_of_the_data_is_the_same_from_shards(int[] sizes)
    {
        const int width = 4, height = 3, side = 2, n = 2100;
        var image = new ImageShape(side, side + 1, 1);
        int d = side * (side + 1);
        var data = Data(n, d, 8);
        var rng = new Random(2);
        var weights = Enumerable.Range(0, width * height * d).Select(_ => (float)rng.NextDouble()).ToArray();
        var model = PictureReader.Model(width, height, Topology.Rectangular, d, weights, image);
        var values = data.Buffer;
        // Ties across shards: unit 5's prototype is all 0.5; rows 2, 1023 and 1024 (in different shards for most splits)
        // lie at the same distance from it, nearer than anything else unit 5 wins.
        for (int f = 0; f < d; f++) weights[5 * d + f] = 0.5f;
        int[] tied = [1024, 1023, 2];
        foreach (int i in tied) values.AsSpan(i * d, d).Fill(0.5f);
        values[1024 * d] = 0.75f;       // each 0.25 from w in one feature: squared distance 0.0625 exactly
        values[1023 * d] = 0.25f;
        values[2 * d + 1] = 0.75f;
        var labels = Enumerable.Range(0, n).Select(i => (i * 7) % 5).ToArray();
        var bmu = new int[n];
        for (int i = 0; i < n; i++) bmu[i] = tied.Contains(i) ? 5 : (i * 13) % 11; // unit 11 wins nothing
        var whole = new Dataset("d", data, labels, image, ["a", "b", "c", "d", "e", "f"]);
        var one = MapData.Of(model, whole, bmu);
        Assert.Equal(values.AsSpan(2 * d, d).ToArray(), one.Exemplars![5]);   // the lowest index of the tie
        Assert.Null(one.Exemplars[11]);
        var shards = ShardedRun.Split(data, sizes);
        var gathered = new LocalGroup(sizes.Length, TimeSpan.FromSeconds(60)).Run(comm =>
        {
            int r = comm.Rank, offset = sizes.Take(r).Sum();
            var shard = new Dataset("d", shards[r], labels[offset..(offset + sizes[r])], image, whole.ClassNames);
            return MapData.Gather(comm, model, shard, offset, n, bmu.AsSpan(offset, sizes[r]));
        });
        foreach (var g in gathered)
        {
            Assert.Equal(one.Count, g.Count);
            Assert.Equal(one.Hits, g.Hits);
            Assert.Equal(one.Classes, g.Classes);
            Assert.Equal(one.ClassHits, g.ClassHits);
            Assert.Equal(one.InUnitRange, g.InUnitRange);
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Min), BitConverter.DoubleToInt64Bits(g.Min));
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Max), BitConverter.DoubleToInt64Bits(g.Max));
            for (int j = 0; j < width * height; j++) Assert.Equal(one.Exemplars[j], g.Exemplars![j]);
            Assert.Equal(Bits(one.Pca.Axes[0]), Bits(g.Pca.Axes[0]));
            Assert.Equal(Bits(one.SamplePoints.SelectMany(p => new[] { p.X, p.Y })), Bits(g.SamplePoints.SelectMany(p => new[] { p.X, p.Y })));
            Assert.Equal(one.SampleLabels, g.SampleLabels);
            Assert.Equal(one.DataScale(), g.DataScale());
            Assert.Equal(one.PrototypeScale(model), g.PrototypeScale(model));
        }
    }
}
