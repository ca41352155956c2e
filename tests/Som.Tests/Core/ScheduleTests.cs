using Som.Tests.Oracle;

namespace Som.Tests.Core;

public class ScheduleTests
{
    [Theory]
    [InlineData(ScheduleKind.Linear, 5.0, 1.0, 5, 0, 5.0)]
    [InlineData(ScheduleKind.Linear, 5.0, 1.0, 5, 2, 3.0)]
    [InlineData(ScheduleKind.Linear, 5.0, 1.0, 5, 4, 1.0)]
    [InlineData(ScheduleKind.Exponential, 8.0, 0.5, 5, 0, 8.0)]
    [InlineData(ScheduleKind.Exponential, 8.0, 0.5, 5, 2, 2.0)]          // 8·(1/16)^(1/2)
    [InlineData(ScheduleKind.Exponential, 8.0, 0.5, 5, 4, 0.5)]
    [InlineData(ScheduleKind.Inverse, 4.0, 99.0, 10, 0, 4.0)]            // the end value is unused
    [InlineData(ScheduleKind.Inverse, 4.0, 99.0, 10, 5, 2.0)]            // 4 / (1 + 5/5)
    [InlineData(ScheduleKind.Inverse, 4.0, 99.0, 10, 9, 4.0 / 2.8)]      // 4 / (1 + 9/5)
    public void Values_at_first_middle_and_last_step(ScheduleKind kind, double v0, double vT, long steps, long t, double expected) =>
        Assert.Equal(expected, Schedule.Value(kind, v0, vT, t, steps), 12);

    [Fact]
    public void Inverse_halves_at_half_the_run()
    {
        Assert.Equal(2.0, Schedule.Value(ScheduleKind.Inverse, 4, 0, 50, 100), 14);
        Assert.Equal(4 / (1 + 99 / 50.0), Schedule.Value(ScheduleKind.Inverse, 4, 0, 99, 100), 14);
    }

    [Theory]
    [InlineData(ScheduleKind.Linear)]
    [InlineData(ScheduleKind.Exponential)]
    [InlineData(ScheduleKind.Inverse)]
    public void One_step_run_uses_the_start_value(ScheduleKind kind) =>
        Assert.Equal(3.25, Schedule.Value(kind, 3.25, 0.5, 0, 1));

    [Theory]
    [InlineData(ScheduleKind.Linear)]
    [InlineData(ScheduleKind.Exponential)]
    public void Linear_and_exponential_reach_the_end_value_at_the_last_step(ScheduleKind kind)
    {
        foreach (long steps in new long[] { 2, 3, 10, 127, 100_000 })
            Assert.Equal(0.01, Schedule.Value(kind, 0.5, 0.01, steps - 1, steps), 14);
    }

    [Theory]
    [InlineData(ScheduleKind.Linear)]
    [InlineData(ScheduleKind.Exponential)]
    [InlineData(ScheduleKind.Inverse)]
    public void Agrees_with_the_oracle_at_every_step(ScheduleKind kind)
    {
        foreach (long steps in new long[] { 1, 2, 7, 64 })
        {
            for (long t = 0; t < steps; t++)
            {
                double expected = NaiveSom.Schedule(kind, 6, 0.25, t, steps);
                Assert.True(Math.Abs(Schedule.Value(kind, 6, 0.25, t, steps) - expected) <= 1e-12 * expected,
                    $"{kind} t={t} T={steps}: {Schedule.Value(kind, 6, 0.25, t, steps):R}, oracle {expected:R}");
            }
        }
    }

    [Fact]
    public void Rejects_steps_outside_the_run()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Value(ScheduleKind.Linear, 1, 0.5, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Value(ScheduleKind.Linear, 1, 0.5, -1, 5));
    }
}
