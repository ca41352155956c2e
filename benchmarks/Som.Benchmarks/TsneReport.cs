using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The quick <c>tsne</c> mode: exact t-SNE (<see cref="Tsne"/>, the defaults of tsne.png) of the prototypes of a
/// 32 × 32 and a 64 × 64 map trained on all 70,000 Fashion-MNIST images (PCA initialisation, three batch epochs),
/// timed once per map on all threads and on one, next to one batch epoch of the same map measured in the same run.
/// </summary>
public static class TsneReport
{
    /// <summary>Runs the report for each map side in <paramref name="sides"/>.</summary>
    public static void Run(IReadOnlyList<int> sides)
    {
        if (BenchData.TrainOrSkip("fashion-mnist:all", "t-SNE") is not { } set) return;
        var isa = KernelIsaSupport.Best;
        int threads = Environment.ProcessorCount;
        Console.WriteLine($"Exact t-SNE of a map's prototypes, {set.Name} ({set.Count:N0} × {set.Features}), {KernelIsaSupport.Describe(isa)}, defaults "
            + $"(perplexity 30, {new TsneSettings().Iterations} iterations, {new TsneSettings().ExaggerationIterations} exaggerated); one timed run each");
        foreach (int side in sides)
        {
            var options = new SomOptions { Width = side, Height = side };
            using var engine = new CpuEngine(options, set.Features, isa);
            SomTrainer.Initialize(engine, set.Samples);
            var epochs = new List<double>();
            foreach (double sigma in new[] { 8.0, 4.0, 2.0 })
            {
                var clock = Stopwatch.StartNew();
                engine.TrainBatchEpoch(set.Samples, sigma);
                epochs.Add(clock.Elapsed.TotalSeconds);
            }
            var weights = new float[options.Units * set.Features];
            engine.GetWeights(weights);
            int m = options.Units;
            double epoch = epochs.Order().ElementAt(1);
            foreach (int t in new[] { 0, 1 })
            {
                var settings = new TsneSettings { Threads = t };
                var clock = Stopwatch.StartNew();
                var d2 = Tsne.SquaredDistances(weights, m, set.Features, t, isa);
                double distances = clock.Elapsed.TotalSeconds;
                clock.Restart();
                Tsne.ConditionalAffinities(d2, m, Tsne.EffectivePerplexity(30, m), t);
                var p = Tsne.Symmetrise(d2, m);
                double affinities = clock.Elapsed.TotalSeconds;
                var (x, y) = Tsne.StartingPoints(m, 1);
                var gx = new double[m];
                var gy = new double[m];
                clock.Restart();
                for (int k = 0; k < 20; k++) Tsne.Gradient(p, 1, x, y, m, gx, gy, new double[m], t, isa);
                double gradient = clock.Elapsed.TotalSeconds / 20;
                clock.Restart();
                var r = Tsne.Embed(weights, m, set.Features, settings);
                double total = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"  {side}x{side} (M = {m,4})  {(t == 0 ? threads : 1)} thread(s): t-SNE {total,6:F2} s = {total / epoch,5:F1} batch epochs "
                    + $"(distances {distances:F2} s, affinities {affinities:F2} s, one gradient {1000 * gradient:F2} ms); KL {r.KlDivergence:F4}");
            }
            Console.WriteLine($"  {side}x{side} batch epoch on {set.Count:N0} images: median of 3 {epoch:F3} s ({string.Join(", ", epochs.Select(e => e.ToString("F3")))})");
        }
        Console.WriteLine();
    }
}
