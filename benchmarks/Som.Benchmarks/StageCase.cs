namespace Som.Benchmarks;

/// <summary>One row of the per-stage benchmarks: a stage, where it runs, and the size of one operation.</summary>
public sealed record StageCase(Stage Stage, StageBackend Backend, StageShape Shape)
{
    /// <summary>The model cost of one operation.</summary>
    public StageCost Cost => StageCostModel.Cost(Stage, Shape);

    /// <summary>Stage@Backend, the name BenchmarkDotNet shows.</summary>
    public override string ToString() => $"{Stage}@{Backend}";
}
