using Som.Cpu;

namespace Som.Runner.Tuning;

/// <summary>One row of <c>som tune</c>'s table: a trial at a rung.</summary>
/// <param name="Trial">The trial's number (its options are drawn from it).</param>
/// <param name="Rung">The rung (0 = the cheapest).</param>
/// <param name="Samples">Training samples the map learned from at this rung.</param>
/// <param name="Options">The trial's options.</param>
/// <param name="Scores">What the map scored on the validation split.</param>
/// <param name="Objective">The objective's value.</param>
/// <param name="Seconds">Wall seconds of the trial (initialise, train, score).</param>
/// <param name="TrainSeconds">Wall seconds of the training epochs alone.</param>
internal sealed record TrialResult(int Trial, int Rung, int Samples, SomOptions Options, TrialScores Scores, double Objective,
    double Seconds, double TrainSeconds)
{
    /// <summary>True when the trial went on to the next rung.</summary>
    public bool Promoted { get; init; }
}
