using Som.Cpu;

namespace Som;

/// <summary>
/// The initialisations of docs/contract.md §8 over every rank's shard (docs/contract.md §16), each reducing exactly so
/// every rank, for every split, builds the same codebook: random-in-range from the global per-feature min and max;
/// random samples from the global indices the seed draws, each row contributed by the rank that holds it; PCA from the
/// mean and the subspace iteration's products summed in fixed point.
/// </summary>
internal static class DistributedInitializer
{
    /// <summary>Sets the engine's codebook on every rank; every rank calls it.</summary>
    public static void Initialize(DistributedShard run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = run.Options;
        var rng = new SomRandom(options.Seed);
        float[] w = options.Init switch
        {
            InitMethod.Random => RandomInRange(run, rng),
            InitMethod.Samples => RandomSamples(run, rng),
            InitMethod.Pca => Linear(run, rng),
            _ => throw new SomOptionException("init", options.Init, "random, samples or pca"),
        };
        run.Engine.SetWeights(w);
    }

    private static float[] RandomInRange(DistributedShard run, SomRandom rng)
    {
        var shard = run.Shard;
        int d = shard.Features;
        var min = new double[d];
        var max = new double[d];
        min.AsSpan().Fill(double.PositiveInfinity);
        max.AsSpan().Fill(double.NegativeInfinity);
        for (int i = 0; i < shard.Count; i++)
        {
            var row = shard.Row(i);
            for (int f = 0; f < d; f++)
            {
                min[f] = Math.Min(min[f], row[f]);
                max[f] = Math.Max(max[f], row[f]);
            }
        }
        run.Communicator.AllReduceMin(min);
        run.Communicator.AllReduceMax(max);
        return Initializer.InRange(run.Options.Units, min, max, rng);
    }

    /// <summary>
    /// The global sample each unit copies, as in one process; the rank holding it contributes its float bits and the
    /// others 0, so one integer all-reduce delivers every row exactly (a broadcast per row, in one collective).
    /// </summary>
    private static float[] RandomSamples(DistributedShard run, SomRandom rng)
    {
        int m = run.Options.Units, d = run.Shard.Features;
        if (run.Total > int.MaxValue) throw new SomDataException($"{run.Total} samples: at most {int.MaxValue} for --init samples");
        int[] picks = Initializer.SamplePicks(m, (int)run.Total, rng);
        var bits = new long[(long)m * d];
        for (int j = 0; j < m; j++)
        {
            long local = picks[j] - run.Offset;
            if (local < 0 || local >= run.Shard.Count) continue;
            var row = run.Shard.Row((int)local);
            for (int f = 0; f < d; f++) bits[(long)j * d + f] = (uint)BitConverter.SingleToInt32Bits(row[f]);
        }
        run.Communicator.AllReduceSum(bits);
        var w = new float[bits.Length];
        for (long i = 0; i < bits.Length; i++) w[i] = BitConverter.Int32BitsToSingle((int)(uint)bits[i]);
        return w;
    }

    private static float[] Linear(DistributedShard run, SomRandom rng)
    {
        double[] mean = Mean(run);
        var (vectors, values) = Pca.LeadingComponents(run.Shard.Features, run.Total, 2, rng, v => Multiply(run, mean, v));
        return Initializer.Linear(run.Options, mean, vectors, values);
    }

    /// <summary>μ_f = (Σ_i x_if)/N with the sum in fixed point at the data's scale: exact for k/255 data, so equal to the one-process mean there.</summary>
    internal static double[] Mean(DistributedShard run)
    {
        var shard = run.Shard;
        int d = shard.Features;
        double factor = FixedPoint.Factor(run.Scale);
        var sums = new long[d];
        for (int i = 0; i < shard.Count; i++)
        {
            var row = shard.Row(i);
            for (int f = 0; f < d; f++) sums[f] += FixedPoint.ToFixed(row[f], factor);
        }
        run.Communicator.AllReduceSum(sums);
        var mean = new double[d];
        for (int f = 0; f < d; f++) mean[f] = FixedPoint.FromFixed(sums[f], run.Scale) / run.Total;
        return mean;
    }

    /// <summary>
    /// Z = X_cᵀ·X_c·V and ‖X_c·v_c‖² over every rank: y_ic = x_i·v_c − μ·v_c per sample (the float dot of the one-process
    /// path), then the terms y_ic·x_if and y_ic² (double) in fixed point, at scales from max |y_c| over the ranks.
    /// </summary>
    private static (double[][] Z, double[] Norms) Multiply(DistributedShard run, double[] mean, double[][] v)
    {
        var shard = run.Shard;
        int d = shard.Features, k = v.Length, n = shard.Count;
        var isa = run.Engine is CpuEngine cpu ? cpu.Isa : KernelIsaSupport.Resolve(KernelIsa.Auto);
        var (vf, meanDot) = Pca.Projection(mean, v);
        var y = new double[(long)n * k];
        Parallel.For(0, n, i =>
        {
            var row = shard.Row(i);
            for (int c = 0; c < k; c++) y[(long)i * k + c] = FixedOrderSum.Dot(row, vf[c], isa) - meanDot[c];
        });
        var bound = new double[k];
        for (long i = 0; i < y.Length; i++) bound[i % k] = Math.Max(bound[i % k], Math.Abs(y[i]));
        run.Communicator.AllReduceMax(bound);
        var zScale = new int[k];
        var normScale = new int[k];
        for (int c = 0; c < k; c++)
        {
            zScale[c] = FixedPoint.ScaleFor(bound[c] * run.MaxAbs, run.Total);
            normScale[c] = FixedPoint.ScaleFor(bound[c] * bound[c], run.Total);
        }
        var sums = new long[(long)k * d + k];
        float[] x = shard.Buffer;
        Parallel.For(0, k * d, cf =>
        {
            int c = cf / d, f = cf % d;
            double factor = FixedPoint.Factor(zScale[c]);
            long s = 0;
            for (int i = 0; i < n; i++) s += FixedPoint.ToFixed(y[(long)i * k + c] * x[(long)i * d + f], factor);
            sums[cf] = s;
        });
        for (int c = 0; c < k; c++)
        {
            double factor = FixedPoint.Factor(normScale[c]);
            long s = 0;
            for (int i = 0; i < n; i++) s += FixedPoint.ToFixed(y[(long)i * k + c] * y[(long)i * k + c], factor);
            sums[(long)k * d + c] = s;
        }
        run.Communicator.AllReduceSum(sums);
        var z = new double[k][];
        var norms = new double[k];
        for (int c = 0; c < k; c++)
        {
            z[c] = new double[d];
            for (int f = 0; f < d; f++) z[c][f] = FixedPoint.FromFixed(sums[(long)c * d + f], zScale[c]);
            norms[c] = FixedPoint.FromFixed(sums[(long)k * d + c], normScale[c]);
        }
        return (z, norms);
    }
}
