using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// Deterministic per-unit sums S_k = Σ_{b(i)=k} x_i and hit counts C_k (docs/contract.md §6), with no float atomics:
/// a stable counting sort of the sample indices by BMU (rank within blocks of 256 samples, per-unit offsets
/// over the blocks, unit starts, scatter), then one sum per (unit, feature) over the unit's samples in
/// increasing sample index. Every S_k[f] therefore adds the same values in the same order as the CPU engine.
/// </summary>
internal static class AccumulateKernels
{
    /// <summary>Samples per ranking block (one group each).</summary>
    public const int BlockSize = 256;

    /// <summary>Threads per group of the ranking kernel (each ranks BlockSize / RankGroupSize samples).</summary>
    public const int RankGroupSize = 64;

    /// <summary>Threads of the one-group unit scan.</summary>
    public const int ScanGroupSize = 64;

    /// <summary>Threads per group of the sum kernel (one feature each).</summary>
    public const int SumGroupSize = 64;

    /// <summary>
    /// Rank of each sample among the earlier samples of its block with the same BMU, and each block's hits per
    /// unit.
    /// <para>Math: for block β = ⌊i/256⌋, rank_i = |{i' ∈ β : i' &lt; i, b(i') = b(i)}| and
    /// blockCounts[β·M + k] = |{i ∈ β : b(i) = k}| (written by the block's last sample of unit k; the caller
    /// zeroes the view first).</para>
    /// <para>Views: <paramref name="bmu"/> n; <paramref name="rank"/> n; <paramref name="blockCounts"/>
    /// ⌈n/256⌉ × M, block-major.</para>
    /// <para>Launch: explicitly grouped, grid ⌈n/256⌉, group <see cref="RankGroupSize"/> = 64: the block's 256 BMUs are
    /// staged in shared memory and thread t ranks samples t, t+64, t+128, t+192 against them (shared reads that
    /// every thread of a warp makes at the same address, so they broadcast).</para>
    /// </summary>
    public static void RankSamplesKernel(ArrayView<int> bmu, ArrayView<int> rank, ArrayView<int> blockCounts, int n, int m)
    {
        var keys = SharedMemory.Allocate<int>(BlockSize);
        int t = Group.IdxX;
        int block = Grid.IdxX;
        int i0 = block * BlockSize;
        for (int o = t; o < BlockSize; o += RankGroupSize) keys[o] = i0 + o < n ? bmu[i0 + o] : -1;
        Group.Barrier();
        for (int own = t; own < BlockSize; own += RankGroupSize)
        {
            int i = i0 + own;
            if (i >= n) break;
            int key = keys[own];
            int before = 0;
            bool last = true;
            for (int o = 0; o < BlockSize; o++)
            {
                if (keys[o] != key) continue;
                if (o < own) before++;
                else if (o > own) last = false;
            }
            rank[i] = before;
            if (last) blockCounts[(long)block * m + key] = before + 1;
        }
    }

    /// <summary>
    /// Per unit, the exclusive running sum of its hits over the blocks, its hits in this chunk, and the
    /// running hit count C_k over chunks.
    /// <para>Math: blockCounts[β·M + k] ← Σ_{β' &lt; β} blockCounts[β'·M + k]; unitCounts[k] = Σ_β blockCounts[β·M + k];
    /// counts[k] += unitCounts[k] (double, C_k).</para>
    /// <para>Views: <paramref name="blockCounts"/> blocks × M, block-major (in place); <paramref name="unitCounts"/> M;
    /// <paramref name="counts"/> M.</para>
    /// <para>Launch: implicitly grouped, one thread per unit (consecutive units read consecutive words).</para>
    /// </summary>
    public static void ScanBlockCountsKernel(Index1D k, ArrayView<int> blockCounts, ArrayView<int> unitCounts,
        ArrayView<double> counts, int blocks, int m)
    {
        int running = 0;
        for (int block = 0; block < blocks; block++)
        {
            long slot = (long)block * m + k;
            int c = blockCounts[slot];
            blockCounts[slot] = running;
            running += c;
        }
        unitCounts[k] = running;
        counts[k] += running;
    }

    /// <summary>
    /// Start of each unit's run in the sorted order: unitStart[k] = Σ_{k' &lt; k} unitCounts[k'], unitStart[M] = n.
    /// <para>Views: <paramref name="unitCounts"/> M; <paramref name="unitStart"/> M + 1.</para>
    /// <para>Launch: explicitly grouped, one group of <see cref="ScanGroupSize"/> = 64 threads: each sums a contiguous
    /// slice of ⌈M/64⌉ units, thread 0 scans the 64 partial sums in shared memory, then each writes its slice.</para>
    /// </summary>
    public static void ScanUnitCountsKernel(ArrayView<int> unitCounts, ArrayView<int> unitStart, int m)
    {
        var partial = SharedMemory.Allocate<int>(ScanGroupSize);
        int t = Group.IdxX;
        int per = (m + ScanGroupSize - 1) / ScanGroupSize;
        int k0 = Math.Min(m, t * per), k1 = Math.Min(m, k0 + per);
        int sum = 0;
        for (int k = k0; k < k1; k++) sum += unitCounts[k];
        partial[t] = sum;
        Group.Barrier();
        if (t == 0)
        {
            int running = 0;
            for (int p = 0; p < ScanGroupSize; p++)
            {
                int c = partial[p];
                partial[p] = running;
                running += c;
            }
            unitStart[m] = running;
        }
        Group.Barrier();
        int offset = partial[t];
        for (int k = k0; k < k1; k++)
        {
            unitStart[k] = offset;
            offset += unitCounts[k];
        }
    }

    /// <summary>
    /// Stable scatter of the sample indices into BMU order: sorted[unitStart[k] + blockOffset[β, k] + rank_i] = i
    /// for k = b(i), β = ⌊i/256⌋, so each unit's samples appear in increasing index.
    /// <para>Views: <paramref name="bmu"/>, <paramref name="rank"/> n; <paramref name="blockOffsets"/> blocks × M
    /// (the output of <see cref="ScanBlockCountsKernel"/>); <paramref name="unitStart"/> M + 1;
    /// <paramref name="sorted"/> n.</para>
    /// <para>Launch: implicitly grouped, one thread per sample.</para>
    /// </summary>
    public static void ScatterSamplesKernel(Index1D i, ArrayView<int> bmu, ArrayView<int> rank, ArrayView<int> blockOffsets,
        ArrayView<int> unitStart, ArrayView<int> sorted, int m)
    {
        int k = bmu[i];
        int block = i / BlockSize;
        sorted[unitStart[k] + blockOffsets[(long)block * m + k] + rank[i]] = i;
    }

    /// <summary>
    /// Adds this chunk's samples into the per-unit sums: S_k[f] ← S_k[f] + Σ_{s ∈ run(k)} x_sorted[s][f], in sorted
    /// (= increasing sample) order, in double.
    /// <para>Views: <paramref name="x"/> n × D row-major; <paramref name="sorted"/> n; <paramref name="unitStart"/> M + 1;
    /// <paramref name="sums"/> M × D row-major (double).</para>
    /// <para>Launch: explicitly grouped, grid M × ⌈D/64⌉, group <see cref="SumGroupSize"/> = 64: group (k, φ) sums unit k,
    /// thread t feature φ·64 + t (consecutive threads read consecutive features of a sample).</para>
    /// </summary>
    public static void SumUnitSamplesKernel(ArrayView<float> x, ArrayView<int> sorted, ArrayView<int> unitStart,
        ArrayView<double> sums, int d)
    {
        int k = Grid.IdxX;
        int f = Grid.IdxY * SumGroupSize + Group.IdxX;
        if (f >= d) return;
        int begin = unitStart[k], end = unitStart[k + 1];
        if (begin == end) return;
        long slot = (long)k * d + f;
        double acc = sums[slot];
        for (int s = begin; s < end; s++) acc += x[(long)sorted[s] * d + f];
        sums[slot] = acc;
    }
}
