using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Som.Tests.Oracle;

namespace Som.Tests.Runner;

/// <summary>
/// <c>som train --init-codebook FILE</c>: the run starts from the file's codebook (a CSV of W·H rows × D columns
/// in SomGpu's unit order, or a model file), and a file of the wrong shape, a value that is not a finite number,
/// or a clash with <c>--init</c> / <c>--resume</c> is one line, exit 2, with nothing written.
/// </summary>
public sealed class InitCodebookTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>n labelled samples × d features (pixel-like values 0 … 255, which the reader divides by 255).</summary>
    private string Data(int n, int d, ulong seed)
    {
        var rng = new SomRandom(seed);
        var text = new StringBuilder("label");
        for (int f = 0; f < d; f++) text.Append(CultureInfo.InvariantCulture, $",f{f}");
        text.Append('\n');
        for (int i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 3}");
            for (int f = 0; f < d; f++) text.Append(CultureInfo.InvariantCulture, $",{rng.NextInt(256)}");
            text.Append('\n');
        }
        return _dir.WriteText("data.csv", text.ToString());
    }

    /// <summary>An m × d codebook of values in [0, 1), seeded.</summary>
    private static float[] Codebook(int m, int d, ulong seed)
    {
        var rng = new SomRandom(seed);
        var w = new float[m * d];
        for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextDouble();
        return w;
    }

    private string CodebookCsv(string name, float[] w, int d)
    {
        var text = new StringBuilder();
        for (int j = 0; j < w.Length / d; j++)
            text.AppendJoin(',', Enumerable.Range(0, d).Select(f => w[j * d + f].ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        return _dir.WriteText(name, text.ToString());
    }

    /// <summary>QE = mean_i min_j ‖x_i − w_j‖, every term in double (docs/contract.md §10), without the engine.</summary>
    private static double NaiveQe(Dataset data, float[] w, int d)
    {
        double total = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Samples.Row(i);
            double best = double.PositiveInfinity;
            for (int j = 0; j < w.Length / d; j++)
            {
                double s = 0;
                for (int f = 0; f < d; f++)
                {
                    double t = (double)x[f] - w[j * d + f];
                    s += t * t;
                }
                best = Math.Min(best, s);
            }
            total += Math.Sqrt(best);
        }
        return total / data.Count;
    }

    [Theory]
    [InlineData(3, 2, 5, 33)]
    [InlineData(1, 1, 1, 31)]
    [InlineData(5, 1, 7, 127)]
    public void The_run_starts_from_the_csv_codebook(int width, int height, int d, int n)
    {
        string data = Data(n, d, 7);
        var w = Codebook(width * height, d, 11);
        string csv = CodebookCsv("init.csv", w, d);
        var r = RunnerHarness.Run("train", "--data", data, "--map", $"{width}x{height}", "--epochs", "1", "--init-codebook", csv,
            "--no-report", "--out", _dir["o"]);
        Assert.True(r.Exit == 0, r.Error);
        var metrics = JsonNode.Parse(File.ReadAllText(_dir["o/metrics.json"]))!;
        double expected = NaiveQe(CsvReader.Load(data), w, d);
        double initial = metrics["initial_quantization_error"]!.GetValue<double>();
        Assert.True(Math.Abs(initial - expected) <= 1e-9 * Math.Max(1, expected), $"initial QE {initial}, the codebook's {expected}");
        Assert.Equal(csv, metrics["init_codebook"]!.GetValue<string>());
        Assert.Contains($"init: codebook {csv}", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_and_the_same_codebook_as_csv_train_the_same_bits()
    {
        const int W = 4, H = 3, D = 6;
        string data = Data(60, D, 3);
        var w = Codebook(W * H, D, 5);
        string csv = CodebookCsv("init.csv", w, D);
        string som = _dir["init.som"];
        ModelFile.Save(new SomModel(new SomOptions { Width = W, Height = H }, D, w), som);
        string[] common = ["train", "--data", data, "--map", $"{W}x{H}", "--epochs", "3", "--topology", "hex", "--no-report"];
        var a = RunnerHarness.Run([.. common, "--init-codebook", csv, "--out", _dir["a"]]);
        var b = RunnerHarness.Run([.. common, "--init-codebook", som, "--out", _dir["b"]]);
        var c = RunnerHarness.Run([.. common, "--out", _dir["c"]]);
        Assert.True(a.Exit == 0 && b.Exit == 0 && c.Exit == 0, a.Error + b.Error + c.Error);
        var wa = ModelFile.Load(_dir["a/model.som"]).Weights;
        Assert.Equal(TestData.Bits(wa), TestData.Bits(ModelFile.Load(_dir["b/model.som"]).Weights));
        // The default (PCA) start trains another map: the file was used.
        Assert.NotEqual(TestData.Bits(wa), TestData.Bits(ModelFile.Load(_dir["c/model.som"]).Weights));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "nan.csv", "0,0,0\nNaN,0,0\n0,0,0\n0,0,0\n0,0,0\n0,0,0\n", "line 2, column 1: 'NaN' is not a finite number: expected a codebook value" },
        { "inf.csv", "0,0,0\n0,0,0\n0,0,1e39\n0,0,0\n0,0,0\n0,0,0\n", "line 3, column 3: '1e39' is not a finite number: expected a codebook value" },
        { "text.csv", "0,0,0\n0,x,0\n", "line 2, column 2: 'x' is not a finite number: expected a codebook value" },
        { "rows.csv", "0,0,0\n0,0,0\n0,0,0\n0,0,0\n0,0,0\n", "5 rows: expected 6, one per unit of the 3x2 map" },
        { "cols.csv", "0,0,0\n0,0\n", "line 2: 2 values: expected 3 (the data's features)" },
        { "empty.csv", "\n\n", "no rows: expected one codebook row per unit" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_csv_is_one_line_exit_2_and_nothing_written(string name, string text, string expected)
    {
        string data = Data(20, 3, 1);
        string file = _dir.WriteText(name, text);
        var r = RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--init-codebook", file, "--no-report", "--out", _dir["o"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal($"error: --init-codebook {file}: {expected}", r.Error.Trim());
        Assert.False(Directory.Exists(_dir["o"]) && Directory.EnumerateFileSystemEntries(_dir["o"]).Any());
    }

    [Fact]
    public void A_model_of_another_map_or_a_missing_file_is_refused()
    {
        string data = Data(20, 3, 1);
        string som = _dir["other.som"];
        ModelFile.Save(new SomModel(new SomOptions { Width = 2, Height = 3 }, 3, new float[18]), som);
        var r = RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--init-codebook", som, "--no-report", "--out", _dir["o"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal($"error: --init-codebook {som}: a 2x3 model of 3 features: expected 3x2 (--map) and 3 features (the data)", r.Error.Trim());
        string missing = _dir["missing.csv"];
        r = RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--init-codebook", missing, "--no-report", "--out", _dir["o"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal($"error: --init-codebook {missing}: file not found: expected a CSV file of one codebook row per unit or a model file (.som)", r.Error.Trim());
        Assert.False(Directory.Exists(_dir["o"]) && Directory.EnumerateFileSystemEntries(_dir["o"]).Any());
    }

    [Fact]
    public void Init_or_resume_with_a_codebook_is_a_usage_error()
    {
        string data = Data(20, 3, 1);
        string csv = CodebookCsv("init.csv", Codebook(6, 3, 2), 3);
        var r = RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--init", "pca", "--init-codebook", csv, "--out", _dir["o"]);
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: --init pca with --init-codebook: expected one of them (the codebook file is the initialisation)", r.Error.Trim());
        r = RunnerHarness.Run("train", "--data", data, "--map", "3x2", "--resume", _dir["o"], "--init-codebook", csv);
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: --init-codebook with --resume: expected one of them (a resumed run continues from its checkpoint's codebook)", r.Error.Trim());
    }
}
