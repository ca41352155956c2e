using Som.Runner.Rendering;

namespace Som.Tests.Rendering;

/// <summary>The one tick rule of every value axis, against cases worked by hand and a naive search over the candidate steps.</summary>
public sealed class AxisTicksTests
{
    [Theory]
    // span / 6 = 0.00972: no m × 0.001 reaches it, so the step is 0.01.
    [InlineData(0.1409, 0.1992, 0.14, 0.20, 0.01)]
    // span / 6 = 7903: 5000 is short, 10000.
    [InlineData(59890.9, 107309.4, 50000, 110000, 10000)]
    [InlineData(-0.03, 0.02, -0.03, 0.02, 0.01)]
    // 1/6 = 0.167: 0.2.
    [InlineData(0, 1, 0, 1, 0.2)]
    // Equal ends widen by 10 %: [2.7, 3.3], span / 6 = 0.1 exactly, so 0.1.
    [InlineData(3, 3, 2.7, 3.3, 0.1)]
    // Equal ends at zero widen by 1: [−1, 1], 2/6 = 0.333: 0.5.
    [InlineData(0, 0, -1, 1, 0.5)]
    // 1.4/6 = 0.233: 0.25, and 2.4 rounds up to 2.5.
    [InlineData(1, 2.4, 1, 2.5, 0.25)]
    // A span of exactly 6 steps keeps that step.
    [InlineData(0, 6, 0, 6, 1)]
    [InlineData(0, 31, 0, 40, 10)]
    [InlineData(0, 33, 0, 40, 10)]
    // 127/6 = 21.2: 25, six steps to 150.
    [InlineData(0, 127, 0, 150, 25)]
    [InlineData(1, 1, 0.9, 1.1, 0.05)]
    // Reversed ends are the same axis; negative values alone.
    [InlineData(5, 1, 1, 5, 1)]
    [InlineData(-7, -3, -7, -3, 1)]
    // Not a number stands for [0, 1].
    [InlineData(double.NaN, 4, 0, 1, 0.2)]
    [InlineData(0, double.PositiveInfinity, 0, 1, 0.2)]
    public void Cover_runs_from_the_step_below_the_minimum_to_the_one_above_the_maximum(double min, double max, double lo, double hi, double step)
    {
        var t = AxisTicks.Cover(min, max);
        Assert.Equal(step, t.Step, 12);
        Assert.Equal(lo, t.Lo, 9);
        Assert.Equal(hi, t.Hi, 9);
    }

    [Theory]
    // 15.9/6 = 2.65: 2.5 is short, 5; the multiples of 5 inside.
    [InlineData(-3.7, 12.2, 5, new[] { 0.0, 5, 10 })]
    [InlineData(0.013, 0.087, 0.02, new[] { 0.02, 0.04, 0.06, 0.08 })]
    // Ends on a multiple are ticks.
    [InlineData(-1, 1, 0.5, new[] { -1, -0.5, 0, 0.5, 1 })]
    [InlineData(2, 2, 0.1, new[] { 1.8, 1.9, 2.0, 2.1, 2.2 })]
    [InlineData(-0.3, 0.3, 0.1, new[] { -0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3 })]
    public void Within_gives_the_multiples_of_the_step_inside_the_range(double lo, double hi, double step, double[] ticks)
    {
        var t = AxisTicks.Within(lo, hi);
        Assert.Equal(step, t.Step, 12);
        Assert.Equal(ticks.Length, t.Ticks.Length);
        for (int i = 0; i < ticks.Length; i++) Assert.Equal(ticks[i], t.Ticks[i], 9);
    }

    [Fact]
    public void Values_run_from_lo_to_hi_and_zero_is_exactly_zero()
    {
        double[] v = AxisTicks.Values(-0.3, 0.3, 0.1);
        Assert.Equal(7, v.Length);
        Assert.Equal(-0.3, v[0], 12);
        Assert.Equal(0.3, v[^1], 12);
        Assert.Equal(0.0, v[3]);
        Assert.Equal(["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"], v.Select(x => AxisTicks.Format(x, 0.1)));
    }

    [Theory]
    [InlineData(0.25, 0.25, "0.25")]
    [InlineData(0.5, 0.25, "0.50")]
    [InlineData(110000, 10000, "110000")]
    [InlineData(0.14, 0.01, "0.14")]
    [InlineData(5, 2.5, "5.0")]
    [InlineData(0.0003, 0.0001, "0.0003")]
    [InlineData(-1e-12, 0.1, "0.0")]
    [InlineData(-2.5, 0.5, "-2.5")]
    public void Format_writes_the_decimals_the_step_needs(double value, double step, string text) =>
        Assert.Equal(text, AxisTicks.Format(value, step));

    [Fact]
    public void The_step_is_the_smallest_candidate_of_at_least_a_sixth_of_the_span()
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            double a = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 7));
            double b = a + random.NextDouble() * Math.Pow(10, random.Next(-6, 7));
            // Spans near the value's rounding are "equal ends", widened: the cases above check those.
            if (b - a <= 1e-9 * Math.Max(1, Math.Abs(b))) continue;
            var (lo, hi, step) = AxisTicks.Cover(a, b);
            // Naive: every m × 10ⁿ, the smallest that reaches a sixth of the span.
            double naive = Enumerable.Range(-14, 30).SelectMany(n => new[] { 1, 2, 2.5, 5 }.Select(m => m * Math.Pow(10, n)))
                .Where(s => s >= (b - a) / 6 * (1 - 1e-12)).Min();
            Assert.True(Math.Abs(step - naive) <= 1e-9 * naive, $"[{a}, {b}]: step {step}, expected {naive}");
            Assert.True(lo <= a + 1e-9 * step && hi >= b - 1e-9 * step, $"[{a}, {b}]: axis [{lo}, {hi}] does not cover it");
            Assert.True(lo > a - step && hi < b + step, $"[{a}, {b}]: axis [{lo}, {hi}] overshoots by a step {step}");
            double intervals = (hi - lo) / step;
            Assert.True(Math.Abs(intervals - Math.Round(intervals)) < 1e-3 && intervals <= AxisTicks.Intervals + 2, $"[{a}, {b}]: {intervals} intervals");
        }
    }
}
