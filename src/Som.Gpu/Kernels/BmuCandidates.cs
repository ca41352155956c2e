using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// One thread's running best and second-best packed keys (see <see cref="DistanceBmuKernels.Key"/>) for its four
/// samples s0 + ty + 8a (a = 0 … 3) of <see cref="DistanceBmuKernels.FindBmusKernel"/>, with their norm terms.
/// </summary>
internal struct BmuCandidates
{
    private const int Side = 8;
    private readonly float _term0, _term1, _term2, _term3;
    private ulong _best0, _best1, _best2, _best3;
    private ulong _next0, _next1, _next2, _next3;

    /// <summary>Empty candidates for the samples of row <paramref name="ty"/> of the tile starting at <paramref name="s0"/>.</summary>
    public BmuCandidates(int ty, int s0, int n, ArrayView<float> xTerms)
    {
        int s = s0 + ty;
        _term0 = s < n ? xTerms[s] : 0f;
        _term1 = s + Side < n ? xTerms[s + Side] : 0f;
        _term2 = s + 2 * Side < n ? xTerms[s + 2 * Side] : 0f;
        _term3 = s + 3 * Side < n ? xTerms[s + 3 * Side] : 0f;
        _best0 = _best1 = _best2 = _best3 = ulong.MaxValue;
        _next0 = _next1 = _next2 = _next3 = ulong.MaxValue;
    }

    /// <summary>Offers unit <paramref name="unit"/> with its dot products against the four samples.</summary>
    public void Offer(float dot0, float dot1, float dot2, float dot3, float wTerm, int unit, int cosine)
    {
        DistanceBmuKernels.Insert(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot0, _term0, wTerm, cosine), unit), ref _best0, ref _next0);
        DistanceBmuKernels.Insert(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot1, _term1, wTerm, cosine), unit), ref _best1, ref _next1);
        DistanceBmuKernels.Insert(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot2, _term2, wTerm, cosine), unit), ref _best2, ref _next2);
        DistanceBmuKernels.Insert(DistanceBmuKernels.Key(DistanceBmuKernels.Distance(dot3, _term3, wTerm, cosine), unit), ref _best3, ref _next3);
    }

    /// <summary>Writes the keys to the shared [sample][8] arrays at column <paramref name="tx"/>.</summary>
    public readonly void Store(ArrayView<ulong> best, ArrayView<ulong> next, int ty, int tx)
    {
        best[ty * Side + tx] = _best0;
        next[ty * Side + tx] = _next0;
        best[(ty + Side) * Side + tx] = _best1;
        next[(ty + Side) * Side + tx] = _next1;
        best[(ty + 2 * Side) * Side + tx] = _best2;
        next[(ty + 2 * Side) * Side + tx] = _next2;
        best[(ty + 3 * Side) * Side + tx] = _best3;
        next[(ty + 3 * Side) * Side + tx] = _next3;
    }
}
