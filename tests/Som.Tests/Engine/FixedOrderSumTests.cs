using Som.Cpu;
using Som.Tests.Oracle;

namespace Som.Tests.Engine;

/// <summary>
/// The reduction helper: every instruction set gives the bits of an independent spelling of the documented
/// order (16 chains, chains added in order, then the tail), for every length 0 … 200.
/// </summary>
public class FixedOrderSumTests
{
    private const int MaxLength = 200;

    /// <summary>The documented order written out plainly, as the test's own reference.</summary>
    private static float Reference(float[] x, float[] y, int n)
    {
        var chains = new float[16];
        int full = n / 16 * 16;
        for (int i = 0; i < full; i++) chains[i % 16] = MathF.FusedMultiplyAdd(x[i], y[i], chains[i % 16]);
        float sum = 0;
        foreach (float c in chains) sum += c;
        for (int i = full; i < n; i++) sum = MathF.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }

    private static float[] Values(int n, ulong seed)
    {
        // Mixed magnitudes and signs, so that a different order of additions rounds differently.
        var rng = new SomRandom(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() - 0.3) * Math.Pow(10, rng.NextInt(7) - 3));
        return v;
    }

    [Fact]
    public void Dot_and_sum_of_squares_give_the_reference_bits_on_every_isa_for_lengths_0_to_200()
    {
        float[] x = Values(MaxLength, 3), y = Values(MaxLength, 4);
        int orderSensitive = 0;
        for (int n = 0; n <= MaxLength; n++)
        {
            float dot = Reference(x, y, n), squares = Reference(x, x, n);
            float sequential = 0;
            for (int i = 0; i < n; i++) sequential = MathF.FusedMultiplyAdd(x[i], y[i], sequential);
            if (BitConverter.SingleToInt32Bits(sequential) != BitConverter.SingleToInt32Bits(dot)) orderSensitive++;
            foreach (var isa in SupportedIsas.All())
            {
                Assert.True(BitConverter.SingleToInt32Bits(dot) == BitConverter.SingleToInt32Bits(FixedOrderSum.Dot(x.AsSpan(0, n), y.AsSpan(0, n), isa)),
                    $"Dot, {isa}, n = {n}");
                Assert.True(BitConverter.SingleToInt32Bits(squares) == BitConverter.SingleToInt32Bits(FixedOrderSum.SumOfSquares(x.AsSpan(0, n), isa)),
                    $"SumOfSquares, {isa}, n = {n}");
            }
            Assert.Equal(BitConverter.SingleToInt32Bits(squares), BitConverter.SingleToInt32Bits(SampleMatrix.SquaredNorm(x.AsSpan(0, n))));
        }
        // The data must tell the orders apart, or the comparison above would prove nothing.
        Assert.True(orderSensitive > 50, $"only {orderSensitive} lengths where one sequential chain differs from the 16-chain order");
    }

    [Fact]
    public unsafe void Panel_chains_give_the_same_bits_on_every_isa()
    {
        const int lanes = DotKernels.Lanes;
        foreach (int d in new[] { 0, 1, 7, 31, 33, 100, 127, 1027 })
        {
            float[] x = Values(Math.Max(d, 1), (ulong)d + 10), panel = Values(Math.Max(d, 1) * lanes, (ulong)d + 20);
            var expectedDots = new float[lanes];
            var expectedSquares = new float[lanes];
            for (int l = 0; l < lanes; l++)
            {
                for (int f = 0; f < d; f++)
                {
                    float w = panel[f * lanes + l];
                    expectedDots[l] = MathF.FusedMultiplyAdd(x[f], w, expectedDots[l]);
                    expectedSquares[l] = MathF.FusedMultiplyAdd(w, w, expectedSquares[l]);
                }
            }
            foreach (var isa in SupportedIsas.All())
            {
                using var p = new AlignedBuffer(Math.Max(d, 1) * lanes);
                using var dots = new AlignedBuffer(lanes);
                panel.CopyTo(new Span<float>(p.Pointer, panel.Length));
                var squares = new float[lanes];
                new Span<float>(dots.Pointer, lanes).Fill(float.NaN);
                fixed (float* px = x) FixedOrderSum.PanelDot(px, p.Pointer, d, dots.Pointer, isa);
                FixedOrderSum.PanelSquares(p.Pointer, d, squares, isa);
                Assert.Equal(TestData.Bits(expectedDots), TestData.Bits(new Span<float>(dots.Pointer, lanes).ToArray()));
                Assert.Equal(TestData.Bits(expectedSquares), TestData.Bits(squares));
            }
        }
    }
}
