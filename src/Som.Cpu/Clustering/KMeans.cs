using Som.Cpu;

namespace Som;

/// <summary>
/// k-means (Lloyd's iteration) on the SOM engines, docs/contract.md §13. It is the batch map of §6 on a k × 1 map
/// whose neighbourhood is the unit itself (bubble, σ = ½: h(0) = 1, h(δ ≥ 1) = 0), so one batch epoch is exactly one
/// Lloyd step: the fused BMU search assigns every sample to its nearest centre, and w_k = S_k / C_k, in double,
/// with an empty cluster's centre kept. Any <see cref="ISomEngine"/> serves; on the CPU engine the epoch also hands
/// back its BMUs, elsewhere they cost one more search per step.
/// </summary>
internal static class KMeans
{
    /// <summary>Default limit on the assignment steps of one restart.</summary>
    public const int DefaultMaxIterations = 300;

    /// <summary>The radius that makes the bubble neighbourhood the unit itself (grid distances are 0 or ≥ 1).</summary>
    public const double SelfSigma = 0.5;

    /// <summary>Options of the engine that runs k-means with <paramref name="k"/> centres: a k × 1 bubble map, Euclidean.</summary>
    public static SomOptions EngineOptions(int k, int threads = 0) => new()
    {
        Width = k, Height = 1, Neighborhood = NeighborhoodKind.Bubble, SigmaStart = SelfSigma, SigmaEnd = SelfSigma,
        Metric = DistanceMetric.Euclidean, Mode = TrainingMode.Batch, Epochs = 1, Threads = threads,
    };

    /// <summary>
    /// Fits k centres to <paramref name="data"/>: <paramref name="restarts"/> runs, each from its own k-means++ start
    /// drawn in turn from <c>SomRandom(seed)</c>, each iterated until no assignment changes or
    /// <paramref name="maxIterations"/> steps; the run with the lowest inertia is kept (the earliest on a tie).
    /// </summary>
    /// <param name="data">The samples.</param>
    /// <param name="k">Clusters, 1 … N.</param>
    /// <param name="restarts">Runs from different starts, ≥ 1.</param>
    /// <param name="maxIterations">Assignment steps per run, ≥ 1.</param>
    /// <param name="seed">Seed of the k-means++ draws.</param>
    /// <param name="createEngine">Makes the engine for given options and features; the CPU engine when null.</param>
    /// <param name="threads">CPU threads of the default engine and of the host-side distances (0 = all cores).</param>
    public static KMeansResult Fit(SampleMatrix data, int k, int restarts = 1, int maxIterations = DefaultMaxIterations,
        ulong seed = 1, Func<SomOptions, int, ISomEngine>? createEngine = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        Check(data, k, restarts, maxIterations);
        var options = EngineOptions(k, threads);
        using var engine = createEngine is null ? new CpuEngine(options, data.Features) : createEngine(options, data.Features);
        var rng = new SomRandom(seed);
        var inertias = new double[restarts];
        KMeansResult? best = null;
        var initClock = new System.Diagnostics.Stopwatch();
        for (int r = 0; r < restarts; r++)
        {
            initClock.Start();
            float[] start = PlusPlus(data, k, rng, threads);
            initClock.Stop();
            var run = Lloyd(engine, data, start, maxIterations, threads);
            inertias[r] = run.Inertia;
            if (best is null || run.Inertia < best.Inertia) best = run with { BestRestart = r };
        }
        return best! with { RestartInertias = inertias, InitSeconds = initClock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Lloyd's iteration from the centres <paramref name="start"/> (k × D) on <paramref name="engine"/> (a k × 1 map
    /// from <see cref="EngineOptions"/>). <paramref name="step"/>, when given, sees every step's assignment (on the
    /// centres at its start) and the centres after the step's update and empty-cluster rule.
    /// </summary>
    public static KMeansResult Lloyd(ISomEngine engine, SampleMatrix data, ReadOnlySpan<float> start, int maxIterations,
        int threads = 0, Action<int, int[], float[]>? step = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(data);
        int k = engine.Options.Units, d = data.Features, n = data.Count;
        if (engine.Options.Neighborhood != NeighborhoodKind.Bubble || engine.Options.Height != 1 || engine.Options.Metric != DistanceMetric.Euclidean)
            throw new ArgumentException("the engine must run a k × 1 bubble map with the Euclidean metric (KMeans.EngineOptions)", nameof(engine));
        Check(data, k, 1, maxIterations);
        if (start.Length != k * d) throw new ArgumentException($"start has {start.Length} entries: expected {k} × {d}", nameof(start));

        engine.SetWeights(start);
        var before = start.ToArray();
        var after = new float[k * d];
        var labels = new int[n];
        var previous = new int[n];
        var counts = new int[k];
        int iterations = 0;
        bool converged = false;
        while (iterations < maxIterations)
        {
            iterations++;
            BatchEpochResult epoch;
            if (engine is CpuEngine cpu) epoch = cpu.TrainBatchEpoch(data, SelfSigma, labels);
            else
            {
                engine.FindBmus(data, labels, default);
                epoch = engine.TrainBatchEpoch(data, SelfSigma);
            }
            engine.GetWeights(after);
            if (epoch.UnitsKept > 0)
            {
                Array.Clear(counts);
                foreach (int b in labels) counts[b]++;
                Relocate(data, before, labels, counts, after, threads);
                engine.SetWeights(after);
            }
            step?.Invoke(iterations, (int[])labels.Clone(), (float[])after.Clone());
            if (iterations > 1 && labels.AsSpan().SequenceEqual(previous))
            {
                converged = true;
                break;
            }
            (labels, previous) = (previous, labels);
            (before, after) = (after, before);
        }
        var centres = new float[k * d];
        engine.GetWeights(centres);
        var final = new int[n];
        engine.FindBmus(data, final, default);
        return new KMeansResult(k, centres, final, Inertia(data, centres, final, threads), iterations, converged, 0, []);
    }

    /// <summary>
    /// The empty-cluster rule: each cluster j with C_j = 0, in increasing j, moves its centre to the sample farthest
    /// from its assigned centre, ‖x_i − c_b(i)‖² on the centres of the assignment (<paramref name="centres"/>), in
    /// double; ties go to the lowest sample index and a sample is taken at most once per step.
    /// </summary>
    internal static void Relocate(SampleMatrix data, float[] centres, int[] labels, int[] counts, float[] updated, int threads)
    {
        int d = data.Features;
        double[] distance = Distances(data, centres, labels, threads);
        var taken = new bool[data.Count];
        for (int j = 0; j < counts.Length; j++)
        {
            if (counts[j] > 0) continue;
            int far = -1;
            for (int i = 0; i < data.Count; i++)
                if (!taken[i] && (far < 0 || distance[i] > distance[far])) far = i;
            if (far < 0) return;
            taken[far] = true;
            data.Row(far).CopyTo(updated.AsSpan(j * d, d));
        }
    }

    /// <summary>
    /// k-means++ (Arthur &amp; Vassilvitskii 2007): the first centre is sample <c>NextInt(N)</c>; each next one is
    /// sample i drawn with probability D(x_i)² / Σ D², D the distance to the nearest centre chosen so far (double):
    /// u = <c>NextDouble()</c>·Σ D², the first i whose running sum exceeds u. When Σ D² = 0 (every sample sits on a
    /// centre) the draw is <c>NextInt(N)</c>.
    /// </summary>
    internal static float[] PlusPlus(SampleMatrix data, int k, SomRandom rng, int threads = 0)
    {
        int n = data.Count, d = data.Features;
        var centres = new float[k * d];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var fresh = new double[n];
        int chosen = rng.NextInt(n);
        for (int j = 0; j < k; j++)
        {
            if (j > 0)
            {
                double total = 0;
                for (int i = 0; i < n; i++) total += nearest[i];
                if (total > 0)
                {
                    double u = rng.NextDouble() * total;
                    double running = 0;
                    chosen = -1;
                    for (int i = 0; i < n; i++)
                    {
                        if (nearest[i] == 0) continue;
                        running += nearest[i];
                        chosen = i;
                        if (running > u) break;
                    }
                }
                else chosen = rng.NextInt(n);
            }
            var centre = centres.AsSpan(j * d, d);
            data.Row(chosen).CopyTo(centre);
            var c = centres.AsMemory(j * d, d);
            ForSamples(n, threads, i => fresh[i] = SomMetrics.SquaredDistance(data.Row(i), c.Span));
            for (int i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], fresh[i]);
        }
        return centres;
    }

    /// <summary>Inertia Σ_i ‖x_i − c_b(i)‖², each term in double, added in sample order.</summary>
    public static double Inertia(SampleMatrix data, ReadOnlySpan<float> centres, ReadOnlySpan<int> labels, int threads = 0)
    {
        double[] distance = Distances(data, centres.ToArray(), labels.ToArray(), threads);
        double sum = 0;
        foreach (double v in distance) sum += v;
        return sum;
    }

    private static double[] Distances(SampleMatrix data, float[] centres, int[] labels, int threads)
    {
        int d = data.Features;
        var distance = new double[data.Count];
        ForSamples(data.Count, threads, i => distance[i] = SomMetrics.SquaredDistance(data.Row(i), centres.AsSpan(labels[i] * d, d)));
        return distance;
    }

    // Each sample's value depends on that sample only, so splitting the work changes no bit.
    private static void ForSamples(int n, int threads, Action<int> body)
    {
        const int Block = 1024;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, (n + Block - 1) / Block, parallel, b =>
        {
            for (int i = b * Block, end = Math.Min(n, i + Block); i < end; i++) body(i);
        });
    }

    private static void Check(SampleMatrix data, int k, int restarts, int maxIterations)
    {
        if (k < 1) throw new SomOptionException("K", k, "at least 1 cluster");
        if (k > data.Count) throw new SomOptionException("K", k, $"at most the {data.Count} samples");
        if (restarts < 1) throw new SomOptionException("Restarts", restarts, "at least 1");
        if (maxIterations < 1) throw new SomOptionException("MaxIterations", maxIterations, "at least 1");
    }
}
