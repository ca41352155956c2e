using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The `small` quick mode: where the time of a batch epoch goes on small maps (10×10, 16×16, 32×32, 64×64 by
/// default) on all 70,000 Fashion-MNIST images. Each stage of <c>CpuEngine.TrainBatchEpoch</c> is timed on its own with
/// a stopwatch (the minimum of <see cref="Repeats"/> runs after a warm-up), beside the whole epoch and its distance floor
/// 2·N·M·D / the 512-bit FMA peak on all threads measured at the start of the same run.
/// </summary>
public static class SmallMapReport
{
    /// <summary>Largest side whose stages are timed one by one; larger maps time the epoch before and after only.</summary>
    public const int MaxStagedSide = 32;

    /// <summary>Timed runs per figure; the minimum is shown.</summary>
    public const int Repeats = 7;

    /// <summary>Runs the report for maps of <paramref name="sides"/>² units (the default set when empty).</summary>
    public static void Run(IReadOnlyDictionary<(int Bits, int Threads), double> peaks, int[] sides)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        var cpuPeaks = OnlineReport.CpuTimePeaks();
        if (sides.Length == 0) sides = [10, 16, 32, 64];
        var clock = Stopwatch.StartNew();
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Small maps") is not { } set) return;
        var data = set.Samples;
        _ = data.SquaredNorms;
        int threads = Environment.ProcessorCount;
        var isa = KernelIsaSupport.Best;
        int bits = isa == KernelIsa.Vector512 ? 512 : isa == KernelIsa.Vector256 ? 256 : 32;
        double peak = peaks.TryGetValue((bits, threads), out double p) ? p : double.NaN;
        double cpuPeak = cpuPeaks.TryGetValue((bits, threads), out double c) ? c : double.NaN;
        Console.WriteLine($"Batch epoch per stage, {set.Name}: {data.Count:N0} images, D = {data.Features}, {KernelIsaSupport.Describe(isa)}, {threads} threads; loaded in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  each figure the minimum of {Repeats} runs (3 when they take over 20 s) after a warm-up (≥ 3 runs and ≥ 1 s, or one run over 5 s), ms; floor = 2·N·M·D / {peak:F1} GFLOP/s (the wall-time peak above);");
        Console.WriteLine($"  the cpu rows: process CPU seconds / {threads} threads, floor against the CPU-time peak {cpuPeak:F1} GFLOP/s (steadier on a shared machine)");
        Console.WriteLine($"  {"map",-6} {"time",-4} {"terms",6} {"pack",6} {"search",7} {"packed",7} {"sums",6} {"fused",7} {"rows",7} {"smooth",7} {"qe",5} {"old epoch",10} {"prev epoch",10} {"epoch",7} {"floor",7} {"old/floor",10} {"epoch/floor",12} {"packed/floor",13}");
        foreach (int side in sides) Map(side, data, isa, peak, cpuPeak, threads);
        Console.WriteLine("  (terms: ‖x‖² copied per search, as the search did before; pack: every block into the kernel's layout, what each search did per epoch;");
        Console.WriteLine("   search: the search as before, packing per block, 32-wide kernels only; packed: on samples packed once, with the 16-wide last panel;");
        Console.WriteLine("   sums: S and C as a pass of their own; fused: the packed search with the sums added block by block;");
        Console.WriteLine("   rows: the fused pass on the row-major samples, no packed copy; smooth: unpack, smoothing and division, repack;");
        Console.WriteLine("   old epoch: search + sums + smooth + qe as the epoch ran them before any small-map work; prev epoch: packed once,");
        Console.WriteLine("   fused on the packed copy while S <= 2 MB, as the epoch ran before the row-major pass; epoch: CpuEngine.TrainBatchEpoch)");
    }

    private static void Map(int side, SampleMatrix data, KernelIsa isa, double peak, double cpuPeak, int threads)
    {
        var options = new SomOptions { Width = side, Height = side };
        using var engine = new CpuEngine(options, data.Features, isa);
        SomTrainer.Initialize(engine, data);
        double sigma = side / 4.0;
        int n = data.Count, d = data.Features, m = side * side;
        var grid = new MapGrid(options);
        var offsets = new OffsetTable(grid);
        var buffers = new BatchBuffers(m, d);
        var weights = new float[m * d];
        engine.GetWeights(weights);
        using var codebook = new PackedCodebook(m, d, isa);
        codebook.Load(weights);
        var bmu = new int[n];
        var dist = new float[n];

        using var packed = PackedSamples.For(data, null, 0, long.MaxValue)!;
        // Above 32 × 32 only the two epochs are timed (a stage of a 64 × 64 map takes seconds): the check that the change
        // made large maps no slower.
        bool stages = side <= MaxStagedSide;
        var none = (double.NaN, double.NaN);
        var terms = !stages ? none : Min(() => ExpandedDistance.SampleTerms(data, DistanceMetric.Euclidean));
        var pack = !stages ? none : Min(() => PackAll(data));
        var search = !stages ? none : Min(() => BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 0, bmu, null, dist, null, halfPanels: false));
        var searchPacked = !stages ? none : Min(() => BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 0, bmu, null, dist, packed));
        var sums = !stages ? none : Min(() => BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0));
        var fused = !stages ? none : Min(() => BmuSearch.SearchAndAccumulate(data, packed, codebook, DistanceMetric.Euclidean, isa, 0, bmu, dist, buffers.Sums, buffers.Counts));
        var rows = !stages ? none : Min(() => BmuSearch.SearchAndAccumulate(data, null, codebook, DistanceMetric.Euclidean, isa, 0, bmu, dist, buffers.Sums, buffers.Counts));
        var smooth = !stages ? none : Min(() =>
        {
            codebook.Store(weights);
            Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, 0);
            codebook.Load(weights);
        });
        var qe = !stages ? none : Min(() => SomMetrics.EpochQuantizationError(dist));
        // The epoch as it was before the samples were packed once, the sums fused and the last panel narrowed: the same
        // work in the same order (the search then copied the sample terms, packed per block, ran 32-wide kernels only).
        var old = Min(() =>
        {
            ExpandedDistance.SampleTerms(data, DistanceMetric.Euclidean);
            BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 0, bmu, null, dist, null, halfPanels: false);
            BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0);
            codebook.Store(weights);
            Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, 0);
            codebook.Load(weights);
            SomMetrics.EpochQuantizationError(dist);
        });
        // The epoch as the first small-map work left it: samples packed once, the search on the packed copy with the sums
        // fused while S ≤ 2 MB (reading the row-major samples from memory), else the sums as a pass of their own.
        bool fusable = (long)m * d * sizeof(double) <= 2L << 20;
        var previous = Min(() =>
        {
            if (fusable) BmuSearch.SearchAndAccumulate(data, packed, codebook, DistanceMetric.Euclidean, isa, 0, bmu, dist, buffers.Sums, buffers.Counts);
            else
            {
                BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 0, bmu, null, dist, packed);
                BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0);
            }
            codebook.Store(weights);
            Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, 0);
            codebook.Load(weights);
            SomMetrics.EpochQuantizationError(dist);
        });
        var epoch = Min(() => engine.TrainBatchEpoch(data, sigma));
        foreach (bool cpu in new[] { false, true })
        {
            double floor = 2.0 * n * m * d / ((cpu ? cpuPeak : peak) * 1e9);
            double T((double Wall, double Cpu) t) => cpu ? t.Cpu / threads : t.Wall;
            Console.WriteLine($"  {side + "x" + side,-6} {(cpu ? "cpu" : "wall"),-4} {Ms(T(terms)),6} {Ms(T(pack)),6} {Ms(T(search)),7} {Ms(T(searchPacked)),7} {Ms(T(sums)),6} {Ms(T(fused)),7} {Ms(T(rows)),7} {Ms(T(smooth)),7} {Ms(T(qe)),5} {Ms(T(old)),10} {Ms(T(previous)),10} {Ms(T(epoch)),7} {Ms(floor),7} {T(old) / floor,9:F2}x {T(epoch) / floor,11:F2}x {T(searchPacked) / floor,12:F2}x");
        }
    }

    /// <summary>
    /// The `small-ab` mode: the epoch before the row-major pass ("prev epoch" of <see cref="Run"/>) and
    /// <c>CpuEngine.TrainBatchEpoch</c> now, timed in alternation (one of each per round, <paramref name="rounds"/> rounds,
    /// the least CPU time of each), so that both see the same load on a shared machine.
    /// </summary>
    public static void RunAlternating(IReadOnlyDictionary<(int Bits, int Threads), double> peaks, int[] sides, int rounds)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        var cpuPeaks = OnlineReport.CpuTimePeaks();
        if (sides.Length == 0) sides = [10, 16, 32, 64];
        if (BenchData.TrainOrSkip(BatchEpochBenchmark.Data, "Small maps") is not { } set) return;
        var data = set.Samples;
        _ = data.SquaredNorms;
        int threads = Environment.ProcessorCount;
        var isa = KernelIsaSupport.Best;
        int bits = isa == KernelIsa.Vector512 ? 512 : isa == KernelIsa.Vector256 ? 256 : 32;
        double cpuPeak = cpuPeaks.TryGetValue((bits, threads), out double c) ? c : double.NaN;
        using var packed = PackedSamples.For(data, null, 0, long.MaxValue)!;
        Console.WriteLine($"Batch epoch before and after, alternating, {set.Name}: {data.Count:N0} images, D = {data.Features}, {KernelIsaSupport.Describe(isa)}, {threads} threads;");
        Console.WriteLine($"  CPU ms per thread, the least of {rounds} rounds of (prev, now) after one warm-up round; floor against the CPU-time peak {cpuPeak:F1} GFLOP/s");
        Console.WriteLine($"  {"map",-6} {"prev epoch",11} {"epoch",9} {"floor",9} {"prev/floor",11} {"epoch/floor",12} {"now/prev",9}");
        foreach (int side in sides)
        {
            var options = new SomOptions { Width = side, Height = side };
            using var engine = new CpuEngine(options, data.Features, isa);
            SomTrainer.Initialize(engine, data);
            double sigma = side / 4.0;
            int n = data.Count, d = data.Features, m = side * side;
            var grid = new MapGrid(options);
            var offsets = new OffsetTable(grid);
            var buffers = new BatchBuffers(m, d);
            var weights = new float[m * d];
            engine.GetWeights(weights);
            using var codebook = new PackedCodebook(m, d, isa);
            codebook.Load(weights);
            var bmu = new int[n];
            var dist = new float[n];
            bool fusable = (long)m * d * sizeof(double) <= 2L << 20;
            void Previous()
            {
                if (fusable) BmuSearch.SearchAndAccumulate(data, packed, codebook, DistanceMetric.Euclidean, isa, 0, bmu, dist, buffers.Sums, buffers.Counts);
                else
                {
                    BmuSearch.Search(data, codebook, DistanceMetric.Euclidean, isa, 0, bmu, null, dist, packed);
                    BatchAccumulator.Accumulate(data, bmu, buffers.Sums, buffers.Counts, isa, 0);
                }
                codebook.Store(weights);
                Smoother.Apply(options, grid, offsets, sigma, buffers, weights, isa, 0);
                codebook.Load(weights);
                SomMetrics.EpochQuantizationError(dist);
            }
            double prev = double.MaxValue, now = double.MaxValue;
            for (int r = -1; r < rounds; r++)
            {
                double c0 = CpuClock.Process();
                Previous();
                double c1 = CpuClock.Process();
                engine.TrainBatchEpoch(data, sigma);
                double c2 = CpuClock.Process();
                if (r < 0) continue;
                prev = Math.Min(prev, (c1 - c0) / threads);
                now = Math.Min(now, (c2 - c1) / threads);
            }
            double floor = 2.0 * n * m * d / (cpuPeak * 1e9);
            Console.WriteLine($"  {side + "x" + side,-6} {Ms(prev),11} {Ms(now),9} {Ms(floor),9} {prev / floor,10:F2}x {now / floor,11:F2}x {now / prev,8:F3}x");
        }
    }

    /// <summary>The packing of every block into the micro-kernels' layout, as <see cref="BmuSearch.Search"/> does it per epoch.</summary>
    private static unsafe void PackAll(SampleMatrix data)
    {
        int blocks = (data.Count + BmuSearch.BlockRows - 1) / BmuSearch.BlockRows;
        Parallel.For(0, blocks, () => new AlignedBuffer((long)BmuSearch.BlockRows * data.Features), (block, _, buffer) =>
        {
            int r0 = block * BmuSearch.BlockRows;
            BmuSearch.PackRows(data, r0, Math.Min(BmuSearch.BlockRows, data.Count - r0), buffer.Pointer);
            return buffer;
        }, buffer => buffer.Dispose());
    }

    /// <summary>The least wall seconds and the least process CPU seconds (all threads) of the timed runs.</summary>
    private static (double Wall, double Cpu) Min(Action action)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 1; i++)
        {
            action();
            if (warm.Elapsed.TotalSeconds > 5) break;   // a slow stage (64 × 64 on a loaded machine) is warm after one run
        }
        double wall = double.MaxValue, cpu = double.MaxValue;
        var timed = Stopwatch.StartNew();
        for (int r = 0; r < Repeats && (r < 3 || timed.Elapsed.TotalSeconds < 20); r++)
        {
            double cpu0 = CpuClock.Process();
            long start = Stopwatch.GetTimestamp();
            action();
            wall = Math.Min(wall, Stopwatch.GetElapsedTime(start).TotalSeconds);
            cpu = Math.Min(cpu, CpuClock.Process() - cpu0);
        }
        return (wall, cpu);
    }

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "-" : (seconds * 1e3).ToString(seconds < 0.01 ? "F2" : "F1", System.Globalization.CultureInfo.InvariantCulture);
}
