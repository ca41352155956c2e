namespace Som.Benchmarks;

/// <summary>The model cost of one operation: useful floating-point operations and compulsory memory traffic.</summary>
/// <param name="Flops">Useful FLOPs (an FMA counts 2).</param>
/// <param name="Bytes">Bytes every input is read once and every output written once; caches can make the real traffic larger or smaller.</param>
public readonly record struct StageCost(double Flops, double Bytes)
{
    /// <summary>The cost of doing both.</summary>
    public static StageCost operator +(StageCost a, StageCost b) => new(a.Flops + b.Flops, a.Bytes + b.Bytes);

    /// <summary>The cost of doing both (the named form of +).</summary>
    public static StageCost Add(StageCost a, StageCost b) => a + b;
}
