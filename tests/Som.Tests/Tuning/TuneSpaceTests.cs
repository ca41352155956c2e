using Som.Runner.Cli;
using Som.Runner.Tuning;

namespace Som.Tests.Tuning;

/// <summary>The search space: the range syntax, the draws (bounds, log-uniform radii, seeded), and the objective syntax.</summary>
public sealed class TuneSpaceTests
{
    [Theory]
    [InlineData("8", 8, 8, true)]
    [InlineData("2..16", 2, 16, false)]
    [InlineData(" 4, 8,16 ", 4, 16, false)]
    [InlineData("0.5..0.5", 0.5, 0.5, true)]
    [InlineData("1e-1..2", 0.1, 2, false)]
    public void Ranges_parse(string text, double lo, double hi, bool isFixed)
    {
        var r = TuneRange.Parse("--sigma-start", text, integer: false, min: 0, strict: true);
        Assert.Equal((lo, hi, isFixed), (r.Lo, r.Hi, r.IsFixed));
    }

    [Theory]
    [InlineData("16..2", "--sigma-start: '16..2' is an empty range: expected FROM..TO with FROM ≤ TO")]
    [InlineData("0..4", "--sigma-start: 0 in '0..4' is not allowed: expected numbers > 0")]
    [InlineData("-1", "--sigma-start: -1 in '-1' is not allowed: expected numbers > 0")]
    [InlineData("nan", "--sigma-start: 'nan' is not allowed: expected a value, a list A,B,C or a range FROM..TO")]
    [InlineData("2..4..8", "--sigma-start: '2..4..8' is not allowed")]
    [InlineData("2,,4", "--sigma-start: '2,,4' is not allowed")]
    [InlineData("", "--sigma-start: '' is not allowed")]
    [InlineData("two", "--sigma-start: 'two' is not allowed")]
    public void Bad_ranges_name_the_flag_and_the_value(string text, string expected)
    {
        var e = Assert.Throws<UsageException>(() => TuneRange.Parse("--sigma-start", text, integer: false, min: 0, strict: true));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Integer_ranges_refuse_fractions_and_draw_every_integer_of_the_range()
    {
        Assert.Throws<UsageException>(() => TuneRange.Parse("--epochs", "2.5..6", integer: true, min: 1, strict: false));
        Assert.Throws<UsageException>(() => TuneRange.Parse("--epochs", "0..6", integer: true, min: 1, strict: false));
        var r = TuneRange.Parse("--epochs", "5..7", integer: true, min: 1, strict: false);
        var random = new SomRandom(3);
        var drawn = Enumerable.Range(0, 300).Select(_ => r.Draw(random, integer: true)).ToArray();
        Assert.Equal([5.0, 6.0, 7.0], drawn.Distinct().Order());
        Assert.All(drawn, v => Assert.True(v is >= 5 and <= 7 && v == Math.Floor(v)));
    }

    [Fact]
    public void Radii_are_log_uniform_within_the_bounds_and_rounded_to_three_digits()
    {
        var r = TuneRange.Parse("--sigma-start", "1..100", integer: false, min: 0, strict: true);
        var random = new SomRandom(11);
        var drawn = Enumerable.Range(0, 4000).Select(_ => r.Draw(random, integer: false)).ToArray();
        Assert.All(drawn, v => Assert.InRange(v, 1, 100));
        Assert.All(drawn, v => Assert.Equal(v, TuneRange.Round3(v)));
        // Log-uniform on 1..100: a quarter of the draws per factor √10; uniform would put 90 % above 10.
        double below10 = drawn.Count(v => v < 10) / (double)drawn.Length;
        Assert.InRange(below10, 0.46, 0.54);
        double below3 = drawn.Count(v => v < Math.Sqrt(10)) / (double)drawn.Length;
        Assert.InRange(below3, 0.21, 0.29);
    }

    [Theory]
    [InlineData(3.14159, 3.14)]
    [InlineData(0.0123456, 0.0123)]
    [InlineData(12345.6, 12300)]
    [InlineData(99.96, 100)]
    [InlineData(7, 7)]
    public void Round3_keeps_three_significant_digits(double v, double expected) => Assert.Equal(expected, TuneRange.Round3(v));

    private static TuneSpace Space(ulong seed) => new(new SomOptions { Seed = seed }, [(8, 8), (12, 5)],
        TuneRange.Parse("--sigma-start", "1..6", false, 0, true), TuneSpace.DefaultSigmaEnd,
        [ScheduleKind.Exponential, ScheduleKind.Linear, ScheduleKind.Inverse], TuneRange.Parse("--epochs", "3..9", true, 1, false),
        [InitMethod.Pca, InitMethod.Random, InitMethod.Samples]);

    [Fact]
    public void A_trial_is_the_same_for_the_same_seed_and_index_and_the_draws_cover_the_space()
    {
        var a = Space(5);
        var b = Space(5);
        var trials = Enumerable.Range(0, 60).Select(a.Draw).ToArray();
        Assert.Equal(trials, Enumerable.Range(0, 60).Select(b.Draw));
        Assert.NotEqual(trials, Enumerable.Range(0, 60).Select(Space(6).Draw));
        Assert.Equal(60, trials.Distinct().Count());
        Assert.All(trials, o =>
        {
            Assert.InRange(o.ResolvedSigmaStart, 1, 6);
            Assert.InRange(o.SigmaEnd, 0.25, 2);
            Assert.InRange(o.Epochs, 3, 9);
            Assert.Equal(5UL, o.Seed);
            o.Validate();
        });
        Assert.Equal(2, trials.Select(o => (o.Width, o.Height)).Distinct().Count());
        Assert.Equal(3, trials.Select(o => o.SigmaSchedule).Distinct().Count());
        Assert.Equal(3, trials.Select(o => o.Init).Distinct().Count());
        Assert.Equal(7, trials.Select(o => o.Epochs).Distinct().Count());
    }

    [Fact]
    public void Fixing_a_parameter_leaves_the_other_draws_unchanged()
    {
        var free = Space(9);
        var fixedEpochs = free with { Epochs = TuneRange.Fixed(10) };
        for (int i = 0; i < 20; i++)
        {
            var f = free.Draw(i);
            var g = fixedEpochs.Draw(i);
            Assert.Equal(10, g.Epochs);
            Assert.Equal(f with { Epochs = 10 }, g);
        }
    }

    [Fact]
    public void The_default_start_range_follows_the_drawn_map()
    {
        var space = new TuneSpace(new SomOptions(), [(64, 16)], null, TuneSpace.DefaultSigmaEnd, [ScheduleKind.Exponential], TuneRange.Fixed(10), [InitMethod.Pca]);
        Assert.All(Enumerable.Range(0, 50).Select(space.Draw), o => Assert.InRange(o.ResolvedSigmaStart, 8, 32));
        Assert.Equal(1, TuneSpace.DefaultSigmaStart(2).Lo);
        Assert.True(TuneSpace.DefaultSigmaStart(2).IsFixed);
    }

    [Theory]
    [InlineData("accuracy", 1, 0, 0, true)]
    [InlineData("ACC", 1, 0, 0, true)]
    [InlineData("qe", 0, 1, 0, false)]
    [InlineData("te", 0, 0, 1, false)]
    [InlineData("mix:acc-0.5*te", 1, 0, -0.5, true)]
    [InlineData("mix: 2*acc - 1e-2*qe - te", 2, -0.01, -1, true)]
    [InlineData("mix:-qe+acc+acc", 2, -1, 0, true)]
    public void Objectives_parse(string text, double acc, double qe, double te, bool maximise)
    {
        var o = Objective.Parse(text);
        Assert.Equal((acc, qe, te, maximise), (o.Accuracy, o.QuantizationError, o.TopographicError, o.Maximise));
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("mix:")]
    [InlineData("mix:accuracy")]
    [InlineData("mix:acc te")]
    [InlineData("mix:acc*2")]
    [InlineData("mix:acc-purity")]
    [InlineData("mix:acc-acc")]
    public void Bad_objectives_are_refused_with_the_syntax(string text)
    {
        var e = Assert.Throws<UsageException>(() => Objective.Parse(text));
        Assert.StartsWith($"--objective: '{text}'", e.Message);
    }

    [Fact]
    public void The_value_and_score_follow_the_weights_and_direction()
    {
        var scores = new TrialScores(0.8, 3.0, 0.1);
        Assert.Equal(0.8 - 0.5 * 0.1, Objective.Parse("mix:acc-0.5*te").Value(scores), 1e-15);
        Assert.Equal(-3.0, Objective.Parse("qe").Score(Objective.Parse("qe").Value(scores)));
        Assert.Equal(0.8, Objective.Parse("accuracy").Score(0.8));
        Assert.True(double.IsNaN(Objective.Parse("accuracy").Value(scores with { Accuracy = null })));
        Assert.Equal(0.1, Objective.Parse("te").Value(scores with { Accuracy = null }));
    }
}
