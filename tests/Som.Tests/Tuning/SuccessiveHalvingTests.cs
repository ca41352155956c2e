using Som.Runner.Tuning;

namespace Som.Tests.Tuning;

/// <summary>Successive halving on synthetic objectives whose ranking is known: who is promoted, with ties and NaN.</summary>
public sealed class SuccessiveHalvingTests
{
    [Theory]
    [InlineData(27, 3, 4, new[] { 27, 9, 3, 1 })]
    [InlineData(81, 3, 5, new[] { 81, 27, 9, 3, 1 })]
    [InlineData(31, 2, 5, new[] { 31, 15, 7, 3, 1 })]
    [InlineData(33, 4, 3, new[] { 33, 8, 2 })]
    [InlineData(1, 3, 1, new[] { 1 })]
    [InlineData(10, 3, 4, new[] { 10, 3, 1, 1 })]
    public void Rung_sizes_divide_by_eta_and_keep_at_least_one(int trials, int eta, int rungs, int[] expected) =>
        Assert.Equal(expected, SuccessiveHalving.RungSizes(trials, eta, rungs));

    [Theory]
    [InlineData(27, 3, 4)]
    [InlineData(26, 3, 3)]
    [InlineData(1, 3, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(127, 2, 7)]
    public void Max_rungs_is_one_plus_floor_log_eta(int trials, int eta, int expected) =>
        Assert.Equal(expected, SuccessiveHalving.MaxRungs(trials, eta));

    [Fact]
    public void The_last_rung_gets_the_whole_budget_and_each_earlier_one_eta_times_less()
    {
        Assert.Equal(1, SuccessiveHalving.Budget(3, 4, 3));
        Assert.Equal(1 / 3.0, SuccessiveHalving.Budget(2, 4, 3), 1e-15);
        Assert.Equal(1 / 27.0, SuccessiveHalving.Budget(0, 4, 3), 1e-15);
    }

    [Fact]
    public void Promote_keeps_the_highest_scores_ties_to_the_lower_trial_and_nan_last()
    {
        int[] trials = [7, 3, 9, 1, 4, 8];
        double[] scores = [0.5, 0.9, double.NaN, 0.9, 0.7, -1];
        Assert.Equal([1, 3], SuccessiveHalving.Promote(trials, scores, 2));        // the tie at 0.9: trial 1 before 3
        Assert.Equal([1, 3, 4, 7, 8], SuccessiveHalving.Promote(trials, scores, 5));
        Assert.Equal([1, 3, 4, 7, 8, 9], SuccessiveHalving.Promote(trials, scores, 6)); // NaN below even −1
        Assert.Empty(SuccessiveHalving.Promote(trials, scores, 0));
    }

    [Fact]
    public void Each_rung_runs_exactly_the_best_of_the_previous_rung_and_the_true_best_survives()
    {
        // A synthetic objective peaked at trial 17, plus a rung-dependent wobble that reorders the far trials: at
        // every rung the promoted set must be the top of that rung's scores, recomputed here by sorting.
        static double Score(int rung, int trial) => -Math.Abs(trial - 17) + 0.3 * Math.Sin(trial * 1.7 + rung);
        var seen = new List<(int Rung, int[] Trials, double[] Scores)>();
        var ran = SuccessiveHalving.Run(81, 3, 5, (rung, ids) =>
        {
            double[] s = [.. ids.Select(t => Score(rung, t))];
            seen.Add((rung, ids, s));
            return s;
        });
        Assert.Equal([81, 27, 9, 3, 1], ran.Select(r => r.Length));
        Assert.Equal(Enumerable.Range(0, 81), ran[0]);
        for (int r = 1; r < ran.Count; r++)
        {
            var previous = seen[r - 1];
            var expected = previous.Trials.Zip(previous.Scores).OrderByDescending(p => p.Second).ThenBy(p => p.First)
                .Take(ran[r].Length).Select(p => p.First).Order();
            Assert.Equal(expected, ran[r]);
        }
        Assert.Equal(17, Assert.Single(ran[^1]));
    }

    [Fact]
    public void A_trial_that_is_bad_on_the_cheap_rung_is_dropped_even_if_it_would_win_later()
    {
        // What successive halving trades for its speed, pinned so that a change to the rule shows up here.
        var ran = SuccessiveHalving.Run(9, 3, 2, (rung, ids) => [.. ids.Select(t => rung == 0 ? (t == 8 ? -10.0 : t) : (t == 8 ? 100.0 : -t))]);
        Assert.Equal([5, 6, 7], ran[1]);
    }
}
