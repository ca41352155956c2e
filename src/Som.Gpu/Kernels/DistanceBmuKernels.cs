using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// The fused distance + BMU stage (docs/contract.md §5): each sample's best and second-best unit without
/// materialising the N × M distance matrix.
/// </summary>
internal static class DistanceBmuKernels
{
    /// <summary>Samples per group tile.</summary>
    public const int TileSamples = 32;

    /// <summary>Units per group tile.</summary>
    public const int TileUnits = 32;

    /// <summary>Features staged through shared memory per step.</summary>
    public const int FeatureChunk = 16;

    /// <summary>Threads per group: an 8 × 8 square, each thread a 4 × 4 micro-tile of (sample, unit) pairs.</summary>
    public const int GroupSize = Side * Side;

    private const int Side = 8;

    // Shared tiles are [row][FeatureChunk + 1]: the pad puts the rows a warp reads at once in different banks.
    private const int Pitch = FeatureChunk + 1;

    /// <summary>
    /// Best and second-best unit of each sample of <paramref name="x"/>.
    /// <para>Math: dot_ij = Σ_f x_i[f]·w_j[f], one multiply-add chain over f = 0 … D−1 in order. Euclidean
    /// d = max(0, (‖x_i‖² + ‖w_j‖²) − 2·dot_ij); cosine d = 1 + (dot_ij·(−1/‖w_j‖))·(1/‖x_i‖), with 1/‖·‖ := 0 for a
    /// zero vector (so d = 1). b(i) = argmin_j d with ties to the lowest j: each pair is packed as
    /// key = (ordered(d) &lt;&lt; 32) | j and the minimum key wins, where ordered() maps the float's bits to an
    /// unsigned integer that sorts like the value (sign bit set for d ≥ 0, all bits flipped for d &lt; 0, −0 taken
    /// as +0). For the Euclidean distance d ≥ 0 and ordered() is the plain bits with the sign bit set; the cosine
    /// distance can round a hair below 0, and the map keeps those values in order instead of clamping them at 0,
    /// so the order is exactly the CPU engine's strict-&lt; scan.</para>
    /// <para>Views: <paramref name="x"/> n × D row-major (sample i, feature f at i·D + f); <paramref name="xTerms"/> n:
    /// ‖x_i‖² (Euclidean) or 1/‖x_i‖ (cosine); <paramref name="w"/> M × D row-major; <paramref name="wTerms"/> M:
    /// ‖w_j‖² (Euclidean) or −1/‖w_j‖ (cosine); <paramref name="first"/>, <paramref name="second"/> n: the unit
    /// indices (second is −1 on a one-unit map); <paramref name="distances"/> n: d of the best unit.</para>
    /// <para>Launch: explicitly grouped, grid ⌈n/32⌉, group <see cref="GroupSize"/> = 64 threads (8 × 8). A group owns
    /// 32 samples and walks all units in tiles of 32; per tile it stages 16 features of the 32 samples and of the
    /// 32 units at a time through shared memory, and thread (tx, ty) accumulates samples ty + 8a × units tx + 8b
    /// (a, b = 0 … 3) in 16 registers. Each thread keeps the best two keys of its four samples over the units it
    /// sees; at the end the 8 threads of each sample merge their candidates through shared memory.</para>
    /// </summary>
    public static void FindBmusKernel(
        ArrayView<float> x, ArrayView<float> xTerms, ArrayView<float> w, ArrayView<float> wTerms,
        ArrayView<int> first, ArrayView<int> second, ArrayView<float> distances, int n, int m, int d, int cosine)
    {
        var xs = SharedMemory.Allocate<float>(TileSamples * Pitch);
        var ws = SharedMemory.Allocate<float>(TileUnits * Pitch);
        var bestKeys = SharedMemory.Allocate<ulong>(TileSamples * Side);
        var secondKeys = SharedMemory.Allocate<ulong>(TileSamples * Side);

        int t = Group.IdxX;
        int tx = t % Side, ty = t / Side;
        int s0 = Grid.IdxX * TileSamples;
        var best = new BmuCandidates(ty, s0, n, xTerms);

        for (int u0 = 0; u0 < m; u0 += TileUnits)
        {
            var acc = default(MicroTile);
            for (int f0 = 0; f0 < d; f0 += FeatureChunk)
            {
                // Stage 32 rows × 16 features of X and of W; out-of-range slots read as 0 (they add nothing).
                for (int e = t; e < TileSamples * FeatureChunk; e += GroupSize)
                {
                    int row = e / FeatureChunk, k = e % FeatureChunk;
                    int f = f0 + k;
                    int s = s0 + row, u = u0 + row;
                    xs[row * Pitch + k] = s < n && f < d ? x[(long)s * d + f] : 0f;
                    ws[row * Pitch + k] = u < m && f < d ? w[(long)u * d + f] : 0f;
                }
                Group.Barrier();
                for (int k = 0; k < FeatureChunk; k++)
                {
                    acc.Add(
                        xs[ty * Pitch + k], xs[(ty + Side) * Pitch + k], xs[(ty + 2 * Side) * Pitch + k], xs[(ty + 3 * Side) * Pitch + k],
                        ws[tx * Pitch + k], ws[(tx + Side) * Pitch + k], ws[(tx + 2 * Side) * Pitch + k], ws[(tx + 3 * Side) * Pitch + k]);
                }
                Group.Barrier();
            }
            int u0t = u0 + tx;
            if (u0t < m) best.Offer(acc.C00, acc.C10, acc.C20, acc.C30, wTerms[u0t], u0t, cosine);
            if (u0t + Side < m) best.Offer(acc.C01, acc.C11, acc.C21, acc.C31, wTerms[u0t + Side], u0t + Side, cosine);
            if (u0t + 2 * Side < m) best.Offer(acc.C02, acc.C12, acc.C22, acc.C32, wTerms[u0t + 2 * Side], u0t + 2 * Side, cosine);
            if (u0t + 3 * Side < m) best.Offer(acc.C03, acc.C13, acc.C23, acc.C33, wTerms[u0t + 3 * Side], u0t + 3 * Side, cosine);
        }

        best.Store(bestKeys, secondKeys, ty, tx);
        Group.Barrier();

        // The units of the 8 threads of a sample row are disjoint, so the row's best two keys are the best two of
        // their 16 candidates.
        if (t < TileSamples && s0 + t < n)
        {
            ulong b1 = ulong.MaxValue, b2 = ulong.MaxValue;
            for (int c = 0; c < Side; c++)
            {
                Insert(bestKeys[t * Side + c], ref b1, ref b2);
                Insert(secondKeys[t * Side + c], ref b1, ref b2);
            }
            first[s0 + t] = UnitOf(b1);
            second[s0 + t] = UnitOf(b2);
            distances[s0 + t] = DistanceOf(b1);
        }
    }

    /// <summary>
    /// Distance from a dot product and the two norm terms: <see cref="ExpandedDistance.Cosine"/> or
    /// <see cref="ExpandedDistance.Euclidean"/>, the CPU engine's functions (see <see cref="FindBmusKernel"/>).
    /// </summary>
    public static float Distance(float dot, float xTerm, float wTerm, int cosine) =>
        cosine != 0 ? ExpandedDistance.Cosine(dot, xTerm, wTerm) : ExpandedDistance.Euclidean(dot, xTerm, wTerm);

    /// <summary>(ordered(d) &lt;&lt; 32) | j: the minimum key is the least distance, ties to the lowest unit.</summary>
    public static ulong Key(float distance, int unit)
    {
        uint bits = Interop.FloatAsInt(distance);
        if (bits == 0x8000_0000u) bits = 0; // −0 sorts with +0
        uint ordered = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)ordered << 32) | (uint)unit;
    }

    /// <summary>Keeps the two smallest keys seen (keys are unique: they carry the unit index).</summary>
    public static void Insert(ulong key, ref ulong best, ref ulong next)
    {
        if (key < best)
        {
            next = best;
            best = key;
        }
        else if (key < next)
        {
            next = key;
        }
    }

    /// <summary>The unit of a key, −1 for the empty key.</summary>
    public static int UnitOf(ulong key) => key == ulong.MaxValue ? -1 : (int)(uint)key;

    /// <summary>
    /// The distance d a key packs (the inverse of ordered(), −0 having become +0); NaN for the empty key.
    /// </summary>
    public static float DistanceOf(ulong key)
    {
        if (key == ulong.MaxValue) return float.NaN;
        uint ordered = (uint)(key >> 32);
        uint bits = (ordered & 0x8000_0000u) != 0 ? ordered & 0x7FFF_FFFFu : ~ordered;
        return Interop.IntAsFloat(bits);
    }
}
