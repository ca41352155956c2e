using Som.Runner.Cli;
using Som.Gpu;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som train --device KIND:I,J…</c>: one GPU engine per device, each on a contiguous shard of the training samples,
/// trained together through a <see cref="LocalGroup"/> (docs/contract.md §16). Every engine ends each epoch with the same
/// codebook, so after training the first engine (<see cref="Primary"/>) stands for all of them.
/// </summary>
internal sealed class ShardedEngines : IDisposable
{
    private readonly List<GpuAccelerator> _devices = [];
    private readonly List<GpuEngine> _engines = [];
    private readonly LocalGroup _group;
    private readonly DistributedShard[] _runs;

    private ShardedEngines(DeviceList list, SomOptions options, SampleMatrix train)
    {
        Devices = list;
        int[] indices = list.Resolve();
        if (train.Count < indices.Length)
            throw new UsageException($"--device {list}: {train.Count} training sample{(train.Count == 1 ? "" : "s")} for {indices.Length} devices: expected at least one sample per device");
        try
        {
            foreach (int i in indices)
            {
                var device = GpuAccelerators.OpenIndexed(list.Kind, i);
                _devices.Add(device);
                _engines.Add(new GpuEngine(device, options, train.Features));
            }
            _group = new LocalGroup(indices.Length);
            var shards = Split(train, indices.Length);
            _runs = _group.Run(comm => DistributedShard.Join(_engines[comm.Rank], shards[comm.Rank].Shard, comm, shards[comm.Rank].Offset, train.Count));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The engines of a device list, or null when <paramref name="device"/> names one device.</summary>
    public static ShardedEngines? Create(string device, SomOptions options, SampleMatrix train) =>
        DeviceList.Parse(device) is { } list ? new ShardedEngines(list, options, train) : null;

    /// <summary>The devices, as given.</summary>
    public DeviceList Devices { get; }

    /// <summary>The first rank's engine: after <see cref="Initialize"/> and each epoch it holds the codebook every rank holds.</summary>
    public ISomEngine Primary => _engines[0];

    /// <summary>Each device and its shard, for the run's log.</summary>
    public string Describe() =>
        $"{_engines.Count} × {_engines[0].DeviceName} ({Devices}), shards of {string.Join(" + ", _runs.Select(r => r.Shard.Count))} samples";

    /// <summary>What checkpoints record as the engine: sharded runs give the same bits for every device count, not those of one engine.</summary>
    public string EngineTag => $"{Devices.Kind} shards";

    /// <summary>The options' initialisation over every shard (docs/contract.md §16).</summary>
    public void Initialize() => _group.Run(comm =>
    {
        DistributedTrainer.Initialize(_runs[comm.Rank]);
        return 0;
    });

    /// <summary>Sets every engine's codebook (a resumed run).</summary>
    public void SetWeights(float[] weights)
    {
        foreach (var engine in _engines) engine.SetWeights(weights);
    }

    /// <summary>Trains every shard from <paramref name="start"/>; the callbacks run on the first rank only.</summary>
    public TrainingReport Train(TrainingState start, int checkpointEvery, Action<TrainingState>? onCheckpoint, Action<EpochReport>? onEpoch,
        CancellationToken cancel) =>
        _group.Run(comm => DistributedTrainer.Train(_runs[comm.Rank], start, checkpointEvery,
            comm.Rank == 0 ? onCheckpoint : null, comm.Rank == 0 ? onEpoch : null, cancel))[0];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var engine in _engines) engine.Dispose();
        foreach (var device in _devices) device.Dispose();
    }

    /// <summary>Contiguous shards of n/k samples, the first n mod k one larger.</summary>
    internal static (SampleMatrix Shard, long Offset)[] Split(SampleMatrix data, int parts)
    {
        var shards = new (SampleMatrix, long)[parts];
        int d = data.Features, start = 0;
        for (int r = 0; r < parts; r++)
        {
            int count = data.Count / parts + (r < data.Count % parts ? 1 : 0);
            shards[r] = (new SampleMatrix(data.Values.Slice(start * d, count * d), count, d), start);
            start += count;
        }
        return shards;
    }
}
