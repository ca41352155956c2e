using System.Globalization;
using System.Text;
using Som.Runner.Cli;
using Som.Runner.Commands;
using Som.Runner.Reporting;
using Som.Runner.Tuning;
using Som.Tests.Runner;

namespace Som.Tests.Tuning;

/// <summary>
/// <c>som tune</c> in-process on a small labelled CSV: the same seed gives the same table whatever the concurrency,
/// the test split has no say, the best line is a <c>som train</c> command of the best trial, the scores are real, and
/// bad input is one line with nothing written.
/// </summary>
public sealed class TuneCommandTests
{
    /// <summary>A CSV of <paramref name="n"/> samples of 4 Gaussian clusters in 6-D (label = cluster); <paramref name="shift"/> moves every value.</summary>
    internal static string Clusters(int n, int seed, double shift = 0, bool relabel = false)
    {
        var random = new Random(seed);
        var b = new StringBuilder("label,f0,f1,f2,f3,f4,f5\n");
        for (int i = 0; i < n; i++)
        {
            int c = i % 4;
            b.Append(relabel ? (3 - c) : c);
            for (int f = 0; f < 6; f++)
            {
                double centre = (f % 4 == c ? 3.0 : 0.0) + (f == 5 ? c * 0.5 : 0);
                double gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                b.Append(',').Append((centre + 1.2 * gauss + shift).ToString("R", CultureInfo.InvariantCulture));
            }
            b.Append('\n');
        }
        return b.ToString();
    }

    private static string[] Tune(string data, string outDir, params string[] extra) =>
        ["tune", "--data", data, "--map", "4x4,6x5", "--sigma-start", "0.5..4", "--sigma-end", "0.2..1.5", "--epochs", "2..6",
            "--init", "pca,random,samples", "--trials", "9", "--seed", "4", "--out", outDir, .. extra];

    /// <summary>trials.csv without the seconds columns (the only ones that may differ between runs).</summary>
    internal static string[] Table(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "trials.csv")).Select(l => string.Join(',', l.Split(',')[..14]))];

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var r = RunnerHarness.Run(args);
        Assert.True(r.Exit == 0, $"exit {r.Exit}: {r.Error}\n{r.Output}");
        return r;
    }

    [Fact]
    public void Same_seed_gives_the_same_trials_and_table_whatever_runs_at_once_and_another_seed_does_not()
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", Clusters(500, 1));
        Run(Tune(data, dir["a"], "--parallel", "1", "--threads", "1"));
        Run(Tune(data, dir["b"], "--parallel", "3", "--threads", "1"));
        Run(Tune(data, dir["c"], "--parallel", "2", "--threads", "2"));
        var a = Table(dir["a"]);
        Assert.Equal(1 + 9 + 3 + 1, a.Length);
        Assert.Equal(a, Table(dir["b"]));
        Assert.Equal(a, Table(dir["c"]));
        Assert.Equal(File.ReadAllText(Path.Combine(dir["a"], "best-command.txt")), File.ReadAllText(Path.Combine(dir["b"], "best-command.txt")));
        // The trials vary over the space and the scores vary with them: the table is not one run repeated.
        var rung0 = a.Skip(1).Take(9).Select(l => l.Split(',')).ToArray();
        Assert.True(rung0.Select(f => f[3]).Distinct().Count() == 2 && rung0.Select(f => f[8]).Distinct().Count() >= 2, string.Join('\n', a));
        Assert.True(rung0.Select(f => f[9]).Distinct().Count() >= 3, string.Join('\n', a));

        Run([.. Tune(data, dir["d"]).Select(w => w == "4" ? "5" : w)]);
        Assert.NotEqual(a.Skip(1).Select(l => string.Join(',', l.Split(',')[3..9])), Table(dir["d"]).Skip(1).Select(l => string.Join(',', l.Split(',')[3..9])));
    }

    [Fact]
    public void The_rungs_grow_by_eta_and_each_runs_the_best_of_the_previous_one_on_a_superset()
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", Clusters(900, 2));
        var (_, output, _) = Run(Tune(data, dir["t"]));
        var rows = File.ReadAllLines(Path.Combine(dir["t"], "trials.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        // 900 samples, 90 held out: rungs on 810/9 = 90, 270 and 810 samples.
        Assert.Contains("810 to train on", output);
        Assert.Equal(["90", "270", "810"], rows.Select(f => f[2]).Distinct());
        for (int rung = 0; rung < 2; rung++)
        {
            var here = rows.Where(f => f[1] == rung.ToString(CultureInfo.InvariantCulture)).ToArray();
            var next = rows.Where(f => f[1] == (rung + 1).ToString(CultureInfo.InvariantCulture)).Select(f => f[0]).ToArray();
            var best = here.OrderByDescending(f => double.Parse(f[12], CultureInfo.InvariantCulture)).ThenBy(f => int.Parse(f[0], CultureInfo.InvariantCulture))
                .Take(next.Length).Select(f => f[0]).Order();
            Assert.Equal(best, next.Order());
            Assert.All(here, f => Assert.Equal(next.Contains(f[0]) ? "1" : "0", f[13]));
            // A promoted trial keeps its options.
            foreach (string t in next)
                Assert.Equal(here.Single(f => f[0] == t)[3..9], rows.Single(f => f[0] == t && f[1] == (rung + 1).ToString(CultureInfo.InvariantCulture))[3..9]);
        }
    }

    [Fact]
    public void The_test_split_has_no_say_in_the_search()
    {
        using var dir = new TempDirectory();
        string train = dir.WriteText("train.csv", Clusters(400, 3));
        string testA = dir.WriteText("a.csv", Clusters(100, 8));
        string testB = dir.WriteText("b.csv", Clusters(100, 9, shift: 5, relabel: true));
        Run(Tune($"{train},{testA}", dir["a"]));
        Run(Tune($"{train},{testB}", dir["b"]));
        Run(Tune(train, dir["c"]));
        Assert.Equal(Table(dir["c"]), Table(dir["a"]));
        Assert.Equal(Table(dir["c"]), Table(dir["b"]));
    }

    [Fact]
    public void The_best_line_is_a_train_command_of_the_best_trial_and_its_scores_are_the_maps()
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", Clusters(600, 4));
        var (_, output, _) = Run(Tune(data, dir["t"], "--objective", "mix:acc-0.5*te"));
        string line = File.ReadAllText(Path.Combine(dir["t"], "best-command.txt")).TrimEnd();
        Assert.Contains(line, output);
        var last = File.ReadAllLines(Path.Combine(dir["t"], "trials.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "2").ToArray();
        var best = Assert.Single(last);
        Assert.Contains($"best: trial {best[0]}, ", output);

        // The line parses as som train and gives the best trial's options.
        Assert.StartsWith("som train ", line, StringComparison.Ordinal);
        var options = new TrainOptions();
        var train = new System.CommandLine.Command("train");
        foreach (var o in options.All) train.Options.Add(o);
        var parse = train.Parse(line["som train ".Length..].Split(' '));
        Assert.Empty(parse.Errors);
        var settings = options.Read(parse);
        var c = CultureInfo.InvariantCulture;
        var o0 = settings.Options;
        Assert.Equal(best[3], $"{o0.Width}x{o0.Height}");
        Assert.Equal(double.Parse(best[4], c), o0.ResolvedSigmaStart);
        Assert.Equal(double.Parse(best[5], c), o0.SigmaEnd);
        Assert.Equal(best[6], OptionNames.Schedules.Single(p => p.Value == o0.SigmaSchedule).Key);
        Assert.Equal(int.Parse(best[7], c), o0.Epochs);
        Assert.Equal(best[8], OptionNames.Inits.Single(p => p.Value == o0.Init).Key);
        Assert.Equal(4UL, o0.Seed);
        Assert.Equal(data, settings.Data);

        // Retrain the best trial here on the same split (the split is a function of the seed) and score it naively in
        // double precision: the table's accuracy, TE and objective are those of that map.
        var all = DataSource.Resolve(data).Train;
        var split = new ValidationSplit(all.Count, 60, 4);
        var rows = TuneCommand.Subset(all, split.Train(540), "t");
        var validation = TuneCommand.Subset(all, split.Validation, "v");
        using var engine = new Som.Cpu.CpuEngine(o0 with { Threads = 1 }, all.Features);
        SomTrainer.Initialize(engine, rows.Samples);
        SomTrainer.Train(engine, rows.Samples);
        var w = new float[o0.Units * all.Features];
        engine.GetWeights(w);
        int[] Nearest(Dataset d, out int[] second)
        {
            var first = new int[d.Count];
            second = new int[d.Count];
            for (int i = 0; i < d.Count; i++)
            {
                double b1 = double.PositiveInfinity, b2 = double.PositiveInfinity;
                for (int j = 0; j < o0.Units; j++)
                {
                    double s = SomMetrics.SquaredDistance(d.Samples.Row(i), w.AsSpan(j * all.Features, all.Features));
                    if (s < b1) { (b2, second[i]) = (b1, first[i]); (b1, first[i]) = (s, j); }
                    else if (s < b2) (b2, second[i]) = (s, j);
                }
            }
            return first;
        }
        var trainBmu = Nearest(rows, out _);
        var validationBmu = Nearest(validation, out var secondBmu);
        var labels = SomMetrics.UnitLabels(engine.Grid, trainBmu, rows.Labels!);
        double accuracy = validationBmu.Select((b, i) => labels[b] == validation.Labels![i] ? 1.0 : 0).Average();
        double te = validationBmu.Select((b, i) =>
        {
            var (x1, y1, x2, y2) = (b % o0.Width, b / o0.Width, secondBmu[i] % o0.Width, secondBmu[i] / o0.Width);
            return Math.Max(Math.Abs(x1 - x2), Math.Abs(y1 - y2)) <= 1 ? 0.0 : 1;
        }).Average();
        Assert.Equal(accuracy, double.Parse(best[9], c), 1e-12);
        Assert.Equal(te, double.Parse(best[11], c), 1e-12);
        Assert.Equal(accuracy - 0.5 * te, double.Parse(best[12], c), 1e-12);
        Assert.InRange(accuracy, 0.5, 1);   // 4 well-separated classes: a real map labels most of them
    }

    [Fact]
    public void Qe_and_te_objectives_need_no_labels_and_rank_lower_first()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("images-idx3-ubyte", Som.Tests.Data.IdxFiles.Images(300, 3, 2, Som.Tests.Data.IdxFiles.Noise));
        var (_, output, _) = Run(Tune(data, dir["t"], "--objective", "qe"));
        Assert.Contains("lower is better", output);
        var rows = File.ReadAllLines(Path.Combine(dir["t"], "trials.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, f => Assert.Equal("", f[9]));
        var rung0 = rows.Where(f => f[1] == "0").OrderBy(f => double.Parse(f[12], CultureInfo.InvariantCulture)).Take(3).Select(f => f[0]).Order();
        Assert.Equal(rung0, rows.Where(f => f[1] == "1").Select(f => f[0]).Order());
        Assert.All(rows, f => Assert.Equal(f[10], f[12]));
    }

    [Fact]
    public void One_trial_on_a_one_unit_map_is_one_rung_scored_by_the_majority_class()
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", Clusters(124, 7));
        Run("tune", "--data", data, "--map", "1x1", "--trials", "1", "--seed", "3", "--out", dir["t"]);
        var row = Assert.Single(File.ReadAllLines(Path.Combine(dir["t"], "trials.csv")).Skip(1)).Split(',');
        Assert.Equal(["0", "0", "112", "1x1", "1"], row[..5]);
        // The one unit takes the training part's majority class (ties to the lowest), so the accuracy is that class's
        // share of the validation split, recomputed here from the split.
        var all = DataSource.Resolve(data).Train;
        var split = new ValidationSplit(124, 12, 3);
        var votes = split.Train(112).GroupBy(i => all.Labels![i]).Select(g => (Label: g.Key, Count: g.Count())).ToArray();
        int majority = votes.Where(v => v.Count == votes.Max(w => w.Count)).Min(v => v.Label);
        double share = split.Validation.Count(i => all.Labels![i] == majority) / 12.0;
        Assert.Equal(share, double.Parse(row[9], CultureInfo.InvariantCulture), 1e-15);
    }

    [Theory]
    [InlineData("--sigma-start", "8..2", "--sigma-start: '8..2' is an empty range: expected FROM..TO with FROM ≤ TO")]
    [InlineData("--epochs", "0..3", "--epochs: 0 in '0..3' is not allowed: expected integers ≥ 1")]
    [InlineData("--map", "4x4,0x3", "--map: '0x3'")]
    [InlineData("--map", "30x30", "--map: 30x30 has 900 units but 360 samples are left to train on (400 less 40 held out for validation): expected at most 360 units")]
    [InlineData("--map", "4096x2048", "--map: width 4096 is not allowed: expected at most 4194304 units in all")]
    [InlineData("--objective", "loss", "--objective: 'loss' is not allowed: expected accuracy, qe, te or mix:EXPR")]
    [InlineData("--sigma-schedule", "exponential,cubic", "--sigma-schedule: 'cubic' is not allowed: expected a list of linear, exponential, inverse")]
    [InlineData("--init", "pca,zeros", "--init: 'zeros' is not allowed: expected a list of pca, random, samples")]
    [InlineData("--rungs", "5", "--rungs: 5 is not allowed: 9 trials halved by η = 3 leave one trial after 3 rungs: expected at most 3")]
    [InlineData("--validation", "1", "--validation: 1 is not allowed: expected a share between 0 and 1")]
    [InlineData("--validation", "0.0001", "--validation: 0.0001 of 400 samples holds out 0: expected at least 1 sample held out")]
    [InlineData("--eta", "1", "--eta: 1 is out of range")]
    [InlineData("--trials", "0", "--trials: 0 is out of range")]
    public void Bad_input_is_one_line_exit_2_and_nothing_written(string flag, string value, string expected)
    {
        using var dir = new TempDirectory();
        string data = dir.WriteText("train.csv", Clusters(400, 6));
        string[] args = ["tune", "--data", data, "--trials", "9", "--map", "4x4", "--out", dir["out"]];
        args = args.Contains(flag) ? [.. args.Select((w, i) => i > 0 && args[i - 1] == flag ? value : w)] : [.. args, flag, value];
        var (exit, output, error) = RunnerHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(dir["out"]), output);
    }

    [Fact]
    public void Accuracy_on_unlabelled_data_is_refused()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("images-idx3-ubyte", Som.Tests.Data.IdxFiles.Images(100, 3, 2, Som.Tests.Data.IdxFiles.Noise));
        var (exit, _, error) = RunnerHarness.Run("tune", "--data", data, "--map", "3x3", "--out", dir["out"]);
        Assert.Equal(2, exit);
        Assert.Contains("--objective accuracy: ", error);
        Assert.Contains("has no labels: expected labelled data, or --objective qe or te", error);
        Assert.False(Directory.Exists(dir["out"]));
    }
}
