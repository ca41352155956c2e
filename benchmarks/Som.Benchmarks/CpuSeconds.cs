namespace Som.Benchmarks;

/// <summary>
/// Process CPU seconds (all threads, <see cref="CpuClock.Process"/>) of an epoch and of its stages, each the minimum
/// over the runs. On a loaded machine they are steadier than wall seconds; on an idle one they are about the wall
/// seconds times the threads busy.
/// </summary>
public sealed record CpuSeconds(double Epoch, double Distance, double Accumulate, double Smoothing);
