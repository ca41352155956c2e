using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Distributed;

/// <summary>The in-process communicator (docs/contract.md §16): reductions in rank order, timeouts, refusals, and the run's stop and resume.</summary>
public class LocalGroupTests
{
    [Fact]
    public void Collectives_reduce_over_every_rank()
    {
        var group = new LocalGroup(3, TimeSpan.FromSeconds(30));
        var results = group.Run(comm =>
        {
            long[] sums = [comm.Rank, 10 * comm.Rank + 1, long.MaxValue / 4];
            comm.AllReduceSum(sums);
            double[] max = [comm.Rank, -comm.Rank], min = [comm.Rank, -comm.Rank];
            comm.AllReduceMax(max);
            comm.AllReduceMin(min);
            byte[] data = [(byte)comm.Rank, (byte)(comm.Rank * 2)];
            comm.Broadcast(data, root: 2);
            comm.Barrier();
            return (sums, max, min, data);
        });
        foreach (var (sums, max, min, data) in results)
        {
            Assert.Equal([3L, 33L, 3 * (long.MaxValue / 4)], sums);
            Assert.Equal([2.0, 0.0], max);
            Assert.Equal([0.0, -2.0], min);
            Assert.Equal([(byte)2, (byte)4], data);
        }
    }

    [Fact]
    public void A_peer_that_never_arrives_times_out_with_a_clear_message()
    {
        var group = new LocalGroup(3, TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<TimeoutException>(() => group.Run(comm =>
        {
            if (comm.Rank == 1) return 0; // rank 1 leaves without calling the collective
            comm.AllReduceSum(new long[4]);
            return 0;
        }));
        Assert.Contains("AllReduceSum", error.Message);
        Assert.Contains("rank 1 never arrived", error.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 20);
    }

    [Fact]
    public void A_rank_that_fails_stops_the_others_at_once_and_its_error_is_reported()
    {
        var group = new LocalGroup(2, TimeSpan.FromMinutes(5));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<SomDataException>(() => group.Run<int>(comm =>
        {
            if (comm.Rank == 0) throw new SomDataException("rank 0 could not read its shard");
            comm.Barrier();
            return 0;
        }));
        Assert.Equal("rank 0 could not read its shard", error.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 60);
    }

    [Fact]
    public void Ranks_that_call_different_collectives_fail_rather_than_mix_them()
    {
        var group = new LocalGroup(2, TimeSpan.FromSeconds(30));
        var error = Assert.ThrowsAny<Exception>(() => group.Run(comm =>
        {
            if (comm.Rank == 0) comm.AllReduceSum(new long[1]);
            else comm.AllReduceMax(new double[1]);
            return 0;
        }));
        Assert.Contains("same collectives in the same order", error.Message + error.InnerException?.Message);
    }

    [Fact]
    public void Shards_that_do_not_tile_the_samples_are_refused_on_every_rank()
    {
        var options = new SomOptions { Width = 3, Height = 2, Epochs = 1 };
        var data = TestData.Clusters(10, 3, 1);
        var shards = ShardedRun.Split(data, [4, 6]);
        var group = new LocalGroup(2, TimeSpan.FromSeconds(30));
        var error = Assert.Throws<SomDataException>(() => group.Run(comm =>
        {
            using var engine = new CpuEngine(options, 3);
            // Rank 1 claims to start at sample 5: a gap after rank 0's 4 samples.
            return DistributedShard.Join(engine, shards[comm.Rank], comm, comm.Rank == 0 ? 0 : 5, 10).Scale;
        }));
        Assert.Equal("rank 1's shard starts at sample 5: expected 4 (contiguous shards in rank order)", error.Message);
    }

    [Fact]
    public void Online_training_over_two_ranks_is_refused()
    {
        var options = new SomOptions { Width = 3, Height = 2, Epochs = 1, Mode = TrainingMode.Online };
        var data = TestData.Clusters(10, 3, 1);
        var shards = ShardedRun.Split(data, [5, 5]);
        var error = Assert.Throws<SomOptionException>(() => new LocalGroup(2, TimeSpan.FromSeconds(30)).Run(comm =>
        {
            using var engine = new CpuEngine(options, 3);
            return DistributedShard.Join(engine, shards[comm.Rank], comm, 5L * comm.Rank, 10).Scale;
        }));
        Assert.Contains("online training is sequential by definition and cannot be split over 2 ranks", error.Message);
    }

    [Fact]
    public void A_stop_on_one_rank_stops_every_rank_at_the_same_epoch_and_the_resumed_run_ends_with_the_same_bits()
    {
        var options = new SomOptions { Width = 5, Height = 3, Epochs = 5, Init = InitMethod.Random, SigmaStart = 2 };
        var data = TestData.Clusters(61, 4, 2);
        var straight = ShardedRun.Train(options, data, [30, 31]);
        var shards = ShardedRun.Split(data, [30, 31]);
        var group = new LocalGroup(2, TimeSpan.FromSeconds(60));
        var stopped = group.Run(comm =>
        {
            using var engine = new CpuEngine(options, 4);
            var run = DistributedShard.Join(engine, shards[comm.Rank], comm, 30L * comm.Rank, 61);
            DistributedTrainer.Initialize(run);
            using var cancel = new CancellationTokenSource();
            TrainingState? saved = null;
            float[]? savedWeights = null;
            try
            {
                DistributedTrainer.Train(run, SomTrainer.Start(options), 0, state =>
                {
                    saved = state;
                    savedWeights = new float[options.Units * 4];
                    engine.GetWeights(savedWeights);
                }, e =>
                {
                    if (comm.Rank == 1 && e.Epoch == 1) cancel.Cancel(); // only rank 1 is asked to stop
                }, cancel.Token);
            }
            catch (OperationCanceledException)
            {
            }
            // Resume from the checkpoint on a fresh engine.
            using var resumed = new CpuEngine(options, 4);
            resumed.SetWeights(savedWeights!);
            var again = DistributedShard.Join(resumed, shards[comm.Rank], comm, 30L * comm.Rank, 61);
            DistributedTrainer.Train(again, saved!, 0, null, null, default);
            var w = new float[options.Units * 4];
            resumed.GetWeights(w);
            return (saved!.Epoch, w);
        });
        foreach (var (epoch, w) in stopped)
        {
            Assert.Equal(2, epoch);
            Assert.True(TestData.Bits(w).SequenceEqual(TestData.Bits(straight[0].Weights)), "the resumed run differs from the straight one");
        }
    }
}
