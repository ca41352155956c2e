using System.Diagnostics;

namespace Som.Tests.Data;

/// <summary>
/// Damaged copies of a valid file, and the harness that feeds each to a reader: every truncation length, then seeded
/// random byte flips, insertions and deletions. Each case must load what it should or fail with the reader's one-line
/// <see cref="SomDataException"/> naming the file, within a time bound, and without allocating more than a bound
/// proportional to the file (so a header claiming a huge size cannot size an allocation).
/// </summary>
internal static class CorruptFiles
{
    /// <summary>
    /// Where the cases are written: a memory-backed folder where the system has one (Linux's /dev/shm), since
    /// thousands of small writes to a busy disk cost milliseconds each; else the temp folder.
    /// </summary>
    public static string? ScratchRoot { get; } = Writable("/dev/shm");

    private static string? Writable(string folder)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder)) return null;
        try
        {
            string probe = Path.Combine(folder, "som-tests-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>How long one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A damaged copy and what was done to it (for the failure message).</summary>
    public readonly record struct Case(byte[] Bytes, string What);

    /// <summary>Every proper prefix of <paramref name="valid"/>, the empty file included.</summary>
    public static IEnumerable<Case> Truncations(byte[] valid)
    {
        for (int n = 0; n < valid.Length; n++) yield return new Case(valid[..n], $"truncated to {n} of {valid.Length} bytes");
    }

    /// <summary>
    /// <paramref name="count"/> seeded mutations of <paramref name="valid"/>: one to three edits each, an edit being a
    /// flipped bit, a byte set to a random value, 1–4 random bytes inserted or 1–4 bytes deleted. Edits land in the
    /// first <paramref name="headerBias"/> bytes half the time, where the sizes are.
    /// </summary>
    public static IEnumerable<Case> Mutations(byte[] valid, int count, int seed, int headerBias = 32)
    {
        var rng = new Random(seed);
        for (int c = 0; c < count; c++)
        {
            var bytes = new List<byte>(valid);
            var what = new List<string>();
            int edits = 1 + rng.Next(3);
            for (int e = 0; e < edits; e++)
            {
                int span = bytes.Count == 0 ? 1 : rng.Next(2) == 0 ? Math.Min(headerBias, bytes.Count) : bytes.Count;
                int at = rng.Next(span);
                switch (rng.Next(4))
                {
                    case 0 when bytes.Count > 0:
                        int bit = rng.Next(8);
                        bytes[at] ^= (byte)(1 << bit);
                        what.Add($"bit {bit} of byte {at} flipped");
                        break;
                    case 1 when bytes.Count > 0:
                        byte value = (byte)rng.Next(256);
                        what.Add($"byte {at} 0x{bytes[at]:x2} → 0x{value:x2}");
                        bytes[at] = value;
                        break;
                    case 2:
                        int n = 1 + rng.Next(4);
                        var inserted = new byte[n];
                        rng.NextBytes(inserted);
                        bytes.InsertRange(Math.Min(at, bytes.Count), inserted);
                        what.Add($"{n} bytes {Convert.ToHexString(inserted)} inserted at {at}");
                        break;
                    default:
                        if (bytes.Count == 0) break;
                        int m = Math.Min(1 + rng.Next(4), bytes.Count - at);
                        bytes.RemoveRange(at, m);
                        what.Add($"{m} bytes deleted at {at}");
                        break;
                }
            }
            yield return new Case([.. bytes], $"mutation {c} of seed {seed}: {string.Join("; ", what)}");
        }
    }

    /// <summary>
    /// Writes each case to <paramref name="path"/> and reads it with <paramref name="read"/> on a worker thread,
    /// which must finish within <see cref="CaseTimeout"/>. A read that returns is passed to <paramref name="check"/>
    /// with the case's bytes (it asserts the result is what those bytes should give); a read that throws must throw
    /// a <see cref="SomDataException"/> of one line that names the file. The managed bytes the read allocates on its
    /// thread must stay within <paramref name="allocationBound"/> of the case's length.
    /// </summary>
    /// <returns>How many cases loaded and how many were refused.</returns>
    public static (int Loaded, int Refused) Run<T>(string path, IEnumerable<Case> cases, Func<string, T> read,
        Action<T, byte[], string> check, Func<long, long> allocationBound)
    {
        string name = Path.GetFileName(path);
        int loaded = 0, refused = 0;
        foreach (var c in cases)
        {
            File.WriteAllBytes(path, c.Bytes);
            long allocated = 0;
            using var started = new ManualResetEventSlim();
            // A thread of its own (LongRunning), not one of the pool's: with the other tests blocking pool threads, a
            // queued read could wait seconds before it starts, and that wait is not the reader's. The clock starts
            // when the read does.
            var task = Task.Factory.StartNew(() =>
            {
                started.Set();
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    return read(path);
                }
                finally
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.True(started.Wait(TimeSpan.FromMinutes(1)), $"{name}, {c.What}: the reading thread did not start within a minute");
            var clock = Stopwatch.StartNew();
            if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(CaseTimeout))
                Assert.Fail($"{name}, {c.What}: still reading after {clock.Elapsed.TotalSeconds:F1} s (a hang)");
            Assert.True(allocated <= allocationBound(c.Bytes.Length),
                $"{name}, {c.What}: allocated {allocated} bytes for a file of {c.Bytes.Length}: expected at most {allocationBound(c.Bytes.Length)}");
            if (task.IsFaulted)
            {
                var error = task.Exception!.InnerException!;
                if (error is not SomDataException)
                    Assert.Fail($"{name}, {c.What}: threw {error.GetType().Name}, expected SomDataException: {error}");
                Assert.True(error.Message.IndexOfAny(['\n', '\r']) < 0, $"{name}, {c.What}: a message of more than one line: {error.Message}");
                Assert.True(error.Message.Contains(name, StringComparison.Ordinal), $"{name}, {c.What}: the message does not name the file: {error.Message}");
                refused++;
            }
            else
            {
                check(task.Result, c.Bytes, c.What);
                loaded++;
            }
        }
        return (loaded, refused);
    }
}
