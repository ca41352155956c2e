namespace Som.Runner.Data;

/// <summary>
/// The runner's <c>--data</c>: a folder of images (see <see cref="ImageFolderReader"/>) when the spec names a folder
/// that holds no IDX training images, else whatever <see cref="DataSource.Resolve(string, bool)"/> accepts.
/// An image folder has no test split.
/// </summary>
internal static class DataResolver
{
    /// <summary>Resolves <paramref name="spec"/>; warnings about skipped files go to <paramref name="warn"/>.</summary>
    /// <exception cref="SomDataException">The data cannot be found or read.</exception>
    public static DataSplit Resolve(string spec, ImageLoadOptions? images = null, Action<IEnumerable<string>>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string path = spec.Trim();
        if (IsImageFolder(path))
        {
            var (data, warnings) = ImageFolderReader.Load(path, images ?? ImageLoadOptions.Default);
            warn?.Invoke(warnings);
            return new DataSplit(data, null);
        }
        if (images is not null && images != ImageLoadOptions.Default)
            throw new SomDataException($"--data {spec}: --image-size and --color apply to a folder of images: expected one with --data");
        return DataSource.Resolve(path);
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="size"/>'s shard of what <see cref="Resolve"/> gives, each part
    /// after its limit, read without the other ranks' rows (docs/contract.md §16): <see cref="DataSource.ResolveShard(string, bool, int?, int?, int, int)"/>
    /// for IDX and CSV, <see cref="ImageFolderReader.LoadShard"/> for a folder of images (whose shard the caller must
    /// <see cref="DataShard.Place"/>, and which has no test part).
    /// </summary>
    /// <exception cref="SomDataException">The data cannot be found or read, or a part has fewer rows than ranks.</exception>
    public static (DataShard Train, DataShard? Test) ResolveShard(string spec, ImageLoadOptions? images, Action<IEnumerable<string>>? warn,
        int? trainLimit, int? testLimit, int rank, int size)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string path = spec.Trim();
        if (IsImageFolder(path))
        {
            var (shard, warnings) = ImageFolderReader.LoadShard(path, images ?? ImageLoadOptions.Default, trainLimit, rank, size);
            warn?.Invoke(warnings);
            return (shard, null);
        }
        if (images is not null && images != ImageLoadOptions.Default)
            throw new SomDataException($"--data {spec}: --image-size and --color apply to a folder of images: expected one with --data");
        return DataSource.ResolveShard(path, scale: true, trainLimit, testLimit, rank, size);
    }

    /// <summary>True when <paramref name="path"/> is a folder and not one of IDX files.</summary>
    /// <remarks>The named sets (<c>fashion-mnist</c>, <c>mnist</c>) stay DataSource's even where a folder has their name.</remarks>
    public static bool IsImageFolder(string path) =>
        path.Length > 0 && !IsNamed(path) && Directory.Exists(path) && DataSource.FindIdx(path, DataSource.TrainImages) is null
        && DataSource.FindIdx(path, DataSource.TestImages) is null;

    private static bool IsNamed(string path)
    {
        string source = path.Split(':')[0];
        return source.Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase) || source.Equals("mnist", StringComparison.OrdinalIgnoreCase);
    }
}
