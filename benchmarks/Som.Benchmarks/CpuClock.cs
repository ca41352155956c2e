using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Som.Benchmarks;

/// <summary>
/// CPU time of the process and of the calling thread, to the nanosecond on Linux (clock_gettime); elsewhere the
/// process's <see cref="Process.TotalProcessorTime"/> for both. On a shared machine CPU time leaves out the time a
/// thread waited for a core.
/// </summary>
public static partial class CpuClock
{
    private const int ProcessClock = 2; // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadClock = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>CPU seconds of all threads of this process.</summary>
    public static double Process() => Read(ProcessClock);

    /// <summary>CPU seconds of the calling thread.</summary>
    public static double Thread() => Read(ThreadClock);

    private static double Read(int clock)
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(clock, out var ts) == 0) return ts.Seconds + ts.Nanoseconds * 1e-9;
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec ts);
}
