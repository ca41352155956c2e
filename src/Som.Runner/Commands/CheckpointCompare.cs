using System.Globalization;
using Som.Runner.Cli;

namespace Som.Runner.Commands;

/// <summary>Refuses to resume a checkpoint with other options or other data, naming the first difference.</summary>
internal static class CheckpointCompare
{
    /// <summary>
    /// Throws a <see cref="UsageException"/> when <paramref name="options"/> or <paramref name="train"/> differ from
    /// the checkpoint's; returns the data's hash (<see cref="Checkpoint.HashData"/>).
    /// </summary>
    public static string Check(SomModel model, Checkpoint checkpoint, SomOptions options, Dataset train) =>
        Check(model, checkpoint, options, train.Name, train.Features, train.Count, () => Checkpoint.HashData(train.Samples),
            null, () => ShardDataHash.Compute(new LocalGroup(1).Communicators[0], train.Samples, 0, train.Count));

    /// <summary>
    /// <see cref="Check(SomModel, Checkpoint, SomOptions, Dataset)"/> from the data's name, features and count and a way to
    /// hash them: <paramref name="hash"/> gives this run's kind of hash; a checkpoint with the other kind is hashed by
    /// <paramref name="otherHash"/>, or refused with <paramref name="otherRefused"/> when there is none.
    /// </summary>
    public static string Check(SomModel model, Checkpoint checkpoint, SomOptions options, string name, int features, int samples,
        Func<string> hash, string? otherRefused, Func<string>? otherHash = null)
    {
        var saved = model.Options;
        foreach (var property in typeof(SomOptions).GetProperties())
        {
            // Threads changes no bit of the result (docs/contract.md); derived values follow from the others.
            if (!property.CanWrite || property.Name == nameof(SomOptions.Threads)) continue;
            object? was = property.GetValue(saved), now = property.GetValue(options);
            if (Equals(was, now)) continue;
            string flag = OptionFlags.ByName.TryGetValue(property.Name, out var f) ? $" ({f.Flag})" : "";
            throw new UsageException($"--resume: checkpoint was trained with {property.Name} = {Show(was)}, this run has {Show(now)}{flag}");
        }
        if (model.Features != features)
            throw new UsageException($"--resume: checkpoint was trained on {model.Features} features, this run's data {name} has {features}");
        if (checkpoint.DataSamples != samples)
            throw new UsageException($"--resume: checkpoint was trained on {checkpoint.DataSamples} samples of {checkpoint.DataName}, this run has {samples} of {name} (check --data and --limit)");
        // One-process checkpoints hash all rows at once; distributed ones combine per-row hashes (ShardDataHash).
        string ours = hash();
        if (ShardDataHash.Is(ours) != ShardDataHash.Is(checkpoint.DataSha256))
            ours = otherHash?.Invoke() ?? throw new UsageException($"--resume: {otherRefused}");
        if (!string.Equals(ours, checkpoint.DataSha256, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--resume: checkpoint was trained on other data: SHA-256 {Short(checkpoint.DataSha256)}… of {checkpoint.DataName}, this run's {name} has {Short(ours)}… (check --data and --limit)");
        return ours;
    }

    /// <summary>
    /// The engine as a checkpoint records it: <c>cpu</c> for the CPU engine whatever its instruction set and thread
    /// count (they give the same bits, docs/contract.md §11), else the GPU engine's device (kind and name), on which a
    /// run repeats bit for bit but which the contract does not promise to match another engine's bits.
    /// </summary>
    public static string EngineOf(ISomEngine engine) => engine is Som.Cpu.CpuEngine ? "cpu" : engine.DeviceName;

    /// <summary>
    /// Refuses to resume on another engine than the checkpoint's: the resumed run could not give the uninterrupted
    /// run's bits. A checkpoint without a recorded engine (older files) is resumed anywhere.
    /// </summary>
    public static void CheckEngine(Checkpoint checkpoint, ISomEngine engine, string device) => CheckEngine(checkpoint, EngineOf(engine), device);

    /// <summary><see cref="CheckEngine(Checkpoint, ISomEngine, string)"/> with the engine as checkpoints record it (<see cref="EngineOf"/>, or a sharded run's tag).</summary>
    public static void CheckEngine(Checkpoint checkpoint, string now, string device)
    {
        if (checkpoint.Engine is { } was && was != now)
        {
            throw new UsageException($"--resume: checkpoint was trained on {was}, this run's --device {device} is {now}: "
                + "expected the same engine, which alone gives the uninterrupted run's bits (CPU instruction sets and thread counts may differ)");
        }
    }

    private static string Short(string hash)
    {
        string hex = ShardDataHash.Is(hash) ? hash[ShardDataHash.Prefix.Length..] : hash;
        return hex[..Math.Min(12, hex.Length)];
    }

    private static string Show(object? value) => value switch
    {
        null => "default",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
