using System.Diagnostics;
using Som.Cpu;

namespace Som.Runner.Quantizing;

/// <summary>
/// Colour quantisation: the pixels are N samples with D = 3 (R, G, B in 0 … 255). A palette of K colours is learned
/// on a seeded uniform subsample of the pixels (all of them when there are no more than the sample size), by
/// k-means with K centres (docs/contract.md §13) or by a batch SOM of K units (a √K × √K map when K is a square,
/// else K × 1) followed by one k-means step from its prototypes, so that each colour is the mean of the pixels it
/// wins rather than a blend pulled toward its map neighbours. Then one pass of the engine's BMU search assigns every
/// pixel to its nearest learned colour, and each pixel is written as that colour rounded to integers.
/// </summary>
internal static class ColourQuantizer
{
    /// <summary>Pixels the palette is learned on by default.</summary>
    public const int DefaultSample = 100_000;

    /// <summary>Batch epochs of the SOM by default.</summary>
    public const int DefaultEpochs = 20;

    /// <summary>Pixels per block of the error sums (fixed, so the sum's order does not depend on the thread count).</summary>
    private const int ErrorBlock = 1 << 16;

    /// <summary>The map a SOM palette of <paramref name="k"/> colours is learned on: √K × √K when K is a square, else K × 1.</summary>
    public static (int Width, int Height) SomShape(int k)
    {
        int r = (int)Math.Round(Math.Sqrt(k));
        return r * r == k ? (r, r) : (k, 1);
    }

    /// <summary>The seeded subsample the palette is learned on (all pixels when N ≤ <paramref name="sample"/>).</summary>
    public static SampleMatrix FitSet(SampleMatrix pixels, int sample, ulong seed) =>
        pixels.Count <= sample ? pixels : ClusteringIndices.Rows(pixels, ClusteringIndices.Subsample(pixels.Count, sample, seed));

    /// <summary>Learns a palette of <paramref name="k"/> colours on <paramref name="fit"/> and applies it to <paramref name="pixels"/>.</summary>
    /// <param name="pixels">Every pixel, N × 3.</param>
    /// <param name="fit">The pixels the palette is learned on (<see cref="FitSet"/>).</param>
    /// <param name="k">Colours, 1 … the fit set's size.</param>
    /// <param name="method">k-means or SOM.</param>
    /// <param name="seed">Seed of k-means++ (k-means) or of the SOM's options (its PCA initialisation does not draw).</param>
    /// <param name="epochs">The SOM's batch epochs.</param>
    /// <param name="createEngine">Makes an engine for given options and features.</param>
    /// <param name="threads">CPU threads of the host-side work (0 = all).</param>
    public static QuantizeResult Quantize(SampleMatrix pixels, SampleMatrix fit, int k, QuantizeMethod method, ulong seed, int epochs,
        Func<SomOptions, int, ISomEngine> createEngine, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(createEngine);
        if (pixels.Features != 3 || fit.Features != 3) throw new ArgumentException("pixels are RGB samples: expected 3 features");
        if (k < 1) throw new SomOptionException("K", k, "at least 1 colour");
        if (k > fit.Count) throw new SomOptionException("K", k, $"at most the {fit.Count} pixels the palette is learned on");
        var clock = Stopwatch.StartNew();
        float[] centres;
        int iterations, width = k, height = 1;
        if (method == QuantizeMethod.KMeans)
        {
            var result = KMeans.Fit(fit, k, 1, KMeans.DefaultMaxIterations, seed, createEngine, threads);
            (centres, iterations) = (result.Centres, result.Iterations);
        }
        else
        {
            (width, height) = SomShape(k);
            var options = new SomOptions { Width = width, Height = height, Epochs = epochs, Seed = seed, Threads = threads, Mode = TrainingMode.Batch };
            var prototypes = new float[k * 3];
            using (var som = createEngine(options, 3))
            {
                SomTrainer.Initialize(som, fit);
                SomTrainer.Train(som, fit);
                som.GetWeights(prototypes);
            }
            using var step = createEngine(KMeans.EngineOptions(k, threads), 3);
            var refined = KMeans.Lloyd(step, fit, prototypes, 1, threads);
            (centres, iterations) = (refined.Centres, epochs + 1);
        }
        double fitSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var labels = new int[pixels.Count];
        using (var engine = createEngine(KMeans.EngineOptions(k, threads), 3))
        {
            engine.SetWeights(centres);
            engine.FindBmus(pixels, labels, default);
        }
        var palette = new byte[k * 3];
        for (int e = 0; e < palette.Length; e++) palette[e] = (byte)Math.Clamp(Math.Round(centres[e], MidpointRounding.AwayFromZero), 0, 255);
        var (mean, rms) = Errors(pixels, palette, labels, threads);
        return new QuantizeResult(k, width, height, palette, labels, mean, rms, fit.Count, iterations, fitSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Mean and root mean square of ‖x_i − palette[label_i]‖ over all pixels, in double: each block of 65,536 pixels
    /// summed in order, then the blocks in order.
    /// </summary>
    public static (double Mean, double Rms) Errors(SampleMatrix pixels, byte[] palette, int[] labels, int threads = 0)
    {
        int n = pixels.Count, blocks = (n + ErrorBlock - 1) / ErrorBlock;
        var sums = new double[blocks];
        var squares = new double[blocks];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        float[] x = pixels.Buffer;
        Parallel.For(0, blocks, parallel, b =>
        {
            double sum = 0, square = 0;
            for (int i = b * ErrorBlock, end = Math.Min(n, i + ErrorBlock); i < end; i++)
            {
                int c = 3 * labels[i];
                double dr = x[3 * i] - palette[c], dg = x[3 * i + 1] - palette[c + 1], db = x[3 * i + 2] - palette[c + 2];
                double s = dr * dr + dg * dg + db * db;
                sum += Math.Sqrt(s);
                square += s;
            }
            sums[b] = sum;
            squares[b] = square;
        });
        double total = 0, totalSquares = 0;
        for (int b = 0; b < blocks; b++)
        {
            total += sums[b];
            totalSquares += squares[b];
        }
        return (total / n, Math.Sqrt(totalSquares / n));
    }
}
