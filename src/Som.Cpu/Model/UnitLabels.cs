namespace Som;

/// <summary>
/// Class labels of a map's units, by majority vote of the training samples each unit is the BMU of: the label of
/// each unit (a unit without votes has its nearest voted unit's, as <see cref="SomMetrics.UnitLabels"/>; −1 for
/// none) and the votes, unit j's count of class c at j·classes + c.
/// </summary>
public sealed class UnitLabels
{
    /// <summary>Creates the labels of <paramref name="labels"/>.Length units over <paramref name="classes"/> classes.</summary>
    /// <exception cref="SomDataException">Sizes that do not match, a label outside −1 … classes − 1, or a negative vote.</exception>
    public UnitLabels(int[] labels, int[] votes, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(votes);
        if (classes < 1) throw new SomDataException($"unit labels over {classes} classes: expected at least 1");
        if ((long)labels.Length * classes != votes.Length)
            throw new SomDataException($"{votes.Length} unit votes for {labels.Length} units × {classes} classes: expected {(long)labels.Length * classes}");
        for (int j = 0; j < labels.Length; j++)
        {
            if (labels[j] < -1 || labels[j] >= classes)
                throw new SomDataException($"label {labels[j]} of unit {j}: expected −1 (none) or a class 0 … {classes - 1}");
        }
        for (int i = 0; i < votes.Length; i++)
        {
            if (votes[i] < 0) throw new SomDataException($"vote count {votes[i]} of unit {i / classes}, class {i % classes}: expected ≥ 0");
        }
        Labels = labels;
        Votes = votes;
        Classes = classes;
    }

    /// <summary>Label of each unit, −1 for none.</summary>
    public int[] Labels { get; }
    /// <summary>Votes, units × classes, row-major: samples of class c whose BMU is unit j at j·<see cref="Classes"/> + c.</summary>
    public int[] Votes { get; }
    /// <summary>Number of classes C.</summary>
    public int Classes { get; }

    /// <summary>Counts the votes of the samples' <paramref name="bmu"/> and <paramref name="sampleLabels"/>; the labels are <paramref name="labels"/>.</summary>
    internal static UnitLabels FromVotes(int[] labels, ReadOnlySpan<int> bmu, ReadOnlySpan<int> sampleLabels, int classes)
    {
        var votes = new int[labels.Length * classes];
        for (int i = 0; i < bmu.Length; i++) votes[bmu[i] * classes + sampleLabels[i]]++;
        return new UnitLabels(labels, votes, classes);
    }

    /// <summary>
    /// <see cref="FromVotes"/> from the class counts n[j, c] (units × at most <paramref name="classes"/> columns, e.g.
    /// summed over the ranks of a distributed run, docs/contract.md §16): the same votes, so the same record.
    /// </summary>
    internal static UnitLabels FromClassHits(int[] labels, int[,] n, int classes)
    {
        if (n.GetLength(0) != labels.Length || n.GetLength(1) > classes)
            throw new ArgumentException($"class counts of {n.GetLength(0)} units × {n.GetLength(1)} classes: expected {labels.Length} units × at most {classes}", nameof(n));
        var votes = new int[labels.Length * classes];
        for (int j = 0; j < labels.Length; j++)
            for (int c = 0; c < n.GetLength(1); c++) votes[j * classes + c] = n[j, c];
        return new UnitLabels(labels, votes, classes);
    }
}
