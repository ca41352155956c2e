using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som train --device KIND:I,J</c> (docs/contract.md §16): one map on two ILGPU CPU accelerators, a shard each, has the
/// bits of the run on one accelerator on k/255 data (the CSV reader divides by 255) with sample initialisation; bad lists
/// and runs that cannot be split are refused with one line and exit 2.
/// </summary>
public class TrainDeviceListTests
{
    private static string Csv(TempDirectory dir, int rows)
    {
        var lines = new List<string> { "label,a,b,c,d,e" };
        var rng = new SomRandom(5);
        for (int i = 0; i < rows; i++)
        {
            int label = i % 3;
            lines.Add($"{label},{label * 100 + rng.NextInt(50)},{rng.NextInt(255)},{255 - label * 90 - rng.NextInt(60)},{rng.NextInt(255)},{rng.NextInt(3)}");
        }
        return dir.WriteText("three.csv", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Two_cpu_accelerators_give_the_bits_and_metrics_of_one()
    {
        using var dir = new TempDirectory();
        string csv = Csv(dir, 41);
        string[] common = ["train", "--data", csv, "--map", "4x3", "--epochs", "3", "--init", "samples", "--no-report"];
        var two = RunnerHarness.Run([.. common, "--device", "ilgpu-cpu:0,1", "--out", Path.Combine(dir.Path, "two")]);
        var one = RunnerHarness.Run([.. common, "--device", "ilgpu-cpu", "--out", Path.Combine(dir.Path, "one")]);
        Assert.True(two.Exit == 0, two.Error + two.Output);
        Assert.True(one.Exit == 0, one.Error + one.Output);
        Assert.Contains("shards of 21 + 20 samples", two.Output);
        var a = ModelFile.Load(Path.Combine(dir.Path, "two", "model.som"));
        var b = ModelFile.Load(Path.Combine(dir.Path, "one", "model.som"));
        Assert.Equal(TestData.Bits(b.Weights), TestData.Bits(a.Weights));
        Assert.Equal(b.UnitLabels!.Labels, a.UnitLabels!.Labels);
    }

    [Theory]
    [InlineData("cuda:x", "--device cuda:x: 'x' is not a device index: expected cuda:0,1,… or cuda:all")]
    [InlineData("cpu:0,1", "--device cpu:0,1: 'cpu' cannot take a device list: expected cuda, opencl, ilgpu-cpu before the colon")]
    [InlineData("ilgpu-cpu:0,0", "--device ilgpu-cpu:0,0: device 0 is named twice: expected distinct indices")]
    public void A_bad_device_list_is_one_line_and_exit_2(string device, string message)
    {
        using var dir = new TempDirectory();
        var run = RunnerHarness.Run("train", "--data", Csv(dir, 5), "--device", device, "--out", Path.Combine(dir.Path, "out"));
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "model.som")));
    }

    [Theory]
    [InlineData(1, new string[0], "1 training sample for 2 devices: expected at least one sample per device")]
    [InlineData(6, new[] { "--mode", "online" }, "online training is sequential by definition and cannot be split over 2 ranks")]
    public void A_run_that_cannot_be_split_is_refused(int rows, string[] extra, string message)
    {
        using var dir = new TempDirectory();
        var run = RunnerHarness.Run(["train", "--data", Csv(dir, rows), "--map", "2x2", "--device", "ilgpu-cpu:0,1", .. extra,
            "--out", Path.Combine(dir.Path, "out")]);
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "model.som")));
    }
}
