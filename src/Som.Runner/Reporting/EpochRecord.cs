using System.Text.Json.Nodes;

namespace Som.Runner.Reporting;

/// <summary>
/// One epoch of a run as metrics.json's <c>epochs</c> array holds it: σ, the QE of the codebook entering the epoch
/// (batch only, docs/contract.md §10; null online, under the cosine metric, and for the epochs before a resume), and
/// the wall time.
/// </summary>
/// <param name="Epoch">0-based epoch index.</param>
/// <param name="Sigma">σ of the epoch (its first step, online).</param>
/// <param name="QuantizationError">Per-epoch QE, or null.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
internal sealed record EpochRecord(int Epoch, double Sigma, double? QuantizationError, double Seconds)
{
    /// <summary>
    /// Every epoch of a run of <paramref name="options"/>: from its reports where there is one, else (epochs run
    /// before a resume) σ from the schedule, no QE and the checkpoint's seconds.
    /// </summary>
    public static IReadOnlyList<EpochRecord> Of(SomOptions options, IReadOnlyList<EpochReport> reports, IReadOnlyList<double> seconds, int samples)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = new List<EpochRecord>(options.Epochs);
        for (int e = 0; e < options.Epochs; e++)
        {
            if (reports.FirstOrDefault(r => r.Epoch == e) is { Epochs: > 0 } r)
            {
                rows.Add(new EpochRecord(e, r.Sigma, r.QuantizationError, r.Seconds));
                continue;
            }
            double sigma = options.Mode == TrainingMode.Batch
                ? SomTrainer.BatchSigma(options, e)
                : Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, (long)e * samples, (long)options.Epochs * samples);
            rows.Add(new EpochRecord(e, sigma, null, e < seconds.Count ? seconds[e] : 0));
        }
        return rows;
    }

    /// <summary>The JSON object {epoch, sigma, quantization_error, seconds}.</summary>
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["sigma"] = Sigma,
        ["quantization_error"] = QuantizationError,
        ["seconds"] = Math.Round(Seconds, 6),
    };

    /// <summary>Reads the rows of a metrics.json <c>epochs</c> array (null when the document has none).</summary>
    public static IReadOnlyList<EpochRecord>? FromJson(JsonNode? epochs)
    {
        if (epochs is not JsonArray array) return null;
        var rows = new List<EpochRecord>(array.Count);
        foreach (var node in array)
        {
            if (node is not JsonObject o) return null;
            rows.Add(new EpochRecord((int?)o["epoch"] ?? rows.Count, (double?)o["sigma"] ?? double.NaN,
                (double?)o["quantization_error"], (double?)o["seconds"] ?? 0));
        }
        return rows;
    }
}
