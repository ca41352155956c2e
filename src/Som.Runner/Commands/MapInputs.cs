using Som.Cpu;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>
/// What <c>som evaluate</c> and <c>som map</c> work on: a trained model on an engine, the data to evaluate or map,
/// and the labelled data that names the units.
/// <para>The evaluation data is the test split of <c>--data</c> when it has one (<c>fashion-mnist</c>: the 10,000
/// test images), else its only set. Units are labelled by majority vote on <c>--labels-from</c>'s training split
/// when given, else on <c>--data</c>'s training split when it also has a test split (<c>fashion-mnist</c>: the 60,000
/// training images), else on the evaluation data itself (in-sample); unlabelled data labels nothing.</para>
/// </summary>
internal sealed class MapInputs : IDisposable
{
    private MapInputs(string modelPath, SomModel model, ISomEngine engine, Dataset data, Dataset? labelled, string labelsFrom,
        string[]? files = null, bool storedLabels = false)
    {
        ModelPath = modelPath;
        Model = model;
        Engine = engine;
        Data = data;
        Labelled = labelled;
        LabelsFrom = labelsFrom;
        Files = files;
        _storedLabels = storedLabels;
    }

    private readonly bool _storedLabels;

    /// <summary>The image file of each sample when image files were mapped, else null.</summary>
    public string[]? Files { get; }

    /// <summary>The model file's path.</summary>
    public string ModelPath { get; }
    /// <summary>The model.</summary>
    public SomModel Model { get; }
    /// <summary>An engine holding the model's weights.</summary>
    public ISomEngine Engine { get; }
    /// <summary>The data evaluated or mapped.</summary>
    public Dataset Data { get; }
    /// <summary>The labelled data the units are named from (null when there are no labels).</summary>
    public Dataset? Labelled { get; }
    /// <summary>Where the unit labels come from, in words.</summary>
    public string LabelsFrom { get; }

    /// <summary>Loads the model and the data, checks that they agree, and puts the weights on <paramref name="device"/>.</summary>
    /// <exception cref="SomDataException">A missing or corrupt model, unreadable data, or a feature count other than the model's.</exception>
    /// <remarks>A folder of images (in --data or --labels-from) is read with <paramref name="images"/>; warnings about skipped files go to <paramref name="warn"/>.</remarks>
    public static MapInputs Load(string modelPath, string dataSpec, string? labelsSpec, int? limit, string device,
        ImageLoadOptions? images = null, Action<IEnumerable<string>>? warn = null)
    {
        SomModel model = ModelFile.Load(modelPath);
        images = ImagesAsTrained(model, dataSpec, images);
        var split = DataResolver.Resolve(dataSpec, images, warn);
        Dataset data = split.Test ?? split.Train;
        if (limit is { } n) data = data.Take(n);
        CheckFeatures("--data", dataSpec, data, model, modelPath);

        Dataset? labelled;
        string from;
        if (labelsSpec is not null)
        {
            labelled = DataResolver.Resolve(labelsSpec, images, warn).Train;
            CheckFeatures("--labels-from", labelsSpec, labelled, model, modelPath);
            if (labelled.Labels is null) throw new SomDataException($"--labels-from {labelsSpec}: the data has no labels: expected labelled samples to name the units");
            from = $"{labelled.Name} ({labelled.Count} samples, --labels-from)";
        }
        else if (split.Test is not null)
        {
            labelled = split.Train;
            from = $"{labelled.Name} ({labelled.Count} samples)";
        }
        else
        {
            labelled = data;
            from = $"{data.Name} itself ({data.Count} samples, in-sample)";
        }
        if (labelled.Labels is null)
        {
            labelled = null;
            from = "none (the data has no labels)";
        }

        return new MapInputs(modelPath, model, OnDevice(model, device), data, labelled, from);
    }

    /// <summary>
    /// How to read <paramref name="dataSpec"/> for <paramref name="model"/>: a folder of images, read without
    /// --image-size or --color, is read as the model's own images were (its shape, colour and resize rule); any
    /// other data, or explicit options, as given.
    /// </summary>
    public static ImageLoadOptions? ImagesAsTrained(SomModel model, string dataSpec, ImageLoadOptions? images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataSpec);
        if ((images is null || images == ImageLoadOptions.Default) && DataResolver.IsImageFolder(dataSpec.Trim()) && model.Image is { } shape
            && shape.Channels is 1 or 3)
            return new ImageLoadOptions((shape.Width, shape.Height), shape.Channels == 3 ? ImageColour.Rgb : ImageColour.Grey, ResizeRule(model));
        return images;
    }

    /// <summary>
    /// Loads the model and image files to map on it (<c>som map MODEL IMAGE… | DIR</c>): decoded and made the
    /// model's image shape and colour as its training images were (docs/model-format.md §2, <c>image.resize</c>).
    /// Units are named by <paramref name="labelsSpec"/>'s training split when given, else by the labels the model
    /// stores.
    /// </summary>
    /// <exception cref="SomDataException">A corrupt model, one trained on data that are not images, an input that is not an image, or an image of another size the model's rule does not resize.</exception>
    public static MapInputs LoadImages(string modelPath, IReadOnlyList<string> inputs, string? labelsSpec, string device,
        Action<IEnumerable<string>>? warn = null)
    {
        SomModel model = ModelFile.Load(modelPath);
        if (model.Image is not { } shape)
            throw new SomDataException($"{inputs[0]}: an image, but the model {modelPath} was trained on data that are not images ({model.Features} features, no image shape): expected --data with {model.Features} features per sample");
        if (shape.Channels is not (1 or 3))
            throw new SomDataException($"{modelPath}: model images have {shape.Channels} channels: expected 1 (grey) or 3 (rgb) to map image files");
        var (data, files, warnings) = ImageFolderReader.LoadFiles(inputs, (shape.Width, shape.Height),
            shape.Channels == 3 ? ImageColour.Rgb : ImageColour.Grey, ResizeRule(model));
        warn?.Invoke(warnings);

        Dataset? labelled = null;
        string from = "none (the model stores no unit labels)";
        if (labelsSpec is not null)
        {
            labelled = DataResolver.Resolve(labelsSpec, null, warn).Train;
            CheckFeatures("--labels-from", labelsSpec, labelled, model, modelPath);
            if (labelled.Labels is null) throw new SomDataException($"--labels-from {labelsSpec}: the data has no labels: expected labelled samples to name the units");
            from = $"{labelled.Name} ({labelled.Count} samples, --labels-from)";
        }
        else if (model.UnitLabels is not null)
        {
            from = "the model's stored unit labels";
        }
        return new MapInputs(modelPath, model, OnDevice(model, device), data, labelled, from, files, storedLabels: labelsSpec is null && model.UnitLabels is not null);
    }

    /// <summary>Null when the model's training images were resized (so new ones may be); else why an image of another size is refused.</summary>
    private static string? ResizeRule(SomModel model) =>
        model.ImagesResized || model.Image is not { } shape
            ? null
            : $"the model's {shape.Width}x{shape.Height} training images were used as they came, not resized, so these are not either: resize them to {shape.Width}x{shape.Height} first";

    private static ISomEngine OnDevice(SomModel model, string device)
    {
        var engine = EngineFactory.Create(device, model.Options, model.Features, KernelIsa.Auto);
        try
        {
            engine.SetWeights(model.Weights);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
        return engine;
    }

    /// <summary>Unit labels by majority vote on <see cref="Labelled"/>, or those the model stores when mapping image files without --labels-from (null without labels).</summary>
    public int[]? UnitLabels()
    {
        if (_storedLabels) return Model.UnitLabels!.Labels;
        if (Labelled?.Labels is not { } labels) return null;
        var bmu = new int[Labelled.Count];
        Engine.FindBmus(Labelled.Samples, bmu, default);
        return SomMetrics.UnitLabels(Engine.Grid, bmu, labels);
    }

    /// <summary>Class names of the labelled data (or of the evaluation data), or null.</summary>
    public IReadOnlyList<string>? ClassNames => _storedLabels ? Model.ClassNames : Labelled?.ClassNames ?? Data.ClassNames;

    /// <inheritdoc />
    public void Dispose() => Engine.Dispose();

    private static void CheckFeatures(string flag, string spec, Dataset data, SomModel model, string modelPath)
    {
        if (data.Features != model.Features)
            throw new SomDataException($"{flag} {spec}: {data.Features} features per sample: expected {model.Features}, as the model {modelPath} was trained on");
    }
}
