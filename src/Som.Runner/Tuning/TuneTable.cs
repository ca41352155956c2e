using System.Globalization;
using System.Text;
using Som.Runner.Cli;
using Som.Runner.Commands;

namespace Som.Runner.Tuning;

/// <summary>How <c>som tune</c> writes its trials: the console lines, trials.csv, trials.md and the best trial's <c>som train</c> line.</summary>
internal static class TuneTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The CSV header; one row per trial and rung follows, rung by rung, trials in increasing number.</summary>
    public const string CsvHeader =
        "trial,rung,samples,map,sigma_start,sigma_end,sigma_schedule,epochs,init,accuracy,qe,te,objective,promoted,seconds,seconds_per_epoch";

    /// <summary>The header of the console table.</summary>
    public static string ConsoleHeader =>
        $"{"trial",6}  {"map",7}  {"σ start",8}  {"σ end",6}  {"schedule",11}  {"epochs",6}  {"init",7}  {"accuracy",8}  {"qe",9}  {"te",6}  {"objective",10}  {"seconds",7}";

    /// <summary>One trial on the console.</summary>
    public static string ConsoleRow(TrialResult t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var o = t.Options;
        string acc = t.Scores.Accuracy is { } a ? a.ToString("F4", C) : "n/a";
        return string.Create(C,
            $"{t.Trial,6}  {Map(o),7}  {o.ResolvedSigmaStart,8:R}  {o.SigmaEnd,6:R}  {Spell(o.SigmaSchedule),11}  {o.Epochs,6}  {Spell(o.Init),7}  "
            + $"{acc,8}  {t.Scores.QuantizationError,9:F4}  {t.Scores.TopographicError,6:F4}  {t.Objective,10:G6}  {t.Seconds,7:F2}");
    }

    /// <summary>trials.csv: every row, numbers in full precision ("R"), seconds to the millisecond.</summary>
    public static string Csv(IReadOnlyList<TrialResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var b = new StringBuilder(CsvHeader).Append('\n');
        foreach (var t in rows)
        {
            var o = t.Options;
            b.Append(string.Create(C,
                $"{t.Trial},{t.Rung},{t.Samples},{Map(o)},{o.ResolvedSigmaStart:R},{o.SigmaEnd:R},{Spell(o.SigmaSchedule)},{o.Epochs},{Spell(o.Init)},"
                + $"{(t.Scores.Accuracy is { } a ? a.ToString("R", C) : "")},{t.Scores.QuantizationError:R},{t.Scores.TopographicError:R},{t.Objective:R},"
                + $"{(t.Promoted ? 1 : 0)},{t.Seconds:F3},{t.TrainSeconds / o.Epochs:F4}")).Append('\n');
        }
        return b.ToString();
    }

    /// <summary>trials.md: what was searched, the best trial and its command line, then the table rung by rung.</summary>
    public static string Markdown(IReadOnlyList<TrialResult> rows, TuneSettings s, TrialResult best, string bestLine, string data, int held, int trainCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(best);
        var sp = s.Space;
        var b = new StringBuilder();
        b.Append(C, $"# som tune on {data}\n\n");
        b.Append(C, $"{s.Trials} trials, η = {s.Eta}, seed {sp.Base.Seed}; objective `{s.Objective.Text}` ({s.Objective.Direction}) on {held} validation samples held out of the training data; ");
        b.Append(C, $"the trials train on seeded subsets of the other {trainCount}.\n\n");
        b.Append(C, $"Searched: map {string.Join(", ", sp.Maps.Select(m => $"{m.Width}x{m.Height}"))}; σ start {sp.SigmaStart?.ToString() ?? "max(W,H)/8..max(W,H)/2"}; ");
        b.Append(C, $"σ end {sp.SigmaEnd}; schedule {string.Join(", ", sp.Schedules.Select(Spell))}; epochs {sp.Epochs}; init {string.Join(", ", sp.Inits.Select(Spell))}.\n\n");
        b.Append(C, $"Best: trial {best.Trial}, {s.Objective.Text} {best.Objective:G6}:\n\n    {bestLine}\n\n");
        b.Append("| trial | rung | samples | map | σ start | σ end | schedule | epochs | init | accuracy | QE | TE | objective | promoted | seconds |\n");
        b.Append("|---:|---:|---:|---|---:|---:|---|---:|---|---:|---:|---:|---:|---|---:|\n");
        foreach (var t in rows)
        {
            var o = t.Options;
            string acc = t.Scores.Accuracy is { } a ? a.ToString("P2", C) : "n/a";
            string name = t.Trial == best.Trial && t.Rung == best.Rung ? $"**{t.Trial}**" : t.Trial.ToString(C);
            b.Append(string.Create(C,
                $"| {name} | {t.Rung} | {t.Samples} | {Map(o)} | {o.ResolvedSigmaStart:R} | {o.SigmaEnd:R} | {Spell(o.SigmaSchedule)} | {o.Epochs} | {Spell(o.Init)} | "
                + $"{acc} | {t.Scores.QuantizationError:F4} | {t.Scores.TopographicError:F4} | {t.Objective:G6} | {(t.Promoted ? "yes" : "")} | {t.Seconds:F2} |\n"));
        }
        return b.ToString();
    }

    /// <summary>The <c>som train</c> command line that trains <paramref name="options"/> on the same data, as the final run.</summary>
    public static string TrainCommandLine(TuneSettings s, SomOptions options)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(options);
        var words = new List<string> { "som", "train", "--data", Quote(s.Data) };
        if (s.Limit is { } n) words.AddRange(["--limit", n.ToString(C)]);
        words.AddRange(["--map", Map(options), "--epochs", options.Epochs.ToString(C),
            "--sigma-start", options.ResolvedSigmaStart.ToString("R", C), "--sigma-end", options.SigmaEnd.ToString("R", C),
            "--sigma-schedule", Spell(options.SigmaSchedule), "--init", Spell(options.Init), "--seed", options.Seed.ToString(C)]);
        if (s.Device != "cpu") words.AddRange(["--device", s.Device]);
        words.AddRange(["--out", Quote(Path.Combine("runs", "tuned"))]);
        return string.Join(' ', words);
    }

    private static string Map(SomOptions o) => string.Create(C, $"{o.Width}x{o.Height}");

    private static string Spell(ScheduleKind k) => OptionNames.Schedules.First(p => p.Value == k).Key;

    private static string Spell(InitMethod i) => OptionNames.Inits.First(p => p.Value == i).Key;

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or ',' or '=')
            ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
