namespace Som;

/// <summary>A trained map: its options, its codebook and what it was trained on.</summary>
public sealed class SomModel
{
    /// <summary>Creates a model; <paramref name="weights"/> is M × D, row-major, unit j = y·W + x.</summary>
    public SomModel(SomOptions options, int features, float[] weights, ImageShape? image = null, int epochsTrained = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (features < 1) throw new SomDataException($"model has {features} features: expected at least 1");
        EngineGuards.Weights(weights, options.Units, features);
        Options = options;
        Features = features;
        Weights = weights;
        Image = image;
        EpochsTrained = epochsTrained;
    }

    /// <summary>The options the map was trained with.</summary>
    public SomOptions Options { get; }
    /// <summary>Features per prototype D.</summary>
    public int Features { get; }
    /// <summary>The codebook, M × D, row-major.</summary>
    public float[] Weights { get; }
    /// <summary>Image shape of a prototype, when the data were images.</summary>
    public ImageShape? Image { get; }
    /// <summary>Epochs the codebook has been trained for.</summary>
    public int EpochsTrained { get; }
    /// <summary>Unit labels and their votes from the labelled training split, or null (model file version 2).</summary>
    /// <exception cref="SomDataException">Labels for another number of units.</exception>
    public UnitLabels? UnitLabels
    {
        get => _unitLabels;
        init
        {
            if (value is not null && value.Labels.Length != Options.Units)
                throw new SomDataException($"unit labels for {value.Labels.Length} units: expected {Options.Units} ({Options.Width}x{Options.Height})");
            _unitLabels = value;
        }
    }

    /// <summary>Names of the data's classes, indexed by label, or null (model file version 2).</summary>
    /// <exception cref="SomDataException">A null name.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        init
        {
            if (value is not null && value.Any(n => n is null)) throw new SomDataException("class names: a name is null: expected text");
            _classNames = value?.ToArray();
        }
    }

    /// <summary>
    /// True when the training images were decoded from image files and resized to <see cref="Image"/> (bilinear,
    /// linear between mipmap levels), so new image files may be resized the same way; false when the data came at
    /// that shape (IDX, CSV), so an image of another size is refused (model file version 2: <c>image.resize</c>).
    /// </summary>
    internal bool ImagesResized { get; init; }

    /// <summary>Clusterings of the units, in the order they were attached (model file version 2).</summary>
    public IReadOnlyList<UnitClustering> Clusterings { get; private init; } = [];

    /// <summary>
    /// This model with <paramref name="clustering"/> attached; one of the same name is replaced in place.
    /// </summary>
    /// <exception cref="SomDataException">A clustering of another number of units.</exception>
    public SomModel WithClustering(UnitClustering clustering)
    {
        ArgumentNullException.ThrowIfNull(clustering);
        if (clustering.Clusters.Length != Options.Units)
            throw new SomDataException($"clustering '{clustering.Name}' has {clustering.Clusters.Length} units: expected {Options.Units} ({Options.Width}x{Options.Height})");
        var list = Clusterings.ToList();
        int at = list.FindIndex(c => c.Name == clustering.Name);
        if (at >= 0) list[at] = clustering;
        else list.Add(clustering);
        return new SomModel(Options, Features, Weights, Image, EpochsTrained)
        {
            UnitLabels = UnitLabels,
            ClassNames = ClassNames,
            ImagesResized = ImagesResized,
            Clusterings = list,
        };
    }

    private readonly UnitLabels? _unitLabels;
    private readonly string[]? _classNames;

    /// <summary>Prototype of unit <paramref name="j"/>.</summary>
    public ReadOnlySpan<float> Prototype(int j) => Weights.AsSpan(j * Features, Features);
}
