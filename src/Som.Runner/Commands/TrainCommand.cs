using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Som.Mpi;
using Som.Runner.Cli;
using Som.Runner.Data;
using Som.Runner.Rendering;
using Som.Runner.Reporting;

namespace Som.Runner.Commands;

/// <summary><c>som train</c>: load, initialise, train with progress, evaluate, write the model, metrics.json, the pictures and report.html.</summary>
internal static class TrainCommand
{
    /// <summary>The <c>train</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train a self-organizing map, evaluate it and write DIR/model.som, DIR/metrics.json, the pictures (DIR/*.png) and DIR/report.html");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(r => Run(options.Read(r), context));
        return command;
    }

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(TrainSettings settings, CommandContext context)
    {
        // Ranks of an in-process group stand in for mpirun's processes (the tests' ranks).
        if (InProcessRank.Value is { } rank) return Run(settings, context, rank.Communicator, () => rank.Describe);
        // Under mpirun every rank trains its shard; a run without it loads no MPI and is the one-process run.
        using var mpi = MpiJob.Start(settings.MpiTimeout);
        try
        {
            return Run(settings, context, mpi, mpi is null ? null : mpi.Describe);
        }
        catch (Exception e) when (MpiJob.Failed(mpi, e, context))
        {
            return MpiJob.FailedExit;
        }
    }

    /// <summary>
    /// This thread's rank when a test runs the command as one rank of an in-process group (<see cref="LocalGroup"/>) in
    /// place of an MPI process, with the words its <c>mpi:</c> line and metrics.json describe the group by; null otherwise.
    /// </summary>
    internal static readonly AsyncLocal<(ICommunicator Communicator, string Describe)?> InProcessRank = new();

    private static int Run(TrainSettings settings, CommandContext context, ICommunicator? mpi, Func<string>? describeMpi)
    {
        // Rank 0 alone reports and writes; the other ranks only train (docs/architecture.md, "Past one machine").
        bool writer = mpi is null || mpi.Rank == 0;
        var progress = writer ? context.Progress : new ProgressReporter(TextWriter.Null, interactive: false);
        if (mpi is not null)
        {
            if (settings.Animate is not null)
                throw new UsageException($"--animate under mpirun ({mpi.Size} ranks): not supported: run it without mpirun");
            if (settings.Options.Mode == TrainingMode.Online && mpi.Size > 1)
                throw new UsageException($"--mode online under mpirun ({mpi.Size} ranks): online training is sequential and cannot be split over ranks: expected --mode batch, or no mpirun");
        }
        // Before loading or training: a run that cannot write its results must not start.
        if (writer) OutputPlace.EnsureFolder("--out", settings.OutDir);
        using var fonts = !writer || (settings.NoReport && settings.Animate is null) ? null : RenderFonts.Load();
        progress.Flush();
        if (writer) context.Warn(settings.Options.Warnings().Select(OptionFlags.Describe));

        var clock = Stopwatch.StartNew();
        // Under mpirun each rank reads only its block of the training and test rows, and nothing after needs another
        // rank's rows: every figure over all rows is reduced over the ranks (docs/architecture.md §7).
        RankData? ranked = null;
        if (mpi is not null)
        {
            ranked = ShardLoad.Read(settings.Data, settings.Images, context.Warn, settings.Limit, settings.TestLimit, mpi);
            // Another rank's read failed and said why.
            if (ranked is null) return 2;
        }
        var split = mpi is null ? DataResolver.Resolve(settings.Data, settings.Images, context.Warn) : null;
        // Images from a folder were decoded and resized to one shape: the model records it, so som map resizes alike.
        bool imagesResized = DataResolver.IsImageFolder(settings.Data.Trim());
        var train = split is null ? ranked!.Train.Rows : settings.Limit is { } n ? split.Train.Take(n) : split.Train;
        var test = split is null ? ranked!.Test?.Rows : split.Test is { } t && settings.TestLimit is { } tn ? t.Take(tn) : split.Test;
        // The global counts; under mpirun train and test hold this rank's rows only.
        int trainTotal = ranked is null ? train.Count : checked((int)ranked.Train.Total);
        long trainOffset = ranked?.Train.Offset ?? 0;
        progress.Line($"data: {train.Name}, {trainTotal} training samples × {train.Features} features"
            + (test is null ? "" : $", {ranked?.Test?.Total ?? test.Count} test samples") + $" (loaded in {clock.Elapsed.TotalSeconds:F2} s)"
            + (ranked is null ? "" : $"; each rank read only its block, rank 0 rows {ranked.Train.Offset}–{ranked.Train.Offset + ranked.Train.Count - 1}"));

        var options = settings.Options;
        var (view, every) = settings.Animate is { } request ? PlanAnimation(request, options, train) : (AnimationView.UMatrix, 0);
        Checkpoint? resumed = null;
        SomModel? resumedModel = null;
        string? resumedHash = null;
        string checkpointPath = Path.Combine(settings.OutDir, CheckpointName);
        if (settings.Resume is { } resumeDir)
        {
            string from = Path.Combine(resumeDir, CheckpointName);
            if (!File.Exists(from))
                throw new UsageException($"--resume: no checkpoint at {from} (a run with --checkpoint-every K, or one stopped by Ctrl-C, writes it)");
            (resumedModel, resumed) = ModelFile.LoadCheckpoint(from);
            // Under mpirun every rank hashes its rows (docs/model-format.md); the lowest failing rank reports, the others end quietly.
            if (mpi is null) resumedHash = CheckpointCompare.Check(resumedModel, resumed, options, train);
            else if (!ShardLoad.Agree(mpi, () => resumedHash = CheckpointCompare.Check(resumedModel, resumed, options, train.Name, train.Features, trainTotal,
                    () => ShardDataHash.Compute(mpi, train.Samples, trainOffset, trainTotal),
                    "the checkpoint was written by a run without mpirun, whose data hash takes every sample at once: expected a checkpoint of a run under mpirun, or resume it without mpirun")))
                return 2;
            progress.Line($"resume: {Path.Combine(resumeDir, CheckpointName)} at epoch {resumed.State.Epoch}"
                + (options.Mode == TrainingMode.Online ? $", sample {resumed.State.Sample}" : "") + $" of {options.Epochs}");
        }
        // A device list trains on several engines, a shard each (docs/contract.md §16); the first stands for all after training.
        if (DeviceList.Parse(settings.Device) is not null && settings.Animate is not null)
            throw new UsageException($"--animate with --device {settings.Device}: expected one device (the frames are drawn from one engine)");
        if (DeviceList.Parse(settings.Device) is not null && mpi is not null)
            throw new UsageException($"--device {settings.Device} under mpirun ({mpi.Size} ranks): expected one device per rank (start one rank per device)");
        using var sharded = ShardedEngines.Create(settings.Device, options, train.Samples);
        using var single = sharded is null ? EngineFactory.Create(settings.Device, options, train.Features, settings.CpuKernel) : null;
        var engine = sharded?.Primary ?? single!;
        // MPI ranks, like a device list, give the same bits for every rank count, not those of one engine.
        string engineTag = sharded?.EngineTag ?? (mpi is not null ? $"{CheckpointCompare.EngineOf(engine)} shards" : CheckpointCompare.EngineOf(engine));
        if (resumed is not null) CheckpointCompare.CheckEngine(resumed, engineTag, settings.Device);
        progress.Line($"device: {sharded?.Describe() ?? engine.DeviceName}");
        // This rank's contiguous block of rows, joined with the other ranks' (every rank checks the same tiling).
        DistributedShard? shard = null;
        if (mpi is not null)
        {
            var shardEngine = engine as IShardEngine
                ?? throw new UsageException($"--device {settings.Device} under mpirun: {engine.DeviceName} cannot train a shard: expected --device cpu or a GPU");
            shard = DistributedShard.Join(shardEngine, train.Samples, mpi, trainOffset, trainTotal);
            progress.Line($"mpi: {describeMpi!()}, {mpi.Size} shards of {ranked!.TrainCounts.Min()}–{ranked.TrainCounts.Max()} samples");
        }
        progress.Line($"map: {options.Width}x{options.Height} {Describe(options)}, {options.Epochs} epochs, seed {options.Seed}");

        double initSeconds, initialQe;
        if (resumed is not null)
        {
            if (sharded is not null) sharded.SetWeights(resumedModel!.Weights);
            else engine.SetWeights(resumedModel!.Weights);
            initSeconds = resumed.InitSeconds;
            initialQe = resumed.InitialQuantizationError;
        }
        else
        {
            clock.Restart();
            if (settings.InitCodebook is { } file)
            {
                // Every rank reads the same file, so every rank starts from the same codebook.
                var codebook = CodebookFile.Load("--init-codebook", file, options.Width, options.Height, train.Features);
                if (sharded is not null) sharded.SetWeights(codebook);
                else engine.SetWeights(codebook);
            }
            else if (shard is not null) DistributedTrainer.Initialize(shard);
            else if (sharded is not null) sharded.Initialize();
            else SomTrainer.Initialize(engine, train.Samples);
            initSeconds = clock.Elapsed.TotalSeconds;
            // Every rank holds the same codebook now; under mpirun its QE is reduced over the ranks (the one-process bits).
            initialQe = shard is not null
                ? ShardMetrics.Measure(shard.Engine, mpi!, CurrentWeights(engine), shard.Shard, trainTotal, [], null).QuantizationError
                : engine.Measure(train.Samples, options.ResolvedAdjacency, new int[train.Count]).QuantizationError;
            string how = settings.InitCodebook is { } f ? $"codebook {f}" : options.Init.ToString().ToLowerInvariant();
            progress.Line($"init: {how} in {initSeconds:F2} s, QE {initialQe:F4}");
        }

        // The animation's frames only read the codebook, at boundaries the trainer reaches anyway (docs/contract.md §11).
        using var animation = settings.Animate is null ? null
            : new TrainingAnimation(fonts!, options, train, view, every, Path.Combine(settings.OutDir, TrainingAnimation.FileName));
        var frameClock = new Stopwatch();
        void Frame(long step)
        {
            frameClock.Start();
            animation!.Add(engine, step);
            frameClock.Stop();
        }
        if (animation is not null) Frame(0);

        // Checkpoints: every K epochs or samples when asked, and always when interrupted (SIGINT / Ctrl-C).
        var dataHash = new Lazy<string>(() => resumedHash ?? Checkpoint.HashData(train.Samples));
        // Under mpirun every rank takes part in the hash (a collective), before any rank can need it.
        if (mpi is not null && resumedHash is null) resumedHash = ShardDataHash.Compute(mpi, train.Samples, trainOffset, trainTotal);
        var epochSeconds = new List<double>(resumed?.SecondsPerEpoch ?? []);
        var epochReports = new List<EpochReport>();
        TrainingState? written = null;
        void WriteCheckpoint(TrainingState state)
        {
            written = state;
            if (!writer) return;
            var w = new float[options.Units * engine.Features];
            engine.GetWeights(w);
            var snapshot = new SomModel(options, engine.Features, w, train.Image, state.Epoch) { ClassNames = train.ClassNames, ImagesResized = imagesResized };
            Directory.CreateDirectory(settings.OutDir);
            ModelFile.SaveCheckpoint(snapshot, new Checkpoint(state, train.Name, trainTotal, dataHash.Value, initialQe, initSeconds,
                [.. epochSeconds.Take(state.Epoch)], engineTag), checkpointPath);
        }
        using var interrupt = new CancellationTokenSource();
        int exitOnStop = 130;
        void Stop(PosixSignalContext c)
        {
            // The first signal stops at the next boundary; a second one ends the process as usual.
            if (interrupt.IsCancellationRequested) return;
            c.Cancel = true;
            exitOnStop = c.Signal == PosixSignal.SIGTERM ? 143 : 130;
            interrupt.Cancel();
        }
        var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        TrainingReport report;
        try
        {
            void OnEpoch(EpochReport e)
            {
                epochSeconds.Add(e.Seconds);
                epochReports.Add(e);
                progress.Epoch(e);
            }
            var start = resumed?.State ?? SomTrainer.Start(options);
            report = shard is not null
                ? DistributedTrainer.Train(shard, start, settings.CheckpointEvery ?? 0, WriteCheckpoint, OnEpoch, interrupt.Token)
                : sharded is not null
                ? sharded.Train(start, settings.CheckpointEvery ?? 0, WriteCheckpoint, OnEpoch, interrupt.Token)
                : SomTrainer.Train(engine, train.Samples, start, settings.CheckpointEvery ?? 0, WriteCheckpoint, OnEpoch, interrupt.Token,
                    frameEvery: every, onFrame: animation is null ? null : state => Frame(state.Step(options, train.Count)));
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested || shard is not null)
        {
            // A distributed run stops where any rank was interrupted, at the same epoch on every rank.
            if (!writer) return exitOnStop;
            progress.Line($"interrupted at epoch {written!.Epoch} of {options.Epochs}"
                + (options.Mode == TrainingMode.Online ? $", sample {written.Sample} of {trainTotal}" : "") + $": wrote {checkpointPath}");
            progress.Line($"resume with: {ResumeCommand(settings)}");
            return exitOnStop;
        }
        finally
        {
            // Only training stops at a boundary; a signal during evaluation and writing ends the process as usual.
            sigint.Dispose();
            sigterm.Dispose();
        }
        if (resumed is not null) report = report with { SecondsPerEpoch = epochSeconds };
        if (shard is not null)
            return FinishRanks(settings, progress, writer, shard, ranked!, describeMpi!,
                initialQe, initSeconds, report, EpochRecord.Of(options, epochReports, epochSeconds, trainTotal), imagesResized, fonts, checkpointPath);
        if (report.MaxUnitsKept > options.Units / 10)
            progress.Line($"warning: up to {report.MaxUnitsKept} of {options.Units} units had a non-positive denominator in an epoch and kept their weights");

        clock.Restart();
        var evaluation = MapEvaluation.Evaluate(engine, train, test);
        double evalSeconds = clock.Elapsed.TotalSeconds;

        var weights = new float[options.Units * engine.Features];
        engine.GetWeights(weights);
        var model = new SomModel(options, engine.Features, weights, train.Image, options.Epochs)
        {
            UnitLabels = evaluation.UnitLabels is { } labels && train.Labels is { } sampleLabels
                ? UnitLabels.FromVotes(labels, evaluation.TrainBmus, sampleLabels, Math.Max(1, train.ClassCount))
                : null,
            ClassNames = train.ClassNames,
            ImagesResized = imagesResized,
        };
        Directory.CreateDirectory(settings.OutDir);
        string modelPath = Path.Combine(settings.OutDir, "model.som");
        ModelFile.Save(model, modelPath);
        int[]? testBmus = null;
        if (test?.Labels is not null && evaluation.UnitLabels is not null)
        {
            testBmus = new int[test.Count];
            engine.FindBmus(test.Samples, testBmus, []);
        }
        var epochs = EpochRecord.Of(options, epochReports, epochSeconds, train.Count);
        var metrics = MetricsReport.Build(settings, engine, train, test, initialQe, initSeconds, report, epochs, evaluation, testBmus, evalSeconds);
        metrics["processes"] = 1;
        string metricsPath = Path.Combine(settings.OutDir, "metrics.json");
        var json = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        AtomicFile.WriteAllText(metricsPath, metrics.ToJsonString(json) + "\n");
        // The run is finished and model.som holds its result: a checkpoint left here could only resume a done run.
        if (File.Exists(checkpointPath)) File.Delete(checkpointPath);

        progress.Line(MetricsReport.Summary(evaluation, report));
        progress.Line($"wrote {modelPath} and {metricsPath}");
        if (animation is not null)
        {
            frameClock.Start();
            animation.Commit();
            frameClock.Stop();
            progress.Line($"wrote {animation.Path}: {animation.FrameCount} frames of the {(view == AnimationView.Prototypes ? "prototypes" : "U-matrix")} "
                + $"in {frameClock.Elapsed.TotalSeconds:F2} s");
        }
        if (!settings.NoReport)
        {
            clock.Restart();
            // The evaluation's BMUs are those of the final codebook: the pictures need no pass of their own.
            var pictures = MapReport.Write(fonts!, model, train, evaluation.TrainBmus, settings.OutDir, HitScale.Linear, progress.Line);
            double drawSeconds = clock.Elapsed.TotalSeconds;
            var curves = TrainingCurves.Draw(fonts!, epochs, evaluation.QuantizationError, evaluation.TopographicError,
                OptionNames.Describe(evaluation.Adjacency), Path.Combine(settings.OutDir, "curves.png"));
            string page = HtmlReport.Write(settings.OutDir, metrics, $"SOM report: {options.Width}x{options.Height} map on {train.Name}",
                $"som train, {train.Count} training samples; every number is the run's metrics.json");
            progress.Line($"wrote {string.Join(", ", pictures.Select(p => Path.GetFileName(p.Path)).Append(Path.GetFileName(curves.Path)).Append(Path.GetFileName(page)))} "
                + $"in {clock.Elapsed.TotalSeconds:F2} s (pictures {drawSeconds:F2} s, curves and report {clock.Elapsed.TotalSeconds - drawSeconds:F2} s; --no-report skips them)");
        }
        return 0;
    }

    /// <summary>
    /// The end of a run under mpirun (docs/architecture.md §7), on every rank: the final evaluation, the unit labels,
    /// the per-class table and what the pictures take of the data, each reduced over the ranks from their own rows
    /// (the one-process figures, bit for bit); rank 0 alone writes model.som, metrics.json, the pictures and report.html.
    /// </summary>
    private static int FinishRanks(TrainSettings settings, ProgressReporter progress, bool writer, DistributedShard shard, RankData ranked,
        Func<string> describeMpi, double initialQe, double initSeconds, TrainingReport report,
        IReadOnlyList<EpochRecord> epochs, bool imagesResized, RenderFonts? fonts, string checkpointPath)
    {
        var train = ranked.Train.Rows;
        var test = ranked.Test;
        var options = settings.Options;
        var engine = shard.Engine;
        var mpi = shard.Communicator;
        if (writer && report.MaxUnitsKept > options.Units / 10)
            progress.Line($"warning: up to {report.MaxUnitsKept} of {options.Units} units had a non-positive denominator in an epoch and kept their weights");
        var clock = Stopwatch.StartNew();
        var (evaluation, trainHits, testHits) = DistributedTrainer.EvaluateWithClassHits(shard, train.Labels ?? [],
            test is { } t ? (t.Rows.Samples, t.Total) : null, test?.Rows.Labels ?? [], test?.Rows.Labels is not null);
        double evalSeconds = clock.Elapsed.TotalSeconds;
        // The training split's class count over every rank: its largest label + 1, at least the names' count.
        int classes = trainHits is null ? 0 : Math.Max(trainHits.GetLength(1), train.ClassNames?.Length ?? 0);
        var weights = CurrentWeights(engine);
        var model = new SomModel(options, engine.Features, weights, train.Image, options.Epochs)
        {
            UnitLabels = evaluation.UnitLabels is { } labels && trainHits is not null ? UnitLabels.FromClassHits(labels, trainHits, Math.Max(1, classes)) : null,
            ClassNames = train.ClassNames,
            ImagesResized = imagesResized,
        };
        int trainTotal = (int)shard.Total;
        string modelPath = Path.Combine(settings.OutDir, "model.som");
        string metricsPath = Path.Combine(settings.OutDir, "metrics.json");
        JsonObject? metrics = null;
        if (writer)
        {
            Directory.CreateDirectory(settings.OutDir);
            ModelFile.Save(model, modelPath);
            var perClass = MetricsReport.PerClass(evaluation.UnitLabels, trainHits, classes, testHits, train.ClassNames);
            metrics = MetricsReport.Build(settings, engine, (train.Name, trainTotal, train.Features), test is { } u ? (u.Rows.Name, u.Total) : null,
                initialQe, initSeconds, report, epochs, evaluation, perClass, evalSeconds);
            metrics["processes"] = mpi.Size;
            metrics["mpi"] = describeMpi().Replace($", rank {mpi.Rank} of {mpi.Size}", "", StringComparison.Ordinal);
            metrics["shards"] = ShardRows(ranked.TrainCounts);
            var json = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            AtomicFile.WriteAllText(metricsPath, metrics.ToJsonString(json) + "\n");
            // The run is finished and model.som holds its result: a checkpoint left here could only resume a done run.
            if (File.Exists(checkpointPath)) File.Delete(checkpointPath);
            progress.Line(MetricsReport.Summary(evaluation, report));
            progress.Line($"wrote {modelPath} and {metricsPath}");
        }
        if (settings.NoReport) return 0;
        clock.Restart();
        // Every rank takes part in the reductions; rank 0 draws.
        var data = MapData.Gather(mpi, model, train, shard.Offset, shard.Total, evaluation.TrainBmus);
        if (!writer) return 0;
        var pictures = MapReport.Write(fonts!, model, data, settings.OutDir, HitScale.Linear, progress.Line);
        double drawSeconds = clock.Elapsed.TotalSeconds;
        var curves = TrainingCurves.Draw(fonts!, epochs, evaluation.QuantizationError, evaluation.TopographicError,
            OptionNames.Describe(evaluation.Adjacency), Path.Combine(settings.OutDir, "curves.png"));
        string page = HtmlReport.Write(settings.OutDir, metrics!, $"SOM report: {options.Width}x{options.Height} map on {train.Name}",
            $"som train, {trainTotal} training samples; every number is the run's metrics.json");
        progress.Line($"wrote {string.Join(", ", pictures.Select(p => Path.GetFileName(p.Path)).Append(Path.GetFileName(curves.Path)).Append(Path.GetFileName(page)))} "
            + $"in {clock.Elapsed.TotalSeconds:F2} s (pictures {drawSeconds:F2} s, curves and report {clock.Elapsed.TotalSeconds - drawSeconds:F2} s; --no-report skips them)");
        return 0;
    }

    private static float[] CurrentWeights(ISomEngine engine)
    {
        var w = new float[engine.Options.Units * engine.Features];
        engine.GetWeights(w);
        return w;
    }

    /// <summary>
    /// The view and K of <c>--animate</c> for this data, checked before training: prototypes need image data, and
    /// the frames (frame 0 included) may number at most <see cref="TrainingAnimation.MaxFrames"/>.
    /// </summary>
    private static (AnimationView View, int Every) PlanAnimation(AnimationRequest request, SomOptions options, Dataset train)
    {
        bool image = TrainingAnimation.ImageOf(train) is not null;
        var view = request.View ?? (image ? AnimationView.Prototypes : AnimationView.UMatrix);
        if (view == AnimationView.Prototypes && !image)
            throw new UsageException($"--animate-view prototypes: {train.Name} are not images ({train.Features} features): expected image data; use --animate-view umatrix");
        bool batch = options.Mode == TrainingMode.Batch;
        int every = request.Every ?? (batch ? 1 : train.Count);
        long frames = TrainingAnimation.Count(options, train.Count, every);
        if (frames > TrainingAnimation.MaxFrames)
        {
            long total = batch ? options.Epochs : (long)options.Epochs * train.Count;
            long least = (total + TrainingAnimation.MaxFrames - 2) / (TrainingAnimation.MaxFrames - 1);
            string what = request.Every is { } k ? $"--animate-every {k}" : $"--animate with --epochs {options.Epochs}";
            throw new UsageException(FormattableString.Invariant(
                $"{what}: {frames:N0} frames for {total:N0} {(batch ? "epochs" : "samples")}; at most {TrainingAnimation.MaxFrames}: expected --animate-every {least:N0} or more"));
        }
        if (view == AnimationView.UMatrix && frames * options.Units > TrainingAnimation.MaxHeldValues)
            throw new UsageException(FormattableString.Invariant(
                $"--animate-view umatrix: {frames:N0} frames × {options.Units:N0} units: at most {TrainingAnimation.MaxHeldValues:N0} values held until the end: expected a larger --animate-every or a smaller map"));
        return (view, every);
    }

    /// <summary>metrics.json's <c>shards</c>: the training rows each rank read and trained on, with their first global row.</summary>
    private static JsonArray ShardRows(long[] counts)
    {
        var shards = new JsonArray();
        long offset = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            shards.Add(new JsonObject { ["rank"] = r, ["offset"] = offset, ["rows"] = counts[r] });
            offset += counts[r];
        }
        return shards;
    }

    /// <summary>The file a checkpoint is written to, in the output folder.</summary>
    public const string CheckpointName = "checkpoint.som";

    /// <summary>The command that resumes this run: its own words, without any --resume, then --resume OUT.</summary>
    private static string ResumeCommand(TrainSettings settings)
    {
        var words = new List<string>();
        var given = settings.Arguments ?? ["train"];
        for (int i = 0; i < given.Count; i++)
        {
            if (given[i] == "--resume") { i++; continue; }
            if (given[i].StartsWith("--resume=", StringComparison.Ordinal)) continue;
            words.Add(given[i]);
        }
        words.Add("--resume");
        words.Add(settings.OutDir);
        return "som " + string.Join(' ', words.Select(Quote));
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    private static string Describe(SomOptions o) =>
        $"{(o.Topology == Topology.Hexagonal ? "hex" : "rect")}{(o.Toroidal ? " torus" : "")}, {o.Mode.ToString().ToLowerInvariant()}, "
        + $"{o.Neighborhood.ToString().ToLowerInvariant()}, {o.Metric.ToString().ToLowerInvariant()}";
}
