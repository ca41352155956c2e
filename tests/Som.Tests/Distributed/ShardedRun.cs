using Som.Cpu;

namespace Som.Tests.Distributed;

/// <summary>What one rank of an in-process distributed run ended with.</summary>
internal sealed record RankResult(float[] Initial, float[] Weights, double?[] EpochQe, int[] Kept, MapEvaluation Evaluation);

/// <summary>Runs a whole distributed training (initialise, train, evaluate) in one process, one thread and engine per shard.</summary>
internal static class ShardedRun
{
    /// <summary>Shard sizes splitting n samples into the given counts (the last takes the rest).</summary>
    public static SampleMatrix[] Split(SampleMatrix data, int[] sizes)
    {
        Assert.Equal(data.Count, sizes.Sum());
        var shards = new SampleMatrix[sizes.Length];
        int start = 0;
        for (int r = 0; r < sizes.Length; r++)
        {
            shards[r] = new SampleMatrix(data.Values.Slice(start * data.Features, sizes[r] * data.Features), sizes[r], data.Features);
            start += sizes[r];
        }
        return shards;
    }

    /// <summary>Trains over shards of the given sizes; each rank's engine from <paramref name="engine"/> (CPU engine by default).</summary>
    public static RankResult[] Train(SomOptions options, SampleMatrix data, int[] sizes, int[]? labels = null,
        Func<int, IShardEngine>? engine = null)
    {
        var shards = Split(data, sizes);
        var group = new LocalGroup(sizes.Length, TimeSpan.FromSeconds(60));
        return group.Run(comm =>
        {
            int r = comm.Rank;
            long offset = sizes.Take(r).Sum();
            using var e = engine?.Invoke(r) ?? new CpuEngine(options, data.Features);
            var run = DistributedShard.Join(e, shards[r], comm, offset, data.Count);
            DistributedTrainer.Initialize(run);
            var initial = new float[options.Units * data.Features];
            e.GetWeights(initial);
            var qe = new List<double?>();
            var kept = new List<int>();
            DistributedTrainer.Train(run, rep =>
            {
                qe.Add(rep.QuantizationError);
                kept.Add(rep.UnitsKept);
            });
            var w = new float[initial.Length];
            e.GetWeights(w);
            var shardLabels = labels is null ? [] : labels.AsSpan((int)offset, sizes[r]);
            var evaluation = DistributedTrainer.Evaluate(run, shardLabels);
            return new RankResult(initial, w, [.. qe], [.. kept], evaluation);
        });
    }

    /// <summary>The same run in one process on one engine, as today (SomTrainer, MapEvaluation).</summary>
    public static RankResult Single(SomOptions options, SampleMatrix data, int[]? labels = null, ISomEngine? engine = null)
    {
        using var e = engine ?? new CpuEngine(options, data.Features);
        SomTrainer.Initialize(e, data);
        var initial = new float[options.Units * data.Features];
        e.GetWeights(initial);
        var qe = new List<double?>();
        var kept = new List<int>();
        SomTrainer.Train(e, data, rep =>
        {
            qe.Add(rep.QuantizationError);
            kept.Add(rep.UnitsKept);
        });
        var w = new float[initial.Length];
        e.GetWeights(w);
        var train = new Dataset("test", data, labels, null, null);
        return new RankResult(initial, w, [.. qe], [.. kept], MapEvaluation.Evaluate(e, train, null));
    }

    /// <summary>k/255 values (as the image readers make them) around a few centres.</summary>
    public static SampleMatrix Bytes(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var centres = new int[4 * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = rng.Next(256);
        var values = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(4);
            for (int f = 0; f < d; f++) values[i * d + f] = Math.Clamp(centres[c * d + f] + rng.Next(-40, 41), 0, 255) / 255f;
        }
        return new SampleMatrix(values, n, d);
    }

    /// <summary>Class labels 0 … classes − 1, seeded.</summary>
    public static int[] Labels(int n, int classes, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.Next(classes)).ToArray();
    }
}
