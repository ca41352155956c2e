using Som.Cpu;

namespace Som;

/// <summary>Initial codebooks (docs/contract.md §8), each a pure function of the data, the options and the seed.</summary>
public static class Initializer
{
    /// <summary>The initial M × D codebook (row-major) for <paramref name="options"/>.Init.</summary>
    /// <param name="options">Options (Init, map size, seed).</param>
    /// <param name="data">The training samples.</param>
    /// <param name="isa">Instruction set of the PCA's float loops; every one gives the same bits.</param>
    public static float[] Create(SomOptions options, SampleMatrix data, KernelIsa isa = KernelIsa.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var rng = new SomRandom(options.Seed);
        return options.Init switch
        {
            InitMethod.Random => RandomInRange(options.Units, data, rng),
            InitMethod.Samples => RandomSamples(options.Units, data, rng),
            InitMethod.Pca => Linear(options, data, rng, isa),
            _ => throw new SomOptionException("init", options.Init, "random, samples or pca"),
        };
    }

    /// <summary>w_jf uniform in [min_f, max_f] of the data, drawn unit by unit, feature by feature.</summary>
    internal static float[] RandomInRange(int units, SampleMatrix data, SomRandom rng)
    {
        int d = data.Features;
        var min = new float[d];
        var max = new float[d];
        min.AsSpan().Fill(float.PositiveInfinity);
        max.AsSpan().Fill(float.NegativeInfinity);
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (int f = 0; f < d; f++)
            {
                min[f] = Math.Min(min[f], row[f]);
                max[f] = Math.Max(max[f], row[f]);
            }
        }
        return InRange(units, Array.ConvertAll(min, v => (double)v), Array.ConvertAll(max, v => (double)v), rng);
    }

    /// <summary>w_jf = min_f + u·(max_f − min_f), u drawn unit by unit, feature by feature (the per-feature bounds given).</summary>
    internal static float[] InRange(int units, double[] min, double[] max, SomRandom rng)
    {
        int d = min.Length;
        var w = new float[units * d];
        for (int j = 0; j < units; j++)
            for (int f = 0; f < d; f++)
                w[j * d + f] = (float)(min[f] + rng.NextDouble() * (max[f] - min[f]));
        return w;
    }

    /// <summary>Each unit a copy of a random sample: distinct samples when N ≥ M (partial Fisher–Yates), else with repeats.</summary>
    internal static float[] RandomSamples(int units, SampleMatrix data, SomRandom rng)
    {
        int d = data.Features;
        var w = new float[units * d];
        int[] picks = SamplePicks(units, data.Count, rng);
        for (int j = 0; j < units; j++) data.Row(picks[j]).CopyTo(w.AsSpan(j * d, d));
        return w;
    }

    /// <summary>The sample index each unit copies: distinct when <paramref name="count"/> ≥ M (partial Fisher–Yates), else drawn with repeats.</summary>
    internal static int[] SamplePicks(int units, int count, SomRandom rng)
    {
        var picks = new int[units];
        int[]? pool = count >= units ? Enumerable.Range(0, count).ToArray() : null;
        for (int j = 0; j < units; j++)
        {
            if (pool is not null)
            {
                int k = j + rng.NextInt(count - j);
                (pool[j], pool[k]) = (pool[k], pool[j]);
                picks[j] = pool[j];
            }
            else
            {
                picks[j] = rng.NextInt(count);
            }
        }
        return picks;
    }

    /// <summary>
    /// Linear initialisation (SOM Toolbox som_lininit): w_j = μ + Σ_k c_k(j)·√λ_k·v_k over the two leading
    /// principal components (v_k, λ_k) of the data, where c_k(j) ∈ [−1, 1] spans the map along one axis: the
    /// first component along the map's longer axis (by extent), the second along the other. A 1-D map
    /// uses the first component only. Components come from subspace iteration started from the seed.
    /// </summary>
    internal static float[] Linear(SomOptions options, SampleMatrix data, SomRandom rng, KernelIsa isa = KernelIsa.Auto)
    {
        double[] mean = Pca.Mean(data);
        var (vectors, values) = Pca.LeadingComponents(data, mean, 2, rng, isa);
        return Linear(options, mean, vectors, values);
    }

    /// <summary>The linear codebook from the data's mean and its two leading components (v_k, λ_k).</summary>
    internal static float[] Linear(SomOptions options, double[] mean, double[][] vectors, double[] values)
    {
        int d = mean.Length, m = options.Units;
        var grid = new MapGrid(options);
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int j = 0; j < m; j++)
        {
            var (px, py) = grid.Position(j);
            minX = Math.Min(minX, px); maxX = Math.Max(maxX, px);
            minY = Math.Min(minY, py); maxY = Math.Max(maxY, py);
        }
        bool xIsLonger = maxX - minX >= maxY - minY;
        var w = new float[m * d];
        for (int j = 0; j < m; j++)
        {
            var (px, py) = grid.Position(j);
            double cx = Scale(px, minX, maxX), cy = Scale(py, minY, maxY);
            double c1 = xIsLonger ? cx : cy, c2 = xIsLonger ? cy : cx;
            double s1 = Math.Sqrt(Math.Max(values[0], 0)), s2 = Math.Sqrt(Math.Max(values[1], 0));
            for (int f = 0; f < d; f++)
                w[j * d + f] = (float)(mean[f] + c1 * s1 * vectors[0][f] + c2 * s2 * vectors[1][f]);
        }
        return w;
    }

    private static double Scale(double v, double min, double max) => max > min ? 2 * (v - min) / (max - min) - 1 : 0;
}
