using System.Globalization;
using System.Text.RegularExpressions;
using Som.Runner.Cli;

namespace Som.Runner.Tuning;

/// <summary>
/// What <c>som tune</c> ranks trials by, on the validation split: <c>accuracy</c> (labelled-unit accuracy, higher is
/// better), <c>qe</c> or <c>te</c> (lower is better), or <c>mix:EXPR</c>, a weighted sum of <c>acc</c>, <c>qe</c> and
/// <c>te</c> such as <c>mix:acc-0.5*te</c> or <c>mix:acc-2*te-0.01*qe</c>, higher is better. Accuracy and TE are
/// fractions (0 … 1), QE is in the data's units.
/// </summary>
/// <param name="Text">The objective as written.</param>
/// <param name="Accuracy">The weight of the accuracy.</param>
/// <param name="QuantizationError">The weight of the QE.</param>
/// <param name="TopographicError">The weight of the TE.</param>
/// <param name="Maximise">True when a higher value is better.</param>
internal sealed partial record Objective(string Text, double Accuracy, double QuantizationError, double TopographicError, bool Maximise)
{
    /// <summary>The syntax, for help and errors.</summary>
    public const string Syntax = "accuracy|qe|te|mix:EXPR";

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="UsageException">Not one of the forms, or a mix with a term that is not [+|-][W*]acc|qe|te.</exception>
    public static Objective Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "accuracy" or "acc": return new(t, 1, 0, 0, true);
            case "qe": return new(t, 0, 1, 0, false);
            case "te": return new(t, 0, 0, 1, false);
        }
        string expected = "expected accuracy, qe, te or mix:EXPR with EXPR terms [+|-][W*]acc|qe|te (e.g. mix:acc-0.5*te)";
        if (!t.StartsWith("mix:", StringComparison.Ordinal)) throw new UsageException($"--objective: '{text}' is not allowed: {expected}");
        string expr = t[4..].Replace(" ", "", StringComparison.Ordinal);
        double acc = 0, qe = 0, te = 0;
        int at = 0;
        var terms = Term().Matches(expr);
        foreach (Match m in terms)
        {
            if (m.Index != at || (at > 0 && m.Groups["sign"].Length == 0))
                throw new UsageException($"--objective: '{text}' is not allowed: {expected}");
            at = m.Index + m.Length;
            double w = m.Groups["w"].Success ? double.Parse(m.Groups["w"].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : 1;
            if (!double.IsFinite(w)) throw new UsageException($"--objective: weight {m.Groups["w"].Value} in '{text}' is not allowed: expected a finite number");
            if (m.Groups["sign"].Value == "-") w = -w;
            switch (m.Groups["name"].Value)
            {
                case "acc": acc += w; break;
                case "qe": qe += w; break;
                default: te += w; break;
            }
        }
        if (terms.Count == 0 || at != expr.Length) throw new UsageException($"--objective: '{text}' is not allowed: {expected}");
        if (acc == 0 && qe == 0 && te == 0) throw new UsageException($"--objective: '{text}' weighs every term 0: expected a non-zero weight");
        return new(t, acc, qe, te, true);
    }

    /// <summary>True when the objective needs labelled data.</summary>
    public bool NeedsLabels => Accuracy != 0;

    /// <summary>The objective's value for <paramref name="s"/> (NaN when it needs an accuracy that is missing).</summary>
    public double Value(TrialScores s)
    {
        ArgumentNullException.ThrowIfNull(s);
        double v = 0;
        if (Accuracy != 0) v += Accuracy * (s.Accuracy ?? double.NaN);
        if (QuantizationError != 0) v += QuantizationError * s.QuantizationError;
        if (TopographicError != 0) v += TopographicError * s.TopographicError;
        return v;
    }

    /// <summary>The value turned so that higher is better (what the search ranks by).</summary>
    public double Score(double value) => Maximise ? value : -value;

    /// <summary>"higher is better" or "lower is better".</summary>
    public string Direction => Maximise ? "higher is better" : "lower is better";

    [GeneratedRegex(@"(?<sign>[+-]?)(?:(?<w>[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\*)?(?<name>acc|qe|te)")]
    private static partial Regex Term();
}
