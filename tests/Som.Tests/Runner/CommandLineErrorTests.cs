using Som.Runner.Cli;

namespace Som.Tests.Runner;

/// <summary>Bad command lines end with exit code 2 and one line naming the problem.</summary>
public class CommandLineErrorTests
{
    [Theory]
    [InlineData(new string[0], "no command given: expected train, evaluate, map, render, devices, bench, kmeans")]
    [InlineData(new[] { "train" }, "Option '--data' is required")]
    [InlineData(new[] { "train", "--data", "x.csv", "--flavour", "red" }, "unknown option --flavour for 'som train' (see som train --help)")]
    [InlineData(new[] { "train", "--data", "x.csv", "--colour", "rgb" }, "unknown option --colour for 'som train'. Did you mean --color?")]
    [InlineData(new[] { "train", "--data", "x.csv", "--color", "red" }, "--color: 'red' is not one of grey, gray, rgb")]
    [InlineData(new[] { "train", "--data", "x.csv", "--image-size", "28" }, "--image-size: '28' is not WIDTHxHEIGHT")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epoch", "3" }, "unknown option --epoch for 'som train'. Did you mean --epochs?")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-strat=2" }, "unknown option --sigma-strat for 'som train'. Did you mean --sigma-start?")]
    [InlineData(new[] { "train", "--data", "x.csv", "--map", "32y32" }, "--map: '32y32' is not WIDTHxHEIGHT")]
    [InlineData(new[] { "train", "--data", "x.csv", "--map", "0x5" }, "--map: '0x5'")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "0" }, "--epochs: 0 is not allowed: expected an integer ≥ 1")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "ten" }, "--epochs: 'ten' is not an integer")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-end", "nan" }, "--sigma-end: 'nan' is not a finite number")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-start", "-2" }, "--sigma-start: -2 is not allowed: expected a finite number > 0")]
    [InlineData(new[] { "train", "--data", "x.csv", "--sigma-start=-2" }, "--sigma-start: -2 is not allowed")]
    [InlineData(new[] { "train", "--data", "x.csv", "--rate-start", "0.3" }, "--rate-start: 0.3 is not allowed: expected no learning rate in batch mode")]
    [InlineData(new[] { "train", "--data", "x.csv", "--rate-end", "0.1" }, "; use --mode online")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "triangle" }, "--topology: 'triangle' is not one of rect, rectangular, hex, hexagonal")]
    [InlineData(new[] { "train", "--data", "x.csv", "--neighborhood=cone" }, "--neighborhood: 'cone' is not one of gaussian, bubble, mexican-hat, triangle")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "hex", "--toroidal", "--map", "4x5" }, "--map: height 5 is not allowed: expected an even height for a hexagonal torus")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "hex", "--grid-metric", "manhattan" }, "--grid-metric: manhattan is not allowed: expected euclidean on a hexagonal map")]
    [InlineData(new[] { "train", "--data", "x.csv", "--topology", "hex", "--adjacency", "8" }, "--adjacency: 8 is not allowed: expected 6 (or default) on a hexagonal map")]
    [InlineData(new[] { "train", "--data", "x.csv", "--map", "4096x2048" }, "--map: width 4096 is not allowed: expected at most 4194304 units in all")]
    [InlineData(new[] { "bench", "--data", "x.csv", "--maps", "4x4,4096x2048" }, "--maps: 4096x2048 is not allowed: expected at most 4194304 units")]
    [InlineData(new[] { "bench", "--data", "x.csv", "--threads", "-1" }, "--threads: -1 is not allowed: expected an integer ≥ 0")]
    [InlineData(new[] { "train", "--data", "x.csv", "--toroidal=maybe" }, "--toroidal: 'maybe' is not true or false")]
    [InlineData(new[] { "train", "--data", "x.csv", "--device", "tpu" }, "--device: 'tpu' is not one of cpu, auto, ilgpu-cpu, opencl, cuda")]
    [InlineData(new[] { "train", "--data", "x.csv", "--epochs", "3", "--epochs", "4" }, "'--epochs' expects a single argument but 2 were provided")]
    [InlineData(new[] { "train", "--data", "x.csv", "stray" }, "unexpected argument 'stray' for 'som train'")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate': expected train, evaluate, map, render, devices, bench, kmeans, cluster, hclust, quantize, tune, import, mpi (see som --help)")]
    [InlineData(new[] { "trian" }, "unknown command 'trian': expected train, evaluate, map, render, devices, bench, kmeans, cluster, hclust, quantize, tune, import, mpi. Did you mean train?")]
    [InlineData(new[] { "bench", "--data", "x.csv", "--repeat", "0" }, "--repeat: 0 is out of range: expected 1…1000")]
    public void Bad_command_line_is_one_line_and_exit_2(string[] args, string expected)
    {
        var (exit, output, error) = RunnerHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        // No help dump after an error.
        Assert.DoesNotContain("Usage:", output + error);
    }

    [Fact]
    public void An_output_folder_that_is_a_file_fails_before_loading_and_keeps_the_file()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n");
        string file = dir.WriteText("results", "not a folder");
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "2x1", "--out", file);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --out {file}: is a file: expected a folder (existing, or one to create)", error.TrimEnd());
        Assert.DoesNotContain("data:", output);
        Assert.DoesNotContain("epoch", output);
        Assert.Equal("not a folder", File.ReadAllText(file));

        // Below a file is no better: nothing could be created there either.
        (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "2x1", "--out", Path.Combine(file, "run"));
        Assert.Equal(2, exit);
        Assert.Contains($"{file} is a file: expected a folder there", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("data:", output);
    }

    [Fact]
    public void A_bench_output_file_that_is_a_folder_fails_before_timing()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n");
        var (exit, output, error) = RunnerHarness.Run("bench", "--data", csv, "--maps", "2x1", "--repeat", "1", "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --out {dir.Path}: is a folder: expected a file name", error.TrimEnd());
        Assert.DoesNotContain("data:", output);
    }

    [Fact]
    public void A_radius_beyond_the_map_warns_and_still_trains()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n0,2,2\n1,4,3\n");
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "3x2", "--epochs", "2", "--init", "samples",
            "--sigma-start", "1e30", "--out", dir.Path);
        Assert.True(exit == 0, error + output);
        string warning = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("warning: --sigma-start 1E+30 is larger than the map's diameter max(W, H) = 3", warning);
        Assert.True(File.Exists(dir["model.som"]));

        (exit, _, error) = RunnerHarness.Run("train", "--data", csv, "--map", "3x2", "--epochs", "2", "--init", "samples",
            "--sigma-start", "2", "--out", dir.Path);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("warning", error);
    }

    [Fact]
    public void Equals_and_space_spellings_and_toroidal_values_all_parse()
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("tiny.csv", "label,a,b\n0,1,2\n1,3,4\n0,2,2\n1,4,3\n");
        foreach (string[] toroidal in new[] { new[] { "--toroidal" }, new[] { "--toroidal=true" }, new[] { "--toroidal=false" }, new[] { "--toroidal", "true" } })
        {
            var (exit, output, error) = RunnerHarness.Run([
                "train", "--data=" + csv, "--map=4x2", "--epochs", "1", "--init=samples", "--topology=HEX", "--out", dir.Path, .. toroidal]);
            Assert.True(exit == 0, string.Join(' ', toroidal) + ": " + error + output);
            bool wraps = !toroidal.Contains("--toroidal=false");
            Assert.Equal(wraps, output.Contains("hex torus", StringComparison.Ordinal));
            Assert.Equal(wraps, ModelFile.Load(dir["model.som"]).Options.Toroidal);
        }
    }

    [Fact]
    public void Missing_named_data_says_how_to_fetch_it()
    {
        using var dir = new TempDirectory();
        var fashion = Assert.Throws<SomDataException>(() => DataSource.Resolve("fashion-mnist", false, dir.Path, dir.Path, null));
        string line = OptionFlags.Describe(fashion);
        Assert.StartsWith(fashion.Message, line);
        Assert.EndsWith(", or run data-scripts/get-fashion-mnist.sh", line);
        var mnist = Assert.Throws<SomDataException>(() => DataSource.Resolve("mnist", false, dir.Path, dir.Path, null));
        Assert.EndsWith(", or put the MNIST files in data/mnist", OptionFlags.Describe(mnist));
        var other = Assert.Throws<SomDataException>(() => DataSource.Resolve(dir["none.csv"], false, dir.Path, dir.Path, null));
        Assert.Equal(other.Message, OptionFlags.Describe(other));
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
        Assert.Contains("--device: cuda is not allowed: expected ", error);
        Assert.Contains("found: ", error);
        Assert.False(File.Exists(dir["model.som"]));
    }
}
