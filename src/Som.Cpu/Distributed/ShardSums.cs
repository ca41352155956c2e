namespace Som;

/// <summary>
/// A shard's part of a distributed batch epoch (docs/contract.md §16): the per-unit sums S_k (M × D) and hit counts
/// C_k of the shard's samples, each term x_if rounded once to the fixed-point integer round(x_if·2^s) at the scale
/// <see cref="Scale"/> every rank shares. Integer addition is associative, so the sums over all ranks
/// (<see cref="ICommunicator.AllReduceSum"/>) do not depend on how the samples were split.
/// </summary>
public sealed class ShardSums
{
    private readonly long[] _sums;
    private readonly long[] _counts;

    /// <summary>Zero sums for a map of <paramref name="units"/> units × <paramref name="features"/> features at scale 2^−<paramref name="scale"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one unit or feature.</exception>
    public ShardSums(int units, int features, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Units = units;
        Features = features;
        Scale = scale;
        _sums = new long[(long)units * features];
        _counts = new long[units];
    }

    /// <summary>Units M.</summary>
    public int Units { get; }

    /// <summary>Features D.</summary>
    public int Features { get; }

    /// <summary>The scale exponent s: a term v is held as round(v·2^s).</summary>
    public int Scale { get; }

    /// <summary>S_k[f] in fixed point, M × D, row-major.</summary>
    public Span<long> Sums => _sums;

    /// <summary>C_k, M.</summary>
    public Span<long> Counts => _counts;

    /// <summary>The sums' array, for the CPU engine's striped accumulation.</summary>
    internal long[] SumsBuffer => _sums;

    /// <summary>The counts' array.</summary>
    internal long[] CountsBuffer => _counts;

    /// <summary>Sets every sum and count to 0.</summary>
    public void Clear()
    {
        Array.Clear(_sums);
        Array.Clear(_counts);
    }

    /// <summary>Adds every sample of <paramref name="shard"/> into the row of its BMU (one thread, on the host).</summary>
    /// <exception cref="ArgumentException">A shard of other features, BMUs of another length, or a BMU outside the map.</exception>
    public void Add(SampleMatrix shard, ReadOnlySpan<int> bmus)
    {
        Check(shard, bmus);
        AddStripe(shard, bmus, 0, Features);
        foreach (int b in bmus) _counts[b]++;
    }

    /// <summary><see cref="Add(SampleMatrix, ReadOnlySpan{int})"/> with the features split over <paramref name="threads"/> (each sum still adds its samples in order; integers, so the order does not matter anyway).</summary>
    internal void Add(SampleMatrix shard, int[] bmus, int threads)
    {
        Check(shard, bmus);
        int d = Features;
        int workers = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        int stripe = Math.Max(16, (d + workers - 1) / workers);
        int stripes = (d + stripe - 1) / stripe;
        Parallel.For(0, stripes, new ParallelOptions { MaxDegreeOfParallelism = workers }, s =>
        {
            int f0 = s * stripe;
            AddStripe(shard, bmus, f0, Math.Min(stripe, d - f0));
        });
        foreach (int b in bmus) _counts[b]++;
    }

    private void Check(SampleMatrix shard, ReadOnlySpan<int> bmus)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (shard.Features != Features)
            throw new ArgumentException($"shard has {shard.Features} features: expected {Features}", nameof(shard));
        if (bmus.Length != shard.Count)
            throw new ArgumentException($"bmus has {bmus.Length} entries: expected {shard.Count}", nameof(bmus));
        foreach (int b in bmus)
        {
            if ((uint)b >= (uint)Units) throw new ArgumentException($"BMU {b} is outside 0…{Units - 1}", nameof(bmus));
        }
    }

    private void AddStripe(SampleMatrix shard, ReadOnlySpan<int> bmus, int f0, int width)
    {
        int d = Features;
        double factor = FixedPoint.Factor(Scale);
        float[] x = shard.Buffer;
        for (int i = 0; i < bmus.Length; i++)
        {
            var row = x.AsSpan(i * d + f0, width);
            var sum = _sums.AsSpan(bmus[i] * d + f0, width);
            for (int f = 0; f < width; f++) sum[f] += FixedPoint.ToFixed(row[f], factor);
        }
    }
}
