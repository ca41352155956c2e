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
    public static string Check(SomModel model, Checkpoint checkpoint, SomOptions options, Dataset train)
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
        if (model.Features != train.Features)
            throw new UsageException($"--resume: checkpoint was trained on {model.Features} features, this run's data {train.Name} has {train.Features}");
        if (checkpoint.DataSamples != train.Count)
            throw new UsageException($"--resume: checkpoint was trained on {checkpoint.DataSamples} samples of {checkpoint.DataName}, this run has {train.Count} of {train.Name} (check --data and --limit)");
        string hash = Checkpoint.HashData(train.Samples);
        if (!string.Equals(hash, checkpoint.DataSha256, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--resume: checkpoint was trained on other data: SHA-256 {checkpoint.DataSha256[..Math.Min(12, checkpoint.DataSha256.Length)]}… of {checkpoint.DataName}, this run's {train.Name} has {hash[..12]}… (check --data and --limit)");
        return hash;
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

    private static string Show(object? value) => value switch
    {
        null => "default",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
