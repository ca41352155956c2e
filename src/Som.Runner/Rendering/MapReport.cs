namespace Som.Runner.Rendering;

/// <summary>
/// Writes the pictures of a map into a folder: prototypes.png (image data; a strip for a 1-D map) or
/// components.png (other data), umatrix.png, hits.png, classes.png (labelled data), exemplars.png (image data),
/// pca.png and tsne.png (maps of at most <see cref="Tsne.MaxPoints"/> units).
/// </summary>
internal static class MapReport
{
    /// <summary>
    /// Draws every picture that <paramref name="data"/> allows. <paramref name="bmu"/> holds each sample's
    /// best-matching unit (one engine pass); every file is written atomically. A picture left out is named to
    /// <paramref name="note"/>, with the reason.
    /// </summary>
    public static IReadOnlyList<RenderedPicture> Write(RenderFonts fonts, SomModel model, Dataset data, ReadOnlySpan<int> bmu, string folder, HitScale hitScale,
        Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != model.Features)
            throw new SomDataException($"{data.Name}: {data.Features} features: expected {model.Features} as in the model");
        if (bmu.Length != data.Count) throw new ArgumentException($"{bmu.Length} BMUs for {data.Count} samples", nameof(bmu));
        return Write(fonts, model, MapData.Of(model, data, bmu), folder, hitScale, note);
    }

    /// <summary>
    /// Draws every picture that the data allow from what they take of the data (<see cref="MapData"/>: of the whole
    /// data in one process, or reduced from every rank's shard); the same facts give the same files.
    /// </summary>
    public static IReadOnlyList<RenderedPicture> Write(RenderFonts fonts, SomModel model, MapData data, string folder, HitScale hitScale,
        Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        Directory.CreateDirectory(folder);
        var written = new List<RenderedPicture>();
        var image = ImageOf(model, data.Image);
        if (image is { } shape)
            written.Add(MapPictures.Prototypes(fonts, model, shape, data.PrototypeScale(model), Path.Combine(folder, "prototypes.png")));
        else
            written.Add(MapPictures.ComponentPlanes(fonts, model, Path.Combine(folder, "components.png")));
        written.Add(MapPictures.UMatrix(fonts, model, Path.Combine(folder, "umatrix.png")));
        written.Add(MapPictures.Hits(fonts, model, data.Hits, data.Count, hitScale, Path.Combine(folder, "hits.png")));
        if (data.ClassHits is { } n)
            written.Add(MapPictures.Classes(fonts, model, n, data.Count, data.ClassNames, Path.Combine(folder, "classes.png")));
        if (image is { } s && data.Exemplars is { } exemplars)
            written.Add(MapPictures.ExemplarMosaic(fonts, model, exemplars, s, data.DataScale(), Path.Combine(folder, "exemplars.png")));
        written.Add(ProjectionPictures.PcaView(fonts, model, data.Pca, data.SamplePoints, data.SampleLabels, data.Count, data.Classes, data.ClassNames,
            Path.Combine(folder, "pca.png")));
        if (model.Options.Units <= Tsne.MaxPoints)
            written.Add(ProjectionPictures.TsneView(fonts, model, data.ClassHits, data.ClassNames, Path.Combine(folder, "tsne.png")));
        else
            note?.Invoke($"tsne.png left out: exact t-SNE takes at most {Tsne.MaxPoints} units, this map has {model.Options.Units}");
        return written;
    }

    /// <summary>The shape prototypes are drawn in: the model's, else the data's, when it is a grey or RGB image of D values.</summary>
    public static ImageShape? ImageOf(SomModel model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ImageOf(model, data.Image);
    }

    /// <summary>The shape prototypes are drawn in: the model's, else <paramref name="dataImage"/>, when it is a grey or RGB image of D values.</summary>
    public static ImageShape? ImageOf(SomModel model, ImageShape? dataImage)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var candidate in new[] { model.Image, dataImage })
        {
            if (candidate is { } s && s.Channels is 1 or 3 && s.Width * s.Height * s.Channels == model.Features) return s;
        }
        return null;
    }
}
