namespace Som.Runner.Tuning;

/// <summary>
/// Successive halving (one Hyperband bracket): rung 0 runs every trial on the smallest budget; after each rung the
/// best 1/η (by score, higher is better; ties to the lower trial number; NaN last) go on to the next rung, whose budget
/// is η times larger, until the last rung runs the survivors on the whole budget.
/// </summary>
internal static class SuccessiveHalving
{
    /// <summary>The number of trials in each of <paramref name="rungs"/> rungs: ⌊trials / ηʳ⌋, at least 1.</summary>
    public static int[] RungSizes(int trials, int eta, int rungs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rungs, 1);
        var sizes = new int[rungs];
        long n = trials;
        for (int r = 0; r < rungs; r++)
        {
            sizes[r] = (int)Math.Max(1, n);
            n /= eta;
        }
        return sizes;
    }

    /// <summary>The most rungs that leave at least one trial to promote each time: 1 + ⌊log_η trials⌋.</summary>
    public static int MaxRungs(int trials, int eta)
    {
        int rungs = 1;
        for (long n = trials / eta; n >= 1; n /= eta) rungs++;
        return rungs;
    }

    /// <summary>
    /// The share of the full budget rung <paramref name="rung"/> of <paramref name="rungs"/> gets: η^−(rungs − 1 − rung),
    /// so the last rung gets all of it.
    /// </summary>
    public static double Budget(int rung, int rungs, int eta) => Math.Pow(eta, -(rungs - 1 - rung));

    /// <summary>
    /// The <paramref name="keep"/> best of <paramref name="trials"/> by <paramref name="scores"/> (same order), higher
    /// first; equal scores keep the lower trial number first, NaN scores rank below every number.
    /// </summary>
    public static int[] Promote(IReadOnlyList<int> trials, IReadOnlyList<double> scores, int keep)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(scores);
        if (trials.Count != scores.Count) throw new ArgumentException($"{scores.Count} scores for {trials.Count} trials", nameof(scores));
        return [.. Ranked(trials, scores).Take(keep)];
    }

    /// <summary>Every trial of <paramref name="trials"/>, best first (the order of <see cref="Promote"/>).</summary>
    public static IEnumerable<int> Ranked(IReadOnlyList<int> trials, IReadOnlyList<double> scores) =>
        Enumerable.Range(0, trials.Count)
            .OrderBy(i => double.IsNaN(scores[i]) ? 1 : 0)
            .ThenByDescending(i => double.IsNaN(scores[i]) ? 0 : scores[i])
            .ThenBy(i => trials[i])
            .Select(i => trials[i]);

    /// <summary>
    /// Runs the bracket: <paramref name="evaluate"/>(rung, trials) returns each trial's score at that rung (same order).
    /// Returns the trials of each rung, in the order they ran.
    /// </summary>
    public static List<int[]> Run(int trials, int eta, int rungs, Func<int, int[], IReadOnlyList<double>> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        int[] sizes = RungSizes(trials, eta, rungs);
        var ran = new List<int[]>();
        int[] current = [.. Enumerable.Range(0, trials)];
        for (int r = 0; r < rungs; r++)
        {
            ran.Add(current);
            var scores = evaluate(r, current);
            if (r + 1 < rungs) current = [.. Promote(current, scores, sizes[r + 1]).Order()];
        }
        return ran;
    }
}
