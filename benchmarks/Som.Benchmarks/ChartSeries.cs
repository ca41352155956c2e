namespace Som.Benchmarks;

/// <summary>One curve of a <see cref="LogLogChart"/>: points (X[i], Y[i]), all above 0, drawn in order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
