using System.Runtime.InteropServices;

namespace Som.Runner.Rendering;

/// <summary>
/// What the pictures of a map take from its data, and nothing more (docs/architecture.md §7): the data's name, count,
/// image shape and class names; hits and class counts per unit; the grey-scale facts (whether every value lies in
/// [0, 1], the values' minimum and maximum); each unit's exemplar row; the PCA view's projection and its seeded
/// sample's points and classes. <see cref="Of"/> takes them from the whole data in one process; <see cref="Gather"/>
/// reduces the same from every rank's shard, with the same values, so rank 0 draws the same pictures.
/// </summary>
internal sealed class MapData
{
    /// <summary>The data's name.</summary>
    public required string Name { get; init; }

    /// <summary>Samples N over every shard.</summary>
    public required long Count { get; init; }

    /// <summary>The data's image shape, or null.</summary>
    public ImageShape? Image { get; init; }

    /// <summary>The data's class names, or null.</summary>
    public string[]? ClassNames { get; init; }

    /// <summary>Samples per unit, C_j.</summary>
    public required int[] Hits { get; init; }

    /// <summary>Classes of labelled data (<see cref="Dataset.ClassCount"/>: largest label + 1, at least the names' count), 0 without labels.</summary>
    public int Classes { get; init; }

    /// <summary>n[j, c], units × <see cref="Classes"/>, or null without labels.</summary>
    public int[,]? ClassHits { get; init; }

    /// <summary>Whether every data value lies in [0, 1] (NaN does not).</summary>
    public required bool InUnitRange { get; init; }

    /// <summary>Smallest data value (NaN left out; +∞ when there is none).</summary>
    public required double Min { get; init; }

    /// <summary>Largest data value (NaN left out; −∞ when there is none).</summary>
    public required double Max { get; init; }

    /// <summary>Each unit's exemplar row (<see cref="MapPictures.Exemplars"/>), or null for a unit without one; null for data that are not images.</summary>
    public float[]?[]? Exemplars { get; init; }

    /// <summary>The data's two leading principal components (docs/contract.md §14).</summary>
    public required PcaProjection Pca { get; init; }

    /// <summary>The PCA view's sample (<see cref="ProjectionPictures.Sample"/>) projected, in the sample's order.</summary>
    public required (double X, double Y)[] SamplePoints { get; init; }

    /// <summary>The classes of the sample's rows, or null without labels.</summary>
    public int[]? SampleLabels { get; init; }

    /// <summary>The grey scale of the prototypes: <see cref="GreyScale.For"/> of the data and the codebook.</summary>
    public GreyScale PrototypeScale(SomModel model) => GreyScale.For(InUnitRange, model.Weights, "codebook");

    /// <summary>The grey scale of the exemplars: <see cref="GreyScale.For"/> of the data and the data.</summary>
    public GreyScale DataScale() => GreyScale.ForRange(InUnitRange, Count == 0, Min, Max, "data");

    /// <summary>The facts of the whole <paramref name="data"/> in one process; <paramref name="bmu"/> holds each sample's BMU.</summary>
    public static MapData Of(SomModel model, Dataset data, ReadOnlySpan<int> bmu)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var o = model.Options;
        var values = data.Samples.Values.Span;
        var (lo, hi) = Range(values);
        float[]?[]? exemplars = null;
        if (MapReport.ImageOf(model, data) is not null)
        {
            int[] best = MapPictures.Exemplars(model, data.Samples, bmu);
            exemplars = [.. best.Select(i => i < 0 ? null : data.Samples.Row(i).ToArray())];
        }
        var pca = PcaProjection.Fit(data.Samples, o.Seed);
        int[] sample = ProjectionPictures.Sample(data.Count, o.Seed);
        int classes = data.ClassCount;
        return new MapData
        {
            Name = data.Name,
            Count = data.Count,
            Image = data.Image,
            ClassNames = data.ClassNames,
            Hits = SomMetrics.Hits(bmu, o.Units),
            Classes = classes,
            ClassHits = data.Labels is { } labels && data.Count > 0 ? SomMetrics.ClassHits(bmu, labels, o.Units, classes) : null,
            InUnitRange = GreyScale.InUnitRange(values),
            Min = lo,
            Max = hi,
            Exemplars = exemplars,
            Pca = pca,
            SamplePoints = [.. sample.Select(i => pca.Project(data.Samples.Row(i)))],
            SampleLabels = data.Labels is { } l ? [.. sample.Select(i => l[i])] : null,
        };
    }

    /// <summary>
    /// The facts of every rank's rows; every rank calls it with its shard (global rows <paramref name="offset"/> … of
    /// <paramref name="total"/>, with labels on every rank or on none) and the shard's BMUs on the final codebook, and
    /// every rank gets the same result, equal to <see cref="Of"/> of the whole data (docs/contract.md §16): counts
    /// summed as integers; the range as a min and a max; each unit's exemplar as the least (distance, global index)
    /// over the ranks, its row then sent by the rank that holds it; the PCA fit as <see cref="PcaProjection.Fit(ICommunicator, SampleMatrix, long, long, ulong, Som.Cpu.KernelIsa)"/>;
    /// each sampled row's point and class from the rank that holds it.
    /// </summary>
    public static MapData Gather(ICommunicator communicator, SomModel model, Dataset shard, long offset, long total, ReadOnlySpan<int> bmu)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shard);
        if (bmu.Length != shard.Count) throw new ArgumentException($"{bmu.Length} BMUs for {shard.Count} samples", nameof(bmu));
        if (total > int.MaxValue) throw new SomDataException($"{total} samples: at most {int.MaxValue} for the pictures");
        var o = model.Options;
        int m = o.Units, d = shard.Features, n = shard.Count;
        var values = shard.Samples.Values.Span;
        var (lo, hi) = Range(values);
        int classesHere = 0;
        if (shard.Labels is { } own)
            foreach (int l in own) classesHere = Math.Max(classesHere, l + 1);

        // One max for: −min, max, "some value outside [0, 1]", the class count.
        Span<double> bounds = [-lo, hi, GreyScale.InUnitRange(values) ? 0 : 1, classesHere];
        communicator.AllReduceMax(bounds);
        lo = -bounds[0];
        hi = bounds[1];
        int classes = shard.Labels is null ? 0 : Math.Max((int)bounds[3], shard.ClassNames?.Length ?? 0);

        // Hits and class counts: integers.
        var counts = new long[m + (long)m * classes];
        for (int i = 0; i < n; i++)
        {
            counts[bmu[i]]++;
            if (shard.Labels is { } labels) counts[m + (long)bmu[i] * classes + labels[i]]++;
        }
        communicator.AllReduceSum(counts);
        var hits = new int[m];
        for (int j = 0; j < m; j++) hits[j] = checked((int)counts[j]);
        int[,]? classHits = null;
        if (shard.Labels is not null)
        {
            classHits = new int[m, classes];
            for (int j = 0; j < m; j++)
                for (int c = 0; c < classes; c++) classHits[j, c] = checked((int)counts[m + (long)j * classes + c]);
        }

        float[]?[]? exemplars = MapReport.ImageOf(model, shard) is null ? null : GatherExemplars(communicator, model, shard, offset, bmu);

        var pca = PcaProjection.Fit(communicator, shard.Samples, offset, total, o.Seed);
        int[] sample = ProjectionPictures.Sample((int)total, o.Seed);
        // Each sampled row's point (as its double bits) and class, from its rank; 0 from the others.
        var picked = new long[3L * sample.Length];
        for (int s = 0; s < sample.Length; s++)
        {
            long local = sample[s] - offset;
            if (local < 0 || local >= n) continue;
            var (x, y) = pca.Project(shard.Samples.Row((int)local));
            picked[3 * s] = BitConverter.DoubleToInt64Bits(x);
            picked[3 * s + 1] = BitConverter.DoubleToInt64Bits(y);
            picked[3 * s + 2] = shard.Labels is { } labels ? labels[local] : 0;
        }
        communicator.AllReduceSum(picked);
        var points = new (double X, double Y)[sample.Length];
        int[]? sampleLabels = shard.Labels is null ? null : new int[sample.Length];
        for (int s = 0; s < sample.Length; s++)
        {
            points[s] = (BitConverter.Int64BitsToDouble(picked[3 * s]), BitConverter.Int64BitsToDouble(picked[3 * s + 1]));
            if (sampleLabels is not null) sampleLabels[s] = checked((int)picked[3 * s + 2]);
        }
        return new MapData
        {
            Name = shard.Name,
            Count = total,
            Image = shard.Image,
            ClassNames = shard.ClassNames,
            Hits = hits,
            Classes = classes,
            ClassHits = classHits,
            InUnitRange = bounds[2] == 0,
            Min = lo,
            Max = hi,
            Exemplars = exemplars,
            Pca = pca,
            SamplePoints = points,
            SampleLabels = sampleLabels,
        };
    }

    /// <summary>
    /// Each unit's exemplar over every rank: the least squared distance (double) among the samples it wins, the lowest
    /// global index on a tie, as <see cref="MapPictures.Exemplars"/> over the whole data; then each rank broadcasts the
    /// rows it holds of them, in rank order.
    /// </summary>
    private static float[]?[] GatherExemplars(ICommunicator communicator, SomModel model, Dataset shard, long offset, ReadOnlySpan<int> bmu)
    {
        int m = model.Options.Units, d = shard.Features;
        int[] best = MapPictures.Exemplars(model, shard.Samples, bmu);
        var distance = new double[m];
        for (int j = 0; j < m; j++)
            distance[j] = best[j] < 0 ? double.PositiveInfinity : SomMetrics.SquaredDistance(shard.Samples.Row(best[j]), model.Prototype(j));
        var least = (double[])distance.Clone();
        communicator.AllReduceMin(least);
        // The lowest global index among the ranks at the least distance (exact in a double below 2^53).
        var index = new double[m];
        for (int j = 0; j < m; j++)
            index[j] = best[j] >= 0 && distance[j] == least[j] ? offset + best[j] : double.PositiveInfinity;
        communicator.AllReduceMin(index);
        // Every rank's (offset, count), to know who holds each exemplar.
        var layout = new long[2 * communicator.Size];
        layout[2 * communicator.Rank] = offset;
        layout[2 * communicator.Rank + 1] = shard.Count;
        communicator.AllReduceSum(layout);
        var rows = new float[]?[m];
        for (int r = 0; r < communicator.Size; r++)
        {
            long from = layout[2 * r], to = from + layout[2 * r + 1];
            var units = new List<int>();
            for (int j = 0; j < m; j++)
                if (double.IsFinite(index[j]) && index[j] >= from && index[j] < to) units.Add(j);
            if (units.Count == 0) continue;
            var buffer = new float[units.Count * d];
            if (r == communicator.Rank)
                for (int u = 0; u < units.Count; u++) shard.Samples.Row((int)(index[units[u]] - offset)).CopyTo(buffer.AsSpan(u * d, d));
            communicator.Broadcast(MemoryMarshal.AsBytes(buffer.AsSpan()), r);
            for (int u = 0; u < units.Count; u++) rows[units[u]] = buffer.AsSpan(u * d, d).ToArray();
        }
        return rows;
    }

    /// <summary>min and max of the values, NaN left out (+∞ and −∞ when there is none), as <see cref="GreyScale.For"/> finds them.</summary>
    private static (double Low, double High) Range(ReadOnlySpan<float> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return (lo, hi);
    }
}
