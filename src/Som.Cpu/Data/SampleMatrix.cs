using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace Som;

/// <summary>
/// N samples × D features, float32, row-major (sample i, feature f at i·D + f). Every value is finite:
/// the constructor rejects NaN and infinities naming the sample and feature.
/// </summary>
public sealed class SampleMatrix
{
    private float[]? _squaredNorms;

    /// <summary>Wraps <paramref name="values"/> (not copied) as <paramref name="count"/> × <paramref name="features"/>.</summary>
    /// <exception cref="SomDataException">No samples, no features, a length mismatch or a non-finite value.</exception>
    public SampleMatrix(float[] values, int count, int features)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (count < 1) throw new SomDataException($"data has {count} samples: expected at least 1");
        if (features < 1) throw new SomDataException($"data has {features} features: expected at least 1");
        if ((long)count * features != values.Length)
            throw new SomDataException($"data has {values.Length} values: expected {count} samples × {features} features = {(long)count * features}");
        EnsureFinite(values, features);
        Values = values;
        Count = count;
        Features = features;
    }

    /// <summary>The values, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Number of samples N.</summary>
    public int Count { get; }

    /// <summary>Number of features D.</summary>
    public int Features { get; }

    /// <summary>Sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * Features, Features);

    /// <summary>‖x_i‖² per sample, computed once (float, fixed summation order).</summary>
    public float[] SquaredNorms => _squaredNorms ??= ComputeSquaredNorms();

    /// <summary>The first <paramref name="count"/> samples (copied).</summary>
    public SampleMatrix Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new SampleMatrix(Values.AsSpan(0, count * Features).ToArray(), count, Features);
    }

    /// <summary>Throws <see cref="SomDataException"/> at the first NaN or infinite value.</summary>
    public static void EnsureFinite(ReadOnlySpan<float> values, int features)
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
