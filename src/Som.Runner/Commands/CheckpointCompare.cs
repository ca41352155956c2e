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

    private static string Show(object? value) => value switch
    {
        null => "default",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
