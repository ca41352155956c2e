using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Som.Mpi;
using Som.Runner.Cli;

namespace Som.Runner.Commands;

/// <summary>
/// <c>mpirun -np N som mpi</c>: checks the MPI binding on this job (every collective against the values each rank can
/// work out alone) and times the barrier and the all-reduce, whose latency and bandwidth are the terms of a
/// distributed epoch's cost (benchmarks/RESULTS.md).
/// </summary>
internal static class MpiCommand
{
    /// <summary>The lengths every collective is checked at: 1, the edges of 32 and 128, and one past a thousand.</summary>
    internal static readonly int[] CheckLengths = [1, 31, 33, 127, 1001];

    /// <summary>The small piece the checks repeat with, so the binding's splitting of long spans is checked too.</summary>
    internal const int CheckChunk = 7;

    /// <summary>The <c>mpi</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var values = OptionFactory.Int("--values", "n",
            "int64 values in the timed all-reduce (default 3,215,360 = 64x64 units x 785: the sums and counts of a 64x64 map on 784 features)", min: 1);
        var repeat = OptionFactory.Int("--repeat", "n", "timed repetitions of each collective (default 10)", min: 1, max: 1_000_000);
        var timeout = SharedOptions.MpiTimeout();
        var command = new Command("mpi", "Under mpirun: check every MPI collective on this job's ranks and time the barrier and the all-reduce")
        {
            values, repeat, timeout,
        };
        command.SetAction(r => Run(context, r.GetValue(values) ?? 64 * 64 * 785, r.GetValue(repeat) ?? 10, r.GetValue(timeout)));
        return command;
    }

    /// <summary>Runs the checks and the timings; returns the exit code (0 when every rank passed every check).</summary>
    public static int Run(CommandContext context, int values, int repeat, double? timeoutSeconds)
    {
        using var mpi = MpiJob.Start(timeoutSeconds)
            ?? throw new UsageException("som mpi: not started by an MPI launcher (no OMPI_COMM_WORLD_RANK or PMI_RANK): expected mpirun -np N som mpi");
        try
        {
            return Check(context, mpi, values, repeat);
        }
        catch (Exception e) when (MpiJob.Failed(mpi, e, context))
        {
            return MpiJob.FailedExit;
        }
    }

    private static int Check(CommandContext context, MpiCommunicator mpi, int values, int repeat)
    {
        var output = context.Progress;
        bool root = mpi.Rank == 0;
        if (root) output.Line($"mpi: {MpiLibrary.Describe(mpi.Flavor)} ({mpi.LibraryPath}, {mpi.Version}), {mpi.Size} ranks");
        var failures = new List<string>();
        foreach (int chunk in new[] { MpiCommunicator.ChunkElements, CheckChunk })
        {
            mpi.ChunkLength = chunk;
            foreach (int n in CheckLengths) failures.AddRange(CheckAt(mpi, n).Select(f => $"{f} (length {n}, pieces of {Math.Min(chunk, n)})"));
        }
        mpi.ChunkLength = MpiCommunicator.ChunkElements;
        foreach (string f in failures.Take(5)) context.Error.WriteLine($"rank {mpi.Rank}: check failed: {f}");
        Span<long> failed = [failures.Count > 0 ? 1 : 0, failures.Count];
        mpi.AllReduceSum(failed);
        if (root)
        {
            output.Line(failed[0] == 0
                ? $"check: allreduce sum (int64), max and min (double), broadcast from every rank, barrier; lengths {string.Join(", ", CheckLengths)}, "
                    + $"whole and in pieces of {CheckChunk}: ok on all {mpi.Size} ranks"
                : $"check: {failed[1]} failures on {failed[0]} of {mpi.Size} ranks (each rank printed its own)");
        }
        if (failed[0] != 0) return 1;

        double barrier = Median(repeat, mpi.Barrier);
        var one = new long[1];
        double latency = Median(repeat, () => mpi.AllReduceSum(one));
        var big = new long[values];
        double large = Median(repeat, () => mpi.AllReduceSum(big));
        if (root)
        {
            double bytes = (double)values * sizeof(long);
            output.Line(string.Create(CultureInfo.InvariantCulture,
                $"time (median of {repeat}): barrier {barrier * 1e6:F1} µs; allreduce-sum of 1 int64 {latency * 1e6:F1} µs; "
                + $"of {values:N0} int64 ({bytes / 1e6:F1} MB) {large * 1e3:F2} ms = {bytes / large / 1e9:F2} GB/s of the buffer"));
        }
        return 0;
    }

    /// <summary>Each collective at length <paramref name="n"/>, against the values this rank works out for every rank.</summary>
    private static IEnumerable<string> CheckAt(MpiCommunicator mpi, int n)
    {
        int size = mpi.Size, rank = mpi.Rank;
        var sums = new long[n];
        for (int i = 0; i < n; i++) sums[i] = SumTerm(rank, i);
        mpi.AllReduceSum(sums);
        for (int i = 0; i < n; i++)
        {
            long expected = 0;
            for (int r = 0; r < size; r++) expected += SumTerm(r, i);
            if (sums[i] != expected) { yield return $"allreduce-sum [{i}] = {sums[i]}, expected {expected}"; break; }
        }

        var max = new double[n];
        var min = new double[n];
        for (int i = 0; i < n; i++) max[i] = min[i] = RealTerm(rank, i);
        mpi.AllReduceMax(max);
        mpi.AllReduceMin(min);
        for (int i = 0; i < n; i++)
        {
            double hi = double.NegativeInfinity, lo = double.PositiveInfinity;
            for (int r = 0; r < size; r++) { hi = Math.Max(hi, RealTerm(r, i)); lo = Math.Min(lo, RealTerm(r, i)); }
            if (BitConverter.DoubleToInt64Bits(max[i]) != BitConverter.DoubleToInt64Bits(hi)) { yield return $"allreduce-max [{i}] = {max[i]:R}, expected {hi:R}"; break; }
            if (BitConverter.DoubleToInt64Bits(min[i]) != BitConverter.DoubleToInt64Bits(lo)) { yield return $"allreduce-min [{i}] = {min[i]:R}, expected {lo:R}"; break; }
        }

        for (int from = 0; from < size; from++)
        {
            var data = new byte[n];
            for (int i = 0; i < n; i++) data[i] = rank == from ? ByteTerm(from, i) : (byte)0xA5;
            mpi.Broadcast(data, from);
            int wrong = -1;
            for (int i = 0; i < n && wrong < 0; i++) if (data[i] != ByteTerm(from, i)) wrong = i;
            if (wrong >= 0) yield return $"broadcast from rank {from} [{wrong}] = {data[wrong]}, expected {ByteTerm(from, wrong)}";
        }
        mpi.Barrier();
    }

    /// <summary>Rank r's i-th addend: large (past 2⁵³, where a double would round), of both signs.</summary>
    private static long SumTerm(int r, int i) => ((long)(r + 1) << 54) / (i + 3) - (long)(r + 1) * (i + 1) * 1_000_003L * (i % 2 == 0 ? 1 : -1);

    /// <summary>
    /// Rank r's i-th real: a spread of magnitudes and signs, with the infinities at fixed places (no ±0 pair: which of
    /// two equal values MPI_MAX keeps is the library's choice).
    /// </summary>
    private static double RealTerm(int r, int i) => (i % 17) switch
    {
        11 => r == 0 ? double.PositiveInfinity : r,
        13 => r == 1 ? double.NegativeInfinity : -r,
        _ => Math.Sin(0.37 * (r + 1) * (i + 1)) * Math.Pow(10, (i + r) % 7 - 3),
    };

    private static byte ByteTerm(int from, int i) => (byte)(from * 37 + i * 13 + 1);

    private static double Median(int repeat, Action action)
    {
        var seconds = new double[repeat];
        for (int k = 0; k < repeat; k++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            seconds[k] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds[repeat / 2];
    }
}
