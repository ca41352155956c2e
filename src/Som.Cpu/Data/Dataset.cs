namespace Som;

/// <summary>A named set of samples with optional class labels and, for images, their shape.</summary>
public sealed class Dataset
{
    /// <summary>Creates a data set; <paramref name="labels"/>, when given, has one entry per sample, each ≥ 0.</summary>
    public Dataset(string name, SampleMatrix samples, int[]? labels = null, ImageShape? image = null, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (labels is not null)
        {
            if (labels.Length != samples.Count)
                throw new SomDataException($"{name}: {labels.Length} labels for {samples.Count} samples: expected one label per sample");
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] < 0) throw new SomDataException($"{name}: label {labels[i]} of sample {i}: expected a class index ≥ 0");
            }
        }
        if (image is { } shape && shape.Width * shape.Height * shape.Channels != samples.Features)
            throw new SomDataException($"{name}: image shape {shape} has {shape.Width * shape.Height * shape.Channels} values: expected {samples.Features} features");
        Name = name;
        Samples = samples;
        Labels = labels;
        Image = image;
        ClassNames = classNames;
    }

    /// <summary>Where the data came from (a file name or a data set name).</summary>
    public string Name { get; }
    /// <summary>The samples.</summary>
    public SampleMatrix Samples { get; }
    /// <summary>Class labels, one per sample, or null.</summary>
    public int[]? Labels { get; }
    /// <summary>Image shape of each sample, or null when samples are not images.</summary>
    public ImageShape? Image { get; }
    /// <summary>Class names indexed by label, or null.</summary>
    public string[]? ClassNames { get; }
    /// <summary>Number of samples.</summary>
    public int Count => Samples.Count;
    /// <summary>Number of features.</summary>
    public int Features => Samples.Features;
    /// <summary>Number of classes (max label + 1), 0 without labels.</summary>
    public int ClassCount => Labels is null || Labels.Length == 0 ? 0 : Math.Max(Labels.Max() + 1, ClassNames?.Length ?? 0);

    /// <summary>The first <paramref name="count"/> samples and labels.</summary>
    public Dataset Take(int count) =>
        count >= Count ? this : new Dataset(Name, Samples.Take(count), Labels?[..count], Image, ClassNames);

    /// <summary>This set followed by <paramref name="other"/> (same features).</summary>
    public Dataset Concat(Dataset other, string name)
    {
        if (other.Features != Features)
            throw new SomDataException($"{other.Name}: {other.Features} features: expected {Features} as in {Name}");
        var values = new float[Samples.Values.Length + other.Samples.Values.Length];
        Samples.Values.Span.CopyTo(values);
        other.Samples.Values.Span.CopyTo(values.AsSpan(Samples.Values.Length));
        int[]? labels = Labels is not null && other.Labels is not null ? [.. Labels, .. other.Labels] : null;
        return new Dataset(name, SampleMatrix.Wrap(values, Count + other.Count, Features), labels, Image, ClassNames);
    }
}
