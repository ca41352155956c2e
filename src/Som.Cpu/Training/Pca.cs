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
    /// <param name="mean">Their per-feature mean (<see cref="Mean"/>).</param>
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
            int end = Math.Min(n, (chunk + 1) * ChunkRows);
            for (int i = chunk * ChunkRows; i < end; i++)
            {
                var row = data.Row(i);
                for (int c = 0; c < k; c++)
                {
                    double y = FixedOrderSum.Dot(row, vf[c], isa) - meanDot[c];
                    norms[c] += y * y;
                    FloatVectors.Axpy((float)y, row, z.AsSpan(c * d, d), isa);
                }
            }
            partial[chunk] = z;
            partialNorms[chunk] = norms;
        });
        var result = new double[k][];
        var total = new double[k];
        for (int c = 0; c < k; c++) result[c] = new double[d];
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            for (int c = 0; c < k; c++)
            {
                total[c] += partialNorms[chunk][c];
                for (int f = 0; f < d; f++) result[c][f] += partial[chunk][c * d + f];
            }
        }
        return (result, total);
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
