using System.Runtime.InteropServices;

namespace Som;

/// <summary>
/// A left fold over the samples of every rank in global sample order (docs/contract.md §16): rank 0 continues the
/// state from its start value over its rows, hands it to rank 1 (one broadcast), which continues it over its rows, and
/// so on; the last rank's state is every rank's result. A double sum in sample order so comes out with the bits of the
/// one-process sum for every split, at the cost of R broadcasts of the state (the terms themselves are computed on all
/// ranks at once; only the additions wait for the previous rank).
/// </summary>
internal static class RankOrderFold
{
    /// <summary>Continues <paramref name="state"/> over this rank's samples (called once, on this rank, in its turn).</summary>
    public delegate void Step(Span<double> state);

    /// <summary>
    /// Folds <paramref name="state"/> (the same start value on every rank) through every rank's <paramref name="step"/>
    /// in rank order; on return every rank holds the final state. Every rank calls it with a state of the same length.
    /// </summary>
    public static void Run(ICommunicator communicator, Span<double> state, Step step)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(step);
        var bytes = MemoryMarshal.AsBytes(state);
        for (int r = 0; r < communicator.Size; r++)
        {
            if (r == communicator.Rank) step(state);
            communicator.Broadcast(bytes, r);
        }
    }

    /// <summary>Σ_i terms[i] in double in global sample order over every rank (this rank's terms in its order).</summary>
    public static double Sum(ICommunicator communicator, ReadOnlySpan<double> terms)
    {
        var copy = terms.ToArray();
        Span<double> total = [0];
        Run(communicator, total, s =>
        {
            foreach (double t in copy) s[0] += t;
        });
        return total[0];
    }
}
