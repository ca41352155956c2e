using System.Diagnostics;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The quick <c>silhouette</c> mode: the exact silhouette (<see cref="Silhouette"/>) of the first N Fashion-MNIST
/// images (all 70,000: <c>fashion-mnist:all</c>) clustered by their BMU on a 32 × 32 map (PCA initialisation and
/// two batch epochs, so about a thousand clusters, as <c>som evaluate</c> meets them), timed once per N, with FLOPs
/// counted as 2·N²·D (the dot products) and set against the FMA peak measured in the same run.
/// </summary>
public static class SilhouetteReport
{
    /// <summary>Runs the report for each size in <paramref name="sizes"/>.</summary>
    public static void Run(IReadOnlyDictionary<(int Bits, int Threads), double> peaks, IReadOnlyList<int> sizes)
    {
        if (BenchData.TrainOrSkip("fashion-mnist:all", "Silhouette") is not { } set) return;
        var isa = KernelIsaSupport.Best;
        int threads = Environment.ProcessorCount;
        var options = new SomOptions { Width = 32, Height = 32 };
        using var engine = new CpuEngine(options, set.Features, isa);
        SomTrainer.Initialize(engine, set.Samples);
        engine.TrainBatchEpoch(set.Samples, 4);
        engine.TrainBatchEpoch(set.Samples, 1);
        var bmu = new int[set.Count];
        engine.FindBmus(set.Samples, bmu, default);
        double peak = peaks.TryGetValue((isa == KernelIsa.Vector512 ? 512 : isa == KernelIsa.Vector256 ? 256 : 32, threads), out double p) ? p : double.NaN;
        Console.WriteLine($"Exact silhouette, {set.Name}, D = {set.Features}, clusters = BMUs on a 32x32 map, {KernelIsaSupport.Describe(isa)}, {threads} threads; FLOPs 2·N²·D; one timed run per N after a 2,000-point warm-up");
        Silhouette.Score(set.Samples.Take(2000), bmu.AsSpan(0, 2000), isa);
        foreach (int n in sizes)
        {
            var data = set.Samples.Take(Math.Min(n, set.Count));
            var labels = bmu.AsSpan(0, data.Count);
            int k = labels.ToArray().Distinct().Count();
            var clock = Stopwatch.StartNew();
            double s = Silhouette.Score(data, labels, isa);
            double seconds = clock.Elapsed.TotalSeconds;
            double gflops = 2.0 * data.Count * data.Count * data.Features / seconds / 1e9;
            Console.WriteLine($"  N {data.Count,6}  k {k,5}  {seconds,8:F2} s  {gflops,7:F1} GFLOP/s  {gflops / peak,6:P1} of the {threads}-thread peak  silhouette {s:F6}");
            if (data.Count > 20_000) continue;
            // Baseline of the same FLOPs on the same kernel: the BMU search of the N points against themselves as an N-unit codebook.
            using var self = new CpuEngine(new SomOptions { Width = data.Count, Height = 1 }, data.Features, isa);
            self.SetWeights(data.Values.Span);
            var first = new int[data.Count];
            clock.Restart();
            self.FindBmus(data, first, default);
            double bmuSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"  {"",8}  BMU search of the same N against the N points as codebook (same 2·N²·D FLOPs): {bmuSeconds:F2} s, {2.0 * data.Count * data.Count * data.Features / bmuSeconds / 1e9:F1} GFLOP/s; silhouette / BMU search = {seconds / bmuSeconds:F2}");
        }
        Console.WriteLine();
    }
}
