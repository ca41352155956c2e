namespace Som.Runner.Tuning;

/// <summary>
/// The seeded split of <c>som tune</c>'s training data: a validation part the trials are scored on and a training
/// part the trials learn from (never the test split, which the command does not load). Rung r trains on the first
/// n_r samples of the training part in a seeded order, so each rung's samples include the previous rung's.
/// </summary>
internal sealed class ValidationSplit
{
    private readonly int[] _trainOrder;

    /// <summary>Splits <paramref name="count"/> samples: <paramref name="validation"/> of them, drawn from <paramref name="seed"/>, are held out.</summary>
    public ValidationSplit(int count, int validation, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(validation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validation, count - 1);
        var order = new int[count];
        new SomRandom(seed + SplitStream).Permutation(order);
        Validation = order[..validation];
        Array.Sort(Validation);
        _trainOrder = order[validation..];
    }

    /// <summary>The held-out samples, in increasing index order.</summary>
    public int[] Validation { get; }

    /// <summary>The number of samples the trials may train on.</summary>
    public int TrainCount => _trainOrder.Length;

    /// <summary>The first <paramref name="count"/> samples of the training part's seeded order, in increasing index order.</summary>
    public int[] Train(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, TrainCount);
        int[] chosen = _trainOrder[..count];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Seed offset of the split's stream, apart from the trials' and the engines'.</summary>
    private const ulong SplitStream = 0x76616C6964UL;
}
