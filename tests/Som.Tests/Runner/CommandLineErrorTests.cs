namespace Som.Tests.Runner;

/// <summary>Bad command lines end with exit code 2 and one line naming the problem.</summary>
public class CommandLineErrorTests
{
    [Theory]
    [InlineData(new[] { "train" }, "--data is required")]
    [InlineData(new[] { "train", "--data", "x.csv", "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "train", "--data", "x.csv", "--map", "32y32" }, "--map: '32y32' is not WIDTHxHEIGHT")]
    [InlineData(new[] { "train", "--data", "x.csv", "--map", "0x5" }, "--map: '0x5'")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "0" }, "option 'epochs' = 0 is not allowed")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "ten" }, "--epochs: 'ten' is not an integer")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-end", "nan" }, "--sigma-end: 'nan' is not a finite number")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-start", "-2" }, "option 'sigma-start' = -2 is not allowed")]
    [InlineData(new[] { "train", "--data", "x.csv", "--rate-start", "0.3" }, "no learning rate in batch mode")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "triangle" }, "--topology: 'triangle' is not one of")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "hex", "--toroidal", "--map", "4x5" }, "an even height for a hexagonal torus")]
    [InlineData(new[] { "train", "--data", "x.csv", "--device", "tpu" }, "--device: 'tpu' is not one of")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "3", "--epochs", "4" }, "--epochs is given twice")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    public void Bad_command_line_is_one_line_and_exit_2(string[] args, string expected)
    {
        var (exit, _, error) = RunnerHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Missing_data_file_is_named()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "nothing-here.csv");
        var (exit, _, error) = RunnerHarness.Run("train", "--data", missing, "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("nothing-here.csv", error);
    }

    [Fact]
    public void Nan_in_csv_stops_the_run_and_keeps_the_previous_model()
    {
        using var dir = new TempDirectory();
        string csv = Path.Combine(dir.Path, "bad.csv");
        File.WriteAllText(csv, "label,a,b\n0,1,2\n1,3,nan\n");
        string model = Path.Combine(dir.Path, "model.som");
        File.WriteAllText(model, "previous model");
        var (exit, _, error) = RunnerHarness.Run("train", "--data", csv, "--map", "2x2", "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("bad.csv", error);
        Assert.Equal("previous model", File.ReadAllText(model));
        Assert.False(File.Exists(Path.Combine(dir.Path, "metrics.json")));
    }

    [Fact]
    public void Csv_data_trains_and_writes_both_files()
    {
        using var dir = new TempDirectory();
        string csv = Path.Combine(dir.Path, "tiny.csv");
        var lines = new List<string> { "label,a,b,c" };
        var rng = new SomRandom(3);
        for (int i = 0; i < 60; i++)
        {
            int label = i % 3;
            lines.Add($"{label},{label * 80 + rng.NextInt(20)},{255 - label * 80 - rng.NextInt(20)},{rng.NextInt(255)}");
        }
        File.WriteAllLines(csv, lines);
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "3x2", "--epochs", "4", "--init", "samples", "--out", dir.Path);
        Assert.True(exit == 0, error + output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.som")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "metrics.json")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void A_named_gpu_that_is_not_here_is_an_error_not_a_fallback()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n");
        var (exit, _, error) = RunnerHarness.Run("train", "--data", csv, "--map", "2x1", "--device", "cuda", "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("option 'device' = cuda", error);
        Assert.Contains("found: ", error);
        Assert.False(File.Exists(dir["model.som"]));
    }
}
