using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>The runner on real Fashion-MNIST (a subset), end to end: train, evaluate, write, load back.</summary>
public class TrainEndToEndTests
{
    [Fact]
    public void Trains_fashion_mnist_subset_beats_init_and_labels_test_images_well_above_chance()
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = RunnerHarness.Run("train", "--data", "fashion-mnist", "--limit", "3000",
            "--test-limit", "1000", "--map", "10x8", "--epochs", "6", "--seed", "7", "--device", "cpu", "--out", dir.Path);
        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")))!.AsObject();
        double qe = metrics["quantization_error"]!.GetValue<double>();
        double initialQe = metrics["initial_quantization_error"]!.GetValue<double>();
        double accuracy = metrics["test_accuracy"]!.GetValue<double>();
        Assert.True(qe < 0.9 * initialQe, $"QE {qe} does not beat the initial QE {initialQe}");
        Assert.True(accuracy > 0.55, $"test accuracy {accuracy} is not well above chance (0.10)");
        // A trained 10 × 8 map here has TE ≈ 0.07; the same prototypes on scrambled units (a map with no
        // topology, see below) have TE ≈ 0.94. 0.2 leaves room for rounding changes, not for a disordered map.
        double te = metrics["topographic_error"]!.GetValue<double>();
        Assert.True(te < 0.2, $"TE {te} is not what a trained map reaches (about 0.07)");
        Assert.InRange(metrics["purity"]!.GetValue<double>(), 0.3, 1.0);
        Assert.Contains("8-neighbourhood", metrics["topographic_adjacency"]!.GetValue<string>());
        Assert.Equal(6, metrics["seconds_per_epoch"]!.AsArray().Count);
        Assert.StartsWith("CPU", metrics["device"]!.GetValue<string>());
        Assert.Equal(3000, metrics["data"]!["train_samples"]!.GetValue<int>());
        Assert.Equal(1000, metrics["data"]!["test_samples"]!.GetValue<int>());
        Assert.Equal(10, metrics["options"]!["width"]!.GetValue<int>());

        var model = ModelFile.Load(Path.Combine(dir.Path, "model.som"));
        Assert.Equal(10 * 8, model.Options.Units);
        Assert.Equal(784, model.Features);
        Assert.Equal(new ImageShape(28, 28, 1), model.Image);
        Assert.Equal(7UL, model.Options.Seed);
        Assert.Contains("test accuracy", output);

        // The reference the TE bound is judged against: the trained prototypes, units shuffled.
        var train = DataSource.Resolve("fashion-mnist").Train.Take(3000).Samples;
        using var engine = new CpuEngine(model.Options, model.Features);
        engine.SetWeights(model.Weights);
        var first = new int[train.Count];
        var trained = engine.Measure(train, Adjacency.Default, first);
        Assert.Equal(te, trained.TopographicError, 12);
        // Version 2: the unit labels, their votes (counted again here from the BMUs) and the class names.
        var labels = DataSource.Resolve("fashion-mnist").Train.Take(3000).Labels!;
        var unitLabels = Assert.IsType<UnitLabels>(model.UnitLabels);
        Assert.Equal(10, unitLabels.Classes);
        var votes = new int[80 * 10];
        for (int i = 0; i < first.Length; i++) votes[first[i] * 10 + labels[i]]++;
        Assert.Equal(votes, unitLabels.Votes);
        Assert.Equal(SomMetrics.UnitLabels(new MapGrid(model.Options), first, labels), unitLabels.Labels);
        for (int j = 0; j < 80; j++)
        {
            var v = votes.AsSpan(j * 10, 10);
            if (v.IndexOfAnyExcept(0) >= 0) Assert.Equal(v.IndexOf(v.ToArray().Max()), unitLabels.Labels[j]);
        }
        Assert.Equal(10, model.ClassNames!.Count);
        Assert.Equal("T-shirt/top", model.ClassNames[0]);
        int units = model.Options.Units, d = model.Features;
        int[] shuffle = TestData.Permutation(units, 3);
        var scrambled = new float[model.Weights.Length];
        for (int j = 0; j < units; j++) model.Weights.AsSpan(shuffle[j] * d, d).CopyTo(scrambled.AsSpan(j * d, d));
        engine.SetWeights(scrambled);
        double scrambledTe = engine.Measure(train, Adjacency.Default, first).TopographicError;
        Assert.True(scrambledTe > 3 * te && scrambledTe > 0.5, $"scrambled map TE {scrambledTe} vs trained {te}: the TE does not tell order from disorder");
    }

    [Fact]
    public void Same_seed_gives_the_same_model_bits()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        string[] common = ["train", "--data", "fashion-mnist", "--limit", "500", "--test-limit", "100", "--map", "5x4", "--epochs", "2"];
        Assert.Equal(0, RunnerHarness.Run([.. common, "--out", a.Path]).Exit);
        Assert.Equal(0, RunnerHarness.Run([.. common, "--threads", "1", "--out", b.Path]).Exit);
        var wa = ModelFile.Load(Path.Combine(a.Path, "model.som")).Weights;
        var wb = ModelFile.Load(Path.Combine(b.Path, "model.som")).Weights;
        Assert.Equal(wa.Select(BitConverter.SingleToInt32Bits), wb.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Gpu_engine_on_the_ilgpu_cpu_accelerator_trains_like_the_cpu_engine()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "label,a,b,c,d" };
        var rng = new SomRandom(11);
        for (int i = 0; i < 40; i++)
        {
            int label = i % 2;
            lines.Add($"{label},{label * 150 + rng.NextInt(60)},{rng.NextInt(255)},{255 - label * 150 - rng.NextInt(60)},{rng.NextInt(255)}");
        }
        string csv = dir.WriteText("two.csv", string.Join("\n", lines) + "\n");
        string[] common = ["train", "--data", csv, "--map", "3x2", "--epochs", "3", "--init", "samples"];
        var gpu = RunnerHarness.Run([.. common, "--device", "ilgpu-cpu", "--out", Path.Combine(dir.Path, "gpu")]);
        var cpu = RunnerHarness.Run([.. common, "--device", "cpu", "--out", Path.Combine(dir.Path, "cpu")]);
        Assert.True(gpu.Exit == 0, gpu.Error + gpu.Output);
        Assert.True(cpu.Exit == 0, cpu.Error + cpu.Output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "gpu", "metrics.json")))!;
        Assert.Contains("ILGPU", metrics["device"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var wg = ModelFile.Load(Path.Combine(dir.Path, "gpu", "model.som")).Weights;
        var wc = ModelFile.Load(Path.Combine(dir.Path, "cpu", "model.som")).Weights;
        for (int i = 0; i < wc.Length; i++) Assert.True(Math.Abs(wg[i] - wc[i]) <= 1e-5 + 1e-5 * Math.Abs(wc[i]), $"weight {i}: {wg[i]} vs {wc[i]}");
    }
}
