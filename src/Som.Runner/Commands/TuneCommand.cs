using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;
using Som.Runner.Tuning;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som tune</c>: a seeded random search over σ start and end, the σ schedule, epochs, initialisation and map size,
/// with successive halving (many trials on a small seeded subset of the training data, the best 1/η trained again on η
/// times the samples, up to the whole training part). Every trial is scored on a seeded validation split held out of
/// the training data; the test split is never read. Writes DIR/trials.csv, DIR/trials.md, DIR/best-command.txt (the
/// best trial as a <c>som train</c> command line) and DIR/objective.png.
/// </summary>
internal static class TuneCommand
{
    /// <summary>The <c>tune</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var data = SharedOptions.Data("as for train; only the training split is read (fashion-mnist: the 60,000 training images), "
            + "and the validation split is held out of it");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var limit = SharedOptions.Limit("use the first N training samples only");
        var map = OptionFactory.Text("--map", "wxh[,wxh…]", "map sizes to pick from (default 32x32), e.g. 16x16,32x32");
        var sigmaStart = OptionFactory.Text("--sigma-start", "s|a,b|from..to",
            "σ at the first epoch: a value, a list, or a range drawn log-uniformly (default max(W,H)/8..max(W,H)/2 of the drawn map, at least 1)");
        var sigmaEnd = OptionFactory.Text("--sigma-end", "s|a,b|from..to", "σ at the last epoch, likewise (default 0.25..2)");
        var schedule = OptionFactory.Text("--sigma-schedule", "k[,k…]", "σ schedules to pick from: exponential, linear, inverse (default all three)");
        var epochs = OptionFactory.Text("--epochs", "n|a,b|from..to", "epochs: a value, a list or an integer range (default 10)");
        var init = OptionFactory.Text("--init", "i[,i…]", "initialisations to pick from: pca, random, samples (default pca)");
        var objective = OptionFactory.Text("--objective", Objective.Syntax,
            "what ranks the trials, on the validation split: accuracy (labelled-unit accuracy, default), qe, te, or mix:EXPR "
            + "(maximised weighted sum of acc, qe, te, e.g. mix:acc-0.5*te)");
        var trials = OptionFactory.Int("--trials", "n", "trials at rung 0 (default 27)", 1);
        var eta = OptionFactory.Int("--eta", "n", "halving factor: the best 1/η of a rung go on, on η times the samples (default 3)", 2);
        var rungs = OptionFactory.Int("--rungs", "n", "rungs (default: until one trial is left, 1 + ⌊log_η trials⌋)", 1);
        var validation = OptionFactory.Double("--validation", "f", "share of the training data held out to score the trials (default 0.1)");
        var parallel = OptionFactory.Int("--parallel", "n",
            "trials run at once (default: one per core with one thread each on the CPU, one at a time on a GPU); results do not depend on it", 1);
        var seed = SharedOptions.Seed();
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads("CPU threads per trial (default: the cores shared among the trials that run at once); results do not depend on it");
        var cpuKernel = SharedOptions.CpuKernel();
        var outDir = SharedOptions.Out("dir", "output folder (default runs/tune)");
        var command = new Command("tune",
            "Search the map's options (σ start and end, schedule, epochs, init, map size) by random search with successive halving, scored on a "
            + "validation split of the training data: write DIR/trials.csv, DIR/trials.md, DIR/best-command.txt and DIR/objective.png")
        {
            data, imageSize, colour, limit, map, sigmaStart, sigmaEnd, schedule, epochs, init, objective, trials, eta, rungs, validation,
            parallel, seed, device, threads, cpuKernel, outDir,
        };
        command.SetAction(r =>
        {
            var baseOptions = new SomOptions { Seed = r.GetValue(seed) ?? 1 };
            var space = new TuneSpace(
                baseOptions,
                ParseMaps(r.GetValue(map) ?? "32x32"),
                r.GetValue(sigmaStart) is { } s0 ? TuneRange.Parse("--sigma-start", s0, integer: false, min: 0, strict: true) : null,
                r.GetValue(sigmaEnd) is { } s1 ? TuneRange.Parse("--sigma-end", s1, integer: false, min: 0, strict: true) : TuneSpace.DefaultSigmaEnd,
                ParseList("--sigma-schedule", r.GetValue(schedule) ?? "exponential,linear,inverse", OptionNames.Schedules),
                r.GetValue(epochs) is { } e ? TuneRange.Parse("--epochs", e, integer: true, min: 1, strict: false) : TuneRange.Fixed(SomOptions.Defaults.Epochs),
                ParseList("--init", r.GetValue(init) ?? "pca", OptionNames.Inits));
            double fraction = r.GetValue(validation) ?? 0.1;
            if (!(fraction > 0 && fraction < 1))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--validation: {fraction} is not allowed: expected a share between 0 and 1 (e.g. 0.1)"));
            return Run(new TuneSettings(
                r.GetValue(data)!, space, Objective.Parse(r.GetValue(objective) ?? "accuracy"),
                r.GetValue(trials) ?? 27, r.GetValue(eta) ?? 3, r.GetValue(rungs), fraction, r.GetValue(parallel),
                r.GetValue(device) ?? "cpu", r.GetValue(cpuKernel) ?? KernelIsa.Auto, r.GetValue(threads),
                r.GetValue(outDir) ?? Path.Combine("runs", "tune"), r.GetValue(limit),
                SharedOptions.ReadImages(r, imageSize, colour)), context);
        });
        return command;
    }

    /// <summary>WxH[,WxH…].</summary>
    internal static List<(int Width, int Height)> ParseMaps(string text)
    {
        var maps = new List<(int, int)>();
        foreach (string part in text.Split(','))
        {
            if (MapSize.TryParse(part.Trim()) is not { } size) throw new UsageException(MapSize.Error("--map", part.Trim()));
            if (!maps.Contains(size)) maps.Add(size);
        }
        return maps;
    }

    /// <summary>NAME[,NAME…] of <paramref name="names"/>, without repeats.</summary>
    internal static List<T> ParseList<T>(string flag, string text, IReadOnlyDictionary<string, T> names)
    {
        var values = new List<T>();
        foreach (string part in text.Split(','))
        {
            string key = part.Trim().ToLowerInvariant();
            if (!names.TryGetValue(key, out var value))
                throw new UsageException($"{flag}: '{part.Trim()}' is not allowed: expected a list of {string.Join(", ", names.Keys)}");
            if (!values.Contains(value)) values.Add(value);
        }
        return values;
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(TuneSettings s, CommandContext context)
    {
        var progress = context.Progress;
        OutputPlace.EnsureFolder("--out", s.OutDir);
        if (s.Threads is < 0) throw new UsageException($"--threads: {s.Threads} is not allowed: expected an integer ≥ 0");
        s.Space.Validate();
        int maxRungs = SuccessiveHalving.MaxRungs(s.Trials, s.Eta);
        if (s.Rungs is { } asked && asked > maxRungs)
            throw new UsageException($"--rungs: {asked} is not allowed: {s.Trials} trials halved by η = {s.Eta} leave one trial after {maxRungs} rungs: expected at most {maxRungs}");
        int rungs = s.Rungs ?? maxRungs;
        using var fonts = RenderFonts.Load();

        var clock = Stopwatch.StartNew();
        // Only the training split: the test split stays for the final som train run and is not looked at here.
        var all = DataResolver.Resolve(s.Data, s.Images, context.Warn).Train;
        if (s.Limit is { } limit) all = all.Take(limit);
        if (s.Objective.NeedsLabels && all.Labels is null)
            throw new UsageException($"--objective {s.Objective.Text}: {all.Name} has no labels: expected labelled data, or --objective qe or te");
        int held = (int)Math.Round(all.Count * s.ValidationFraction);
        if (held < 1 || held > all.Count - 1)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--validation: {s.ValidationFraction} of {all.Count} samples holds out {held}: expected at least 1 sample held out and 1 left to train on"));
        var split = new ValidationSplit(all.Count, held, s.Space.Base.Seed);
        int maxUnits = s.Space.Maps.Max(m => m.Width * m.Height);
        if (maxUnits > split.TrainCount)
        {
            var (w, h) = s.Space.Maps.First(m => m.Width * m.Height == maxUnits);
            throw new UsageException($"--map: {w}x{h} has {maxUnits} units but {split.TrainCount} samples are left to train on "
                + $"({all.Count} less {held} held out for validation): expected at most {split.TrainCount} units");
        }
        var validationSet = Subset(all, split.Validation, "validation");
        progress.Line($"data: {all.Name}, {all.Count} samples × {all.Features} features (loaded in {clock.Elapsed.TotalSeconds:F2} s); "
            + $"{held} held out for validation (seed {s.Space.Base.Seed}), {split.TrainCount} to train on");

        int cores = Environment.ProcessorCount;
        bool cpu = s.Device == "cpu";
        int parallel = s.Parallel ?? (cpu ? cores : 1);
        // Cores left idle by a rung with fewer trials than --parallel go to its trials' engines (results do not depend on it).
        int ThreadsFor(int trials) => s.Threads ?? (cpu ? Math.Max(1, cores / Math.Min(parallel, trials)) : 0);
        int threads = ThreadsFor(s.Trials);
        int[] sizes = SuccessiveHalving.RungSizes(s.Trials, s.Eta, rungs);
        int[] samples = [.. Enumerable.Range(0, rungs).Select(r =>
            Math.Min(split.TrainCount, Math.Max(maxUnits, (int)Math.Ceiling(split.TrainCount * SuccessiveHalving.Budget(r, rungs, s.Eta)))))];
        progress.Line($"search: {s.Trials} trials, η = {s.Eta}, {rungs} rung{(rungs == 1 ? "" : "s")} of {string.Join(", ", sizes)} trials on "
            + $"{string.Join(", ", samples)} samples; objective {s.Objective.Text} ({s.Objective.Direction}); "
            + $"{parallel} at once × {(threads == 0 ? "all" : threads.ToString(CultureInfo.InvariantCulture))} thread{(threads == 1 ? "" : "s")}");

        var results = new List<TrialResult>();
        var searchClock = Stopwatch.StartNew();
        SuccessiveHalving.Run(s.Trials, s.Eta, rungs, (rung, ids) =>
        {
            var train = Subset(all, split.Train(samples[rung]), $"rung {rung}");
            var row = RunRung(s, rung, ids, train, validationSet, parallel, ThreadsFor(ids.Length));
            progress.Line($"rung {rung}: {ids.Length} trial{(ids.Length == 1 ? "" : "s")} on {train.Count} samples"
                + (rung + 1 < rungs ? $", the best {sizes[rung + 1]} go on" : ""));
            progress.Line(TuneTable.ConsoleHeader);
            foreach (var t in row) progress.Line(TuneTable.ConsoleRow(t));
            results.AddRange(row);
            return [.. row.Select(t => s.Objective.Score(t.Objective))];
        });
        double searchSeconds = searchClock.Elapsed.TotalSeconds;

        // Mark who went on: a trial of rung r that also ran at rung r + 1.
        var ran = results.Select(t => (t.Trial, t.Rung)).ToHashSet();
        for (int i = 0; i < results.Count; i++)
            if (ran.Contains((results[i].Trial, results[i].Rung + 1))) results[i] = results[i] with { Promoted = true };
        var last = results.Where(t => t.Rung == rungs - 1).ToList();
        int bestTrial = SuccessiveHalving.Ranked([.. last.Select(t => t.Trial)], [.. last.Select(t => s.Objective.Score(t.Objective))]).First();
        var best = last.Single(t => t.Trial == bestTrial);
        string bestLine = TuneTable.TrainCommandLine(s, best.Options);

        Directory.CreateDirectory(s.OutDir);
        string csv = Path.Combine(s.OutDir, "trials.csv"), md = Path.Combine(s.OutDir, "trials.md");
        string commandPath = Path.Combine(s.OutDir, "best-command.txt"), chart = Path.Combine(s.OutDir, "objective.png");
        AtomicFile.WriteAllText(csv, TuneTable.Csv(results));
        AtomicFile.WriteAllText(md, TuneTable.Markdown(results, s, best, bestLine, all.Name, held, split.TrainCount));
        AtomicFile.WriteAllText(commandPath, bestLine + "\n");
        TuneChart.Draw(fonts, $"som tune: {s.Objective.Text} per trial ({all.Name})",
            $"{s.Trials} trials, η = {s.Eta}, seed {s.Space.Base.Seed}; on {held} validation samples ({s.Objective.Direction}); ringed: the best, trial {best.Trial}",
            $"{s.Objective.Text} (validation)", [.. results.Select(t => (t.Rung, t.Objective))], results.IndexOf(best), chart);

        progress.Line(string.Create(CultureInfo.InvariantCulture,
            $"best: trial {best.Trial}, {s.Objective.Text} {best.Objective:G6} on the validation split; search took {searchSeconds:F1} s"));
        progress.Line(bestLine);
        progress.Line($"wrote {csv}, {md}, {commandPath} and {chart}");
        return 0;
    }

    /// <summary>
    /// Runs the trials <paramref name="ids"/> of one rung, <paramref name="parallel"/> at once, each on an engine of
    /// its own with <paramref name="threads"/> threads; returns their results in the order of <paramref name="ids"/>.
    /// A trial's result depends only on its options and data, not on what runs beside it.
    /// </summary>
    internal static List<TrialResult> RunRung(TuneSettings s, int rung, int[] ids, Dataset train, Dataset validation, int parallel, int threads)
    {
        var rows = new TrialResult[ids.Length];
        try
        {
            Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel }, k =>
            {
                var options = s.Space.Draw(ids[k]) with { Threads = threads };
                var clock = Stopwatch.StartNew();
                using var engine = EngineFactory.Create(s.Device, options, train.Features, s.CpuKernel);
                var (scores, trainSeconds) = TrialRunner.Run(engine, train, validation);
                rows[k] = new TrialResult(ids[k], rung, train.Count, options with { Threads = 0 }, scores, s.Objective.Value(scores),
                    clock.Elapsed.TotalSeconds, trainSeconds);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return [.. rows];
    }

    /// <summary>The rows <paramref name="pick"/> of <paramref name="data"/> with their labels.</summary>
    internal static Dataset Subset(Dataset data, int[] pick, string part) =>
        new($"{data.Name} ({part})", ClusteringIndices.Rows(data.Samples, pick),
            data.Labels is { } labels ? [.. pick.Select(i => labels[i])] : null, data.Image, data.ClassNames);
}
