namespace Som.Cpu;

/// <summary>
/// A whole <see cref="SampleMatrix"/> packed once in the distance kernel's layout: block b of
/// <see cref="BmuSearch.BlockRows"/> samples at b·BlockRows·D floats, each block [micro-row of 12][f][12] exactly as
/// <see cref="BmuSearch.PackRows"/> packs it per block (slots past the last sample repeat it). A batch run packs its
/// samples once instead of once per epoch; the values are the same floats, so the search gives the same bits.
/// <para>Keyed on the matrix instance: a <see cref="SampleMatrix"/> is immutable, so the same instance always holds
/// the same values, and any other instance (even with equal values) is packed afresh. The key is held weakly, so the
/// cache does not keep the samples alive.</para>
/// </summary>
internal sealed unsafe class PackedSamples : IDisposable
{
    private readonly WeakReference<SampleMatrix> _source;
    private readonly AlignedBuffer _buffer;

    private PackedSamples(SampleMatrix data, int threads)
    {
        _source = new WeakReference<SampleMatrix>(data);
        Features = data.Features;
        Count = data.Count;
        Blocks = (data.Count + BmuSearch.BlockRows - 1) / BmuSearch.BlockRows;
        _buffer = new AlignedBuffer(Floats(data));
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, Blocks, options, b =>
        {
            int r0 = b * BmuSearch.BlockRows;
            BmuSearch.PackRows(data, r0, Math.Min(BmuSearch.BlockRows, data.Count - r0), Block(b));
        });
    }

    /// <summary>Samples N of the packed matrix.</summary>
    public int Count { get; }

    /// <summary>Features D.</summary>
    public int Features { get; }

    /// <summary>Blocks ⌈N / BlockRows⌉.</summary>
    public int Blocks { get; }

    /// <summary>First float of block <paramref name="b"/>.</summary>
    public float* Block(int b) => _buffer.Pointer + (long)b * BmuSearch.BlockRows * Features;

    /// <summary>Whether this is the packing of <paramref name="data"/> (the same instance).</summary>
    public bool IsFor(SampleMatrix data) => _source.TryGetTarget(out var source) && ReferenceEquals(source, data);

    /// <summary>Floats the packing of <paramref name="data"/> takes: whole blocks, about N·D.</summary>
    public static long Floats(SampleMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long blocks = (data.Count + BmuSearch.BlockRows - 1) / BmuSearch.BlockRows;
        return blocks * BmuSearch.BlockRows * data.Features;
    }

    /// <summary>
    /// Whether a packed copy of <paramref name="data"/> fits: at most a quarter of <paramref name="availableBytes"/>,
    /// the memory this process may use (<see cref="AvailableBytes"/>), so a second copy of the samples is only made
    /// when it is small beside the machine.
    /// </summary>
    public static bool Fits(SampleMatrix data, long availableBytes) => Floats(data) * sizeof(float) <= availableBytes / 4;

    /// <summary>
    /// <paramref name="cached"/> when it is the packing of <paramref name="data"/>; otherwise frees it and packs
    /// <paramref name="data"/> anew when it <see cref="Fits"/>, else returns null (the search then packs per block).
    /// </summary>
    public static PackedSamples? For(SampleMatrix data, PackedSamples? cached, int threads, long availableBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (cached is not null && cached.IsFor(data)) return cached;
        cached?.Dispose();
        return Fits(data, availableBytes) ? new PackedSamples(data, threads) : null;
    }

    /// <summary>The memory this process may use, in bytes: the machine's or the container's limit, as the GC reports it.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <inheritdoc />
    public void Dispose() => _buffer.Dispose();
}
