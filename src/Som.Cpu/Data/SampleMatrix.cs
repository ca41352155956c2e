using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace Som;

/// <summary>
/// N samples × D features, float32, row-major (sample i, feature f at i·D + f). Immutable: the public
/// constructors copy their input, and the values are only handed out read-only, so the cached ‖x_i‖² and an
/// engine's device copy of the samples always match them. Every value is finite: construction rejects NaN and
/// infinities naming the sample and feature.
/// </summary>
public sealed class SampleMatrix
{
    private readonly float[] _values;
    private float[]? _squaredNorms;

    /// <summary>Copies <paramref name="values"/> (row-major) as <paramref name="count"/> × <paramref name="features"/>.</summary>
    /// <exception cref="SomDataException">No samples, no features, a length mismatch or a non-finite value.</exception>
    public SampleMatrix(ReadOnlySpan<float> values, int count, int features)
        : this(Checked(values, count, features).ToArray(), count, features, validated: true)
    {
    }

    /// <summary>Copies <paramref name="values"/> (row-major) as <paramref name="count"/> × <paramref name="features"/>.</summary>
    /// <exception cref="SomDataException">No samples, no features, a length mismatch or a non-finite value.</exception>
    public SampleMatrix(ReadOnlyMemory<float> values, int count, int features)
        : this(values.Span, count, features)
    {
    }

    /// <summary>Copies <paramref name="values"/>: sample i is row i, feature f column f.</summary>
    /// <exception cref="SomDataException">No rows, no columns or a non-finite value.</exception>
    public SampleMatrix(float[,] values)
        : this(Flatten(values), values.GetLength(0), values.GetLength(1), validated: true)
    {
    }

    /// <summary>Copies <paramref name="rows"/>: sample i is rows[i]; every row must have the first row's length.</summary>
    /// <exception cref="SomDataException">No rows, an empty, null or ragged row, or a non-finite value.</exception>
    public SampleMatrix(float[][] rows)
        : this(Flatten(rows), rows.Length, rows[0].Length, validated: true)
    {
    }

    private SampleMatrix(float[] values, int count, int features, bool validated)
    {
        if (!validated) Checked(values, count, features);
        _values = values;
        Count = count;
        Features = features;
    }

    /// <summary>Takes ownership of <paramref name="values"/> without copying: for readers that built the array and drop it.</summary>
    internal static SampleMatrix Wrap(float[] values, int count, int features)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new SampleMatrix(values, count, features, validated: false);
    }

    /// <summary>The values, row-major, read-only.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>The values' array, for the CPU engine's kernels; never written.</summary>
    internal float[] Buffer => _values;

    /// <summary>Number of samples N.</summary>
    public int Count { get; }

    /// <summary>Number of features D.</summary>
    public int Features { get; }

    /// <summary>Sample <paramref name="i"/>: x_i = values[i·D … i·D + D − 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is outside 0 … N − 1.</exception>
    public ReadOnlySpan<float> Row(int i)
    {
        if ((uint)i >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"sample {i} is outside 0…{Count - 1}");
        return _values.AsSpan(i * Features, Features);
    }

    /// <summary>‖x_i‖² per sample, computed once (float, fixed summation order).</summary>
    public ReadOnlyMemory<float> SquaredNorms => SquaredNormsBuffer;

    /// <summary>The cached ‖x_i‖² array, for the engines; never written after it is computed.</summary>
    internal float[] SquaredNormsBuffer => _squaredNorms ??= ComputeSquaredNorms();

    /// <summary>The first <paramref name="count"/> samples (copied).</summary>
    public SampleMatrix Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return Wrap(_values.AsSpan(0, count * Features).ToArray(), count, Features);
    }

    private static ReadOnlySpan<float> Checked(ReadOnlySpan<float> values, int count, int features)
    {
        if (count < 1) throw new SomDataException($"data has {count} samples: expected at least 1");
        if (features < 1) throw new SomDataException($"data has {features} features: expected at least 1");
        if ((long)count * features != values.Length)
            throw new SomDataException($"data has {values.Length} values: expected {count} samples × {features} features = {(long)count * features}");
        EnsureFinite(values, features);
        return values;
    }

    private static float[] Flatten(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.GetLength(0), d = values.GetLength(1);
        var flat = new float[(long)n * d];
        int k = 0;
        foreach (float v in values) flat[k++] = v; // a rectangular array enumerates row-major
        Checked(flat, n, d);
        return flat;
    }

    private static float[] Flatten(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0) throw new SomDataException("data has 0 samples: expected at least 1");
        if (rows[0] is null) throw new SomDataException("row 0 is null: expected an array of features");
        int d = rows[0].Length;
        var flat = new float[(long)rows.Length * d];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null) throw new SomDataException($"row {i} is null: expected {d} features");
            if (rows[i].Length != d)
                throw new SomDataException($"row {i} has {rows[i].Length} features: expected {d}, as row 0 has");
            rows[i].CopyTo(flat, (long)i * d);
        }
        Checked(flat, rows.Length, d);
        return flat;
    }

    /// <summary>Throws <see cref="SomDataException"/> at the first NaN or infinite value.</summary>
    internal static void EnsureFinite(ReadOnlySpan<float> values, int features)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new SomDataException(
                    $"sample {i / features}, feature {i % features} is {values[i]}: expected a finite number");
            }
        }
    }

    /// <summary>‖v‖² in float with a fixed order: 16-wide partial sums, then the lanes in order, then the tail.</summary>
    public static float SquaredNorm(ReadOnlySpan<float> v)
    {
        // The order is FixedOrderSum's, which gives the same bits on every instruction set.
        return FixedOrderSum.SumOfSquares(v, Cpu.KernelIsaSupport.Best);
    }

    private float[] ComputeSquaredNorms()
    {
        var norms = new float[Count];
        Parallel.For(0, Count, i => norms[i] = SquaredNorm(Row(i)));
        return norms;
    }
}
