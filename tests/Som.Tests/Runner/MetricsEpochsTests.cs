using System.Globalization;
using System.Text.Json.Nodes;

namespace Som.Tests.Runner;

/// <summary>
/// metrics.json's <c>epochs</c> array and <c>per_class_accuracy</c>: one row per epoch with the schedule's σ, the QE of
/// the codebook entering it (batch; epoch 0 is the initial codebook, so it matches initial_quantization_error within the
/// float bound of docs/contract.md §10), none online; per-class accuracies that add up to the overall accuracy.
/// </summary>
public sealed class MetricsEpochsTests
{
    private static string Csv(TempDirectory dir, int rows)
    {
        var rng = new Random(rows);
        var lines = new List<string> { "label,a,b,c,d,e" };
        for (int i = 0; i < rows; i++)
            lines.Add($"{i % 3}," + string.Join(',', Enumerable.Range(0, 5).Select(_ => (rng.Next(200) + (i % 3) * 30).ToString(CultureInfo.InvariantCulture))));
        return dir.WriteText("d.csv", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Batch_runs_record_sigma_and_the_qe_entering_each_epoch()
    {
        using var dir = new TempDirectory();
        string csv = Csv(dir, 127);
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "5x3", "--epochs", "5", "--no-report", "--out", dir["out"]);
        Assert.True(exit == 0, error + output);
        var m = (JsonObject)JsonNode.Parse(File.ReadAllText(dir["out/metrics.json"]))!;
        var epochs = (JsonArray)m["epochs"]!;
        Assert.Equal(5, epochs.Count);
        var options = new SomOptions { Width = 5, Height = 3, Epochs = 5 };
        var qe = new List<double>();
        for (int e = 0; e < 5; e++)
        {
            var row = (JsonObject)epochs[e]!;
            Assert.Equal(e, (int)row["epoch"]!);
            Assert.Equal(SomTrainer.BatchSigma(options, e), (double)row["sigma"]!);
            Assert.Equal((double)m["seconds_per_epoch"]![e]!, (double)row["seconds"]!);
            qe.Add((double)row["quantization_error"]!);
        }
        double initial = (double)m["initial_quantization_error"]!;
        Assert.True(Math.Abs(qe[0] - initial) <= 1e-4 * initial, $"epoch 0 QE {qe[0]:R}, initial QE {initial:R}");
        double final = (double)m["quantization_error"]!;
        Assert.True(final < qe[^1] && qe[^1] < qe[0], $"QE per epoch {string.Join(", ", qe)}, final {final}");

        // Per class: the samples add up to N and the accuracies, weighted by them, to the overall accuracy.
        var perClass = (JsonArray)m["per_class_accuracy"]!;
        Assert.Equal(3, perClass.Count);
        int total = perClass.Sum(r => (int)r!["train_samples"]!);
        Assert.Equal(127, total);
        double weighted = perClass.Sum(r => (double)r!["train_accuracy"]! * (int)r!["train_samples"]!) / total;
        Assert.Equal((double)m["train_accuracy"]!, weighted, 12);
        Assert.False(perClass[0]!.AsObject().ContainsKey("test_accuracy"), "a CSV without a test split has no test accuracy");
    }

    [Fact]
    public void Online_runs_record_sigma_only()
    {
        using var dir = new TempDirectory();
        string csv = Csv(dir, 31);
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "4x4", "--epochs", "3", "--mode", "online", "--no-report", "--out", dir["out"]);
        Assert.True(exit == 0, error + output);
        var epochs = (JsonArray)((JsonObject)JsonNode.Parse(File.ReadAllText(dir["out/metrics.json"]))!)["epochs"]!;
        Assert.Equal(3, epochs.Count);
        var options = new SomOptions { Width = 4, Height = 4, Epochs = 3, Mode = TrainingMode.Online };
        for (int e = 0; e < 3; e++)
        {
            Assert.Null(epochs[e]!["quantization_error"]);
            double expected = Schedule.Value(options.SigmaSchedule, options.ResolvedSigmaStart, options.SigmaEnd, (long)e * 31, 3L * 31);
            Assert.Equal(expected, (double)epochs[e]!["sigma"]!);
        }
    }
}
