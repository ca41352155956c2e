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
    /// <summary>Prototype of unit <paramref name="j"/>.</summary>
    public ReadOnlySpan<float> Prototype(int j) => Weights.AsSpan(j * Features, Features);
}
