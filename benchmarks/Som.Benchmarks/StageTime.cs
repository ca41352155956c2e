namespace Som.Benchmarks;

/// <summary>Seconds of a timed figure: wall clock, and CPU time of every thread of the process.</summary>
/// <param name="Wall">Wall-clock seconds (the minimum over the runs).</param>
/// <param name="Cpu">Process CPU seconds, all threads (the minimum over the runs): on a shared machine it leaves out the time a thread waited for a core.</param>
public readonly record struct StageTime(double Wall, double Cpu);
