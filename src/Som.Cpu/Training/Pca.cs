using Som.Cpu;

namespace Som;

/// <summary>Leading principal components of a sample matrix, without forming the D × D covariance.</summary>
internal static class Pca
{
    private const int ChunkRows = 1024;

    /// <summary>Per-feature mean, in double, summed in sample order.</summary>
    public static double[] Mean(SampleMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.Features;
        var mean = new double[d];
        for (int i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (int f = 0; f < d; f++) mean[f] += row[f];
        }
        for (int f = 0; f < d; f++) mean[f] /= data.Count;
        return mean;
    }

    /// <summary>
    /// The <paramref name="k"/> leading unit eigenvectors of the covariance of the centred data and their
    /// eigenvalues (variance along each, divided by N − 1), by subspace iteration: V ← orth(X_cᵀ·X_c·V),
    /// from a seeded random start, until the subspace stops moving (or 200 rounds). Partial sums are formed
    /// per fixed chunk of rows and added in chunk order, so the result does not depend on the thread count.
    /// With fewer than k directions of variance, the extra vectors are zero, with eigenvalue 0.
    /// </summary>
    /// <param name="data">The samples.</param>
    /// <param name="mean">Their per-feature mean (<see cref="Mean(SampleMatrix)"/>).</param>
    /// <param name="k">Number of components.</param>
    /// <param name="rng">Source of the random start.</param>
    /// <param name="isa">Instruction set of the float loops; every one gives the same bits.</param>
    public static (double[][] Vectors, double[] Values) LeadingComponents(SampleMatrix data, double[] mean, int k, SomRandom rng,
        KernelIsa isa = KernelIsa.Auto)
    {
        isa = KernelIsaSupport.Resolve(isa);
        ArgumentNullException.ThrowIfNull(data);
        return LeadingComponents(data.Features, data.Count, k, rng, v => Multiply(data, mean, v, isa));
    }

    /// <summary>
    /// The subspace iteration of <see cref="LeadingComponents(SampleMatrix, double[], int, SomRandom, KernelIsa)"/> over
    /// <paramref name="count"/> samples of <paramref name="d"/> features, with the products Z = X_cᵀ·X_c·V and the norms
    /// ‖X_c·v_c‖² formed by <paramref name="multiply"/> (a distributed run sums them over every rank).
    /// </summary>
    internal static (double[][] Vectors, double[] Values) LeadingComponents(int d, long count, int k, SomRandom rng,
        Func<double[][], (double[][] Z, double[] Norms)> multiply)
    {
        var v = new double[k][];
        for (int c = 0; c < k; c++)
        {
            v[c] = new double[d];
            for (int f = 0; f < d; f++) v[c][f] = rng.NextDouble() - 0.5;
        }
        Orthonormalise(v);
        double[] values = new double[k];
        for (int round = 0; round < 200; round++)
        {
            var (z, norms) = multiply(v);
            values = norms;
            Orthonormalise(z);
            double change = 0;
            for (int c = 0; c < k; c++)
            {
                double dot = 0;
                for (int f = 0; f < d; f++) dot += z[c][f] * v[c][f];
                change = Math.Max(change, 1 - Math.Abs(dot));
            }
            v = z;
            if (change < 1e-10) break;
        }
        for (int c = 0; c < k; c++) values[c] /= Math.Max(1, count - 1);
        return (v, values);
    }

    /// <summary>
    /// Z = X_cᵀ·(X_c·V) and ‖X_c·v_c‖² per vector. Uses Σ_i y_i·(x_i − μ) = Σ_i y_i·x_i, since Σ_i y_i = 0
    /// for centred projections y_i = (x_i − μ)·v. Products run in float SIMD within a chunk of rows; chunks
    /// are added in double, in chunk order.
    /// </summary>
    private static (double[][] Z, double[] Norms) Multiply(SampleMatrix data, double[] mean, double[][] v, KernelIsa isa)
    {
        int d = data.Features, k = v.Length, n = data.Count;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        var partial = new float[chunks][];
        var partialNorms = new double[chunks][];
        var (vf, meanDot) = Projection(mean, v);
        Parallel.For(0, chunks, chunk =>
        {
            var z = new float[k * d];
            var norms = new double[k];
            Accumulate(data, chunk * ChunkRows, Math.Min(n, (chunk + 1) * ChunkRows), vf, meanDot, z, norms, isa);
            partial[chunk] = z;
            partialNorms[chunk] = norms;
        });
        var result = new double[k][];
        var total = new double[k];
        for (int c = 0; c < k; c++) result[c] = new double[d];
        for (int chunk = 0; chunk < chunks; chunk++) AddChunk(result, total, partial[chunk], partialNorms[chunk]);
        return (result, total);
    }

    /// <summary>One chunk's partial sums continued over rows <paramref name="from"/> … <paramref name="to"/> − 1 in order (float z, double norms).</summary>
    private static void Accumulate(SampleMatrix data, int from, int to, float[][] vf, double[] meanDot, float[] z, double[] norms, KernelIsa isa)
    {
        int d = data.Features;
        for (int i = from; i < to; i++)
        {
            var row = data.Row(i);
            for (int c = 0; c < vf.Length; c++)
            {
                double y = FixedOrderSum.Dot(row, vf[c], isa) - meanDot[c];
                norms[c] += y * y;
                FloatVectors.Axpy((float)y, row, z.AsSpan(c * d, d), isa);
            }
        }
    }

    /// <summary>Adds a finished chunk's partial sums to the totals, as the chunk loop does (chunk order).</summary>
    private static void AddChunk(double[][] result, double[] total, float[] z, double[] norms)
    {
        int d = result[0].Length;
        for (int c = 0; c < result.Length; c++)
        {
            total[c] += norms[c];
            for (int f = 0; f < d; f++) result[c][f] += z[c * d + f];
        }
    }

    /// <summary>
    /// <see cref="Mean(SampleMatrix)"/> of every rank's rows (this rank's shard of <paramref name="total"/>): the same
    /// double sums in sample order, continued from rank to rank (<see cref="RankOrderFold"/>), so the same bits.
    /// </summary>
    internal static double[] Mean(ICommunicator communicator, SampleMatrix shard, long total)
    {
        int d = shard.Features;
        var mean = new double[d];
        RankOrderFold.Run(communicator, mean, s =>
        {
            for (int i = 0; i < shard.Count; i++)
            {
                var row = shard.Row(i);
                for (int f = 0; f < d; f++) s[f] += row[f];
            }
        });
        for (int f = 0; f < d; f++) mean[f] /= total;
        return mean;
    }

    /// <summary>
    /// <see cref="LeadingComponents(SampleMatrix, double[], int, SomRandom, KernelIsa)"/> of every rank's rows, with the
    /// one-process bits: the 1024-row chunks are cut at the same global rows; chunks inside this rank's shard are summed
    /// at once, a chunk cut by a shard boundary is continued from the rank before (<see cref="RankOrderFold"/>, the
    /// open chunk's float sums and the totals handed on), and the chunks are added to the totals in chunk order.
    /// </summary>
    internal static (double[][] Vectors, double[] Values) LeadingComponents(ICommunicator communicator, SampleMatrix shard, long offset,
        long total, double[] mean, int k, SomRandom rng, KernelIsa isa = KernelIsa.Auto)
    {
        isa = KernelIsaSupport.Resolve(isa);
        return LeadingComponents(shard.Features, total, k, rng, v => Multiply(communicator, shard, offset, total, mean, v, isa));
    }

    private static (double[][] Z, double[] Norms) Multiply(ICommunicator communicator, SampleMatrix shard, long offset, long total,
        double[] mean, double[][] v, KernelIsa isa)
    {
        int d = shard.Features, k = v.Length, n = shard.Count;
        var (vf, meanDot) = Projection(mean, v);
        // The pieces of global chunks in this shard: the first continues an open chunk unless the shard starts one.
        int head = offset % ChunkRows == 0 ? 0 : (int)Math.Min(n, ChunkRows - offset % ChunkRows);
        var starts = new List<int>();
        for (int at = head; at < n; at += ChunkRows) starts.Add(at);
        var pieces = new (float[] Z, double[] Norms)[starts.Count];
        Parallel.For(0, pieces.Length, p =>
        {
            var z = new float[k * d];
            var norms = new double[k];
            Accumulate(shard, starts[p], Math.Min(n, starts[p] + ChunkRows), vf, meanDot, z, norms, isa);
            pieces[p] = (z, norms);
        });
        // State: totals Z (k·d), norms (k), then the open chunk's float sums (k·d, held exactly as doubles) and norms (k).
        int kd = k * d;
        var state = new double[2 * kd + 2 * k];
        bool last = communicator.Rank == communicator.Size - 1;
        RankOrderFold.Run(communicator, state, s =>
        {
            var result = new double[k][];
            for (int c = 0; c < k; c++) result[c] = s.Slice(c * d, d).ToArray();
            var norms = s.Slice(kd, k).ToArray();
            var open = new float[kd];
            for (int i = 0; i < kd; i++) open[i] = (float)s[kd + k + i];
            var openNorms = s.Slice(2 * kd + k, k).ToArray();
            if (head > 0)
            {
                Accumulate(shard, 0, head, vf, meanDot, open, openNorms, isa);
                if ((offset + head) % ChunkRows == 0)
                {
                    AddChunk(result, norms, open, openNorms);
                    Array.Clear(open);
                    Array.Clear(openNorms);
                }
            }
            for (int p = 0; p < pieces.Length; p++)
            {
                bool whole = starts[p] + ChunkRows <= n;
                if (whole || (last && p == pieces.Length - 1)) AddChunk(result, norms, pieces[p].Z, pieces[p].Norms);
                else (open, openNorms) = (pieces[p].Z, pieces[p].Norms);
            }
            // The last rank closes a chunk the data end inside.
            if (last && pieces.Length == 0 && head > 0 && (offset + head) % ChunkRows != 0) AddChunk(result, norms, open, openNorms);
            for (int c = 0; c < k; c++) result[c].CopyTo(s.Slice(c * d, d));
            norms.CopyTo(s.Slice(kd, k));
            for (int i = 0; i < kd; i++) s[kd + k + i] = open[i];
            openNorms.CopyTo(s.Slice(2 * kd + k, k));
        });
        var z = new double[k][];
        for (int c = 0; c < k; c++) z[c] = state.AsSpan(c * d, d).ToArray();
        return (z, state.AsSpan(kd, k).ToArray());
    }

    /// <summary>The vectors rounded to float (the products' operands) and μ·v_c, so y_i = x_i·v_c − μ·v_c.</summary>
    internal static (float[][] Vectors, double[] MeanDot) Projection(double[] mean, double[][] v)
    {
        int d = mean.Length, k = v.Length;
        var meanDot = new double[k];
        var vf = new float[k][];
        for (int c = 0; c < k; c++)
        {
            vf[c] = new float[d];
            for (int f = 0; f < d; f++)
            {
                meanDot[c] += mean[f] * v[c][f];
                vf[c][f] = (float)v[c][f];
            }
        }
        return (vf, meanDot);
    }

    /// <summary>Gram–Schmidt in place; a vector that vanishes (no variance left) becomes zero.</summary>
    private static void Orthonormalise(double[][] v)
    {
        int d = v[0].Length;
        for (int c = 0; c < v.Length; c++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int e = 0; e < c; e++)
                {
                    double dot = 0;
                    for (int f = 0; f < d; f++) dot += v[c][f] * v[e][f];
                    for (int f = 0; f < d; f++) v[c][f] -= dot * v[e][f];
                }
            }
            double norm = Math.Sqrt(v[c].Sum(a => a * a));
            if (norm < 1e-300)
            {
                Array.Clear(v[c]);
                continue;
            }
            for (int f = 0; f < d; f++) v[c][f] /= norm;
        }
    }
}
