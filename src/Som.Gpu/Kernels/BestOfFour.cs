using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// One thread's running best (and, when <see cref="IBmuRank.Second"/>, second-best) packed key
/// (<see cref="DistanceBmuKernels.Key"/>) for 4 consecutive samples of a tiled distance + BMU kernel, with the
/// samples' norm terms, all in registers.
/// </summary>
internal struct BestOfFour
{
    private readonly float _term0, _term1, _term2, _term3;
    private ulong _best0, _best1, _best2, _best3;
    private ulong _next0, _next1, _next2, _next3;

    /// <summary>Empty candidates for samples <paramref name="s"/> … +3 (terms of samples ≥ n read as 0).</summary>
    public BestOfFour(ArrayView<float> xTerms, int s, int n)
    {
        _term0 = s < n ? xTerms[s] : 0f;
        _term1 = s + 1 < n ? xTerms[s + 1] : 0f;
        _term2 = s + 2 < n ? xTerms[s + 2] : 0f;
        _term3 = s + 3 < n ? xTerms[s + 3] : 0f;
        _best0 = _best1 = _best2 = _best3 = ulong.MaxValue;
        _next0 = _next1 = _next2 = _next3 = ulong.MaxValue;
    }

    /// <summary>
    /// Offers unit <paramref name="unit"/> (nothing when it is ≥ <paramref name="m"/>) with its dot products against
    /// the 4 samples: d from <see cref="DistanceBmuKernels.Distance"/>, then its key into the running best.
    /// </summary>
    public void Offer<TRank>(float dot0, float dot1, float dot2, float dot3, ArrayView<float> wTerms, int unit, int m, int cosine)
        where TRank : struct, IBmuRank
    {
        if (unit >= m) return;
        float wTerm = wTerms[unit];
        Add<TRank>(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot0, _term0, wTerm, cosine), unit), ref _best0, ref _next0);
        Add<TRank>(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot1, _term1, wTerm, cosine), unit), ref _best1, ref _next1);
        Add<TRank>(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot2, _term2, wTerm, cosine), unit), ref _best2, ref _next2);
        Add<TRank>(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot3, _term3, wTerm, cosine), unit), ref _best3, ref _next3);
    }

    /// <summary>
    /// Merges the candidates of the <paramref name="lanes"/> consecutive lanes (a power of two, at most 32, aligned in
    /// the warp) that hold the same samples over disjoint units, by butterfly shuffles; afterwards every one of them
    /// holds the keys of the whole row. The minimum of unique keys is order-free, so the result is exact. Every lane
    /// of the warp must call it.
    /// </summary>
    public void Reduce<TRank>(int lanes)
        where TRank : struct, IBmuRank
    {
        for (int mask = lanes >> 1; mask > 0; mask >>= 1)
        {
            Merge<TRank>(ref _best0, ref _next0, mask);
            Merge<TRank>(ref _best1, ref _next1, mask);
            Merge<TRank>(ref _best2, ref _next2, mask);
            Merge<TRank>(ref _best3, ref _next3, mask);
        }
    }

    /// <summary>Writes samples <paramref name="s"/> … +3 that are below <paramref name="n"/>.</summary>
    public readonly void Store<TRank>(ArrayView<int> first, ArrayView<int> second, ArrayView<float> distances, int s, int n)
        where TRank : struct, IBmuRank
    {
        Store<TRank>(first, second, distances, s, n, _best0, _next0);
        Store<TRank>(first, second, distances, s + 1, n, _best1, _next1);
        Store<TRank>(first, second, distances, s + 2, n, _best2, _next2);
        Store<TRank>(first, second, distances, s + 3, n, _best3, _next3);
    }

    private static void Add<TRank>(ulong key, ref ulong best, ref ulong next)
        where TRank : struct, IBmuRank
    {
        if (default(TRank).Second) DistanceBmuKernels.Insert(key, ref best, ref next);
        else if (key < best) best = key;
    }

    // The best two of two sorted pairs of distinct keys: min of the bests, then the least of the larger best and the
    // two seconds.
    private static void Merge<TRank>(ref ulong best, ref ulong next, int mask)
        where TRank : struct, IBmuRank
    {
        ulong otherBest = Warp.ShuffleXor(best, mask);
        if (default(TRank).Second)
        {
            ulong otherNext = Warp.ShuffleXor(next, mask);
            ulong low = Math.Min(best, otherBest), high = Math.Max(best, otherBest);
            next = Math.Min(high, Math.Min(next, otherNext));
            best = low;
        }
        else
        {
            best = Math.Min(best, otherBest);
        }
    }

    private static void Store<TRank>(ArrayView<int> first, ArrayView<int> second, ArrayView<float> distances, int s, int n,
        ulong best, ulong next)
        where TRank : struct, IBmuRank
    {
        if (s >= n) return;
        first[s] = DistanceBmuKernels.UnitOf(best);
        distances[s] = DistanceBmuKernels.DistanceOf(best);
        if (default(TRank).Second) second[s] = DistanceBmuKernels.UnitOf(next);
    }
}
