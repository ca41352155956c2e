using System.Numerics;

namespace Som;

/// <summary>
/// The fixed-point form of the distributed sums (docs/contract.md §16): a term v becomes the integer round(v·2^s)
/// (to nearest, ties to even), rounded once, and the integers add associatively, so every split of the samples over
/// ranks and every reduction order gives the same total. The scale s comes from global bounds only (the largest
/// |term| over every rank and the global count), so every rank picks the same one.
/// </summary>
internal static class FixedPoint
{
    /// <summary>
    /// The scale exponent s for <paramref name="count"/> terms of magnitude at most <paramref name="bound"/>:
    /// s = 62 − n − e with n the bit length of the count and e the least integer with bound ≤ 2^e, so each rounded
    /// term is at most 2^(62 − n) and a sum of the count of them stays below 2^62 (a long holds it with a bit to spare).
    /// A zero bound uses e = 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite bound, or a count below 1.</exception>
    public static int ScaleFor(double bound, long count)
    {
        if (!double.IsFinite(bound) || bound < 0)
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "expected a finite bound ≥ 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int e = 0;
        if (bound > 0)
        {
            e = Math.ILogB(bound);
            if (Math.ScaleB(1.0, e) < bound) e++;
        }
        int n = 64 - BitOperations.LeadingZeroCount((ulong)count);
        return 62 - n - e;
    }

    /// <summary>2^s, the factor a term is multiplied by (exact: a power of two).</summary>
    public static double Factor(int scale) => Math.ScaleB(1.0, scale);

    /// <summary>round(v·factor) to the nearest integer, ties to even; the caller keeps |v| within the scale's bound.</summary>
    public static long ToFixed(double value, double factor) => (long)Math.Round(value * factor, MidpointRounding.ToEven);

    /// <summary>The double nearest to total·2^−s (exact when the total has at most 53 significant bits).</summary>
    public static double FromFixed(long total, int scale) => Math.ScaleB((double)total, -scale);
}
