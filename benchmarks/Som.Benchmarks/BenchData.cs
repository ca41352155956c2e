using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>The data the quick modes time on, or a skip line naming why it is missing.</summary>
internal static class BenchData
{
    /// <summary>
    /// The training split of <paramref name="spec"/>, or null after writing "<paramref name="what"/>: skipped (why)"
    /// to <paramref name="line"/> (the console by default) when it cannot be read.
    /// </summary>
    public static Dataset? TrainOrSkip(string spec, string what, Action<string>? line = null)
    {
        try
        {
            return DataSource.Resolve(spec).Train;
        }
        catch (SomDataException e)
        {
            (line ?? Console.WriteLine)($"{what}: skipped ({e.Message})");
            return null;
        }
    }
}
