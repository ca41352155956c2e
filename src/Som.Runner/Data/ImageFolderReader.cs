using SkiaSharp;

namespace Som.Runner.Data;

/// <summary>
/// Reads a folder of images as a data set. A folder holding sub-folders is labelled: each sub-folder is one class,
/// named after it, classes sorted by name (ordinal), and its images are read from it and the folders below it;
/// files directly in the top folder are then skipped with a warning. A folder with no sub-folders is unlabelled.
/// <para>Files are read in ordinal order of their path relative to their class folder (or to the folder); names
/// starting with a dot are ignored. PNG, JPEG, WebP, BMP and GIF (its first frame) are decoded with SkiaSharp; a file
/// that is not an image or does not decode is skipped and reported. Every image is resized to the asked size, else
/// to the first image's size, with bilinear filtering between mipmap levels (<see cref="Sampling"/>); an image
/// already of that size is used as decoded, pixel for pixel. Pixel values v in 0..255 become v / 255, as for IDX.</para>
/// </summary>
internal static class ImageFolderReader
{
    /// <summary>The resampling filter used to resize: bilinear, with linear blending between mipmap levels.</summary>
    public static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>How many skipped file names a warning lists.</summary>
    private const int NamesShown = 3;

    /// <summary>
    /// Most pixels a decoded image may have (2²⁶, 256 MiB as RGBA): an image header claiming more is refused before
    /// its bitmap is allocated, so a damaged file cannot size an allocation.
    /// </summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>The data set in <paramref name="folder"/> and the warnings about skipped files.</summary>
    /// <exception cref="SomDataException">No image could be read, or the images would be too large.</exception>
    public static (Dataset Data, IReadOnlyList<string> Warnings) Load(string folder, ImageLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var (name, files, classNames) = List(folder, warnings);

        var decoded = new Decoded?[files.Count];
        ParallelLoop.For(files.Count, i => decoded[i] = Decode(files[i].Path).Image);
        var bad = Enumerable.Range(0, files.Count).Where(i => decoded[i] is null).Select(i => files[i].Shown).ToArray();
        if (bad.Length > 0)
            warnings.Add($"{folder}: skipped {bad.Length} file(s) that are not images SkiaSharp can decode: {Names(bad)}");

        int first = Array.FindIndex(decoded, d => d is not null);
        if (first < 0)
        {
            string found = files.Count == 0 ? "no files" : $"{files.Count} file(s), none a decodable image";
            throw new SomDataException(
                $"{folder}: {found}: expected PNG, JPEG, WebP, BMP or GIF images, in the folder or in one sub-folder per class");
        }
        var (width, height) = options.Size ?? (decoded[first]!.Bitmap.Width, decoded[first]!.Bitmap.Height);
        int channels = options.Colour == ImageColour.Rgb ? 3 : 1;
        long features = (long)width * height * channels;
        var kept = Enumerable.Range(0, files.Count).Where(i => decoded[i] is not null).ToArray();
        if (options.NoResize is { } why && kept.FirstOrDefault(i => decoded[i]!.Bitmap.Width != width || decoded[i]!.Bitmap.Height != height, -1) is int other and >= 0)
        {
            foreach (var image in decoded) image?.Bitmap.Dispose();
            throw new SomDataException($"{files[other].Path}: image of {decoded[other]!.Bitmap.Width}x{decoded[other]!.Bitmap.Height}: expected {width}x{height} ({why})");
        }
        if (features * kept.Length > Array.MaxLength)
            throw new SomDataException($"{folder}: {kept.Length} images of {width}x{height}x{channels} values are too many to hold: expected at most {Array.MaxLength} values; pass a smaller --image-size");

        int d = (int)features;
        var values = new float[(long)kept.Length * d];
        try
        {
            ParallelLoop.For(kept.Length, k =>
            {
                var image = decoded[kept[k]]!;
                Fill(image, width, height, options.Colour, values.AsSpan(k * d, d));
            });
        }
        finally
        {
            foreach (var image in decoded) image?.Bitmap.Dispose();
        }
        int[]? labels = classNames is null ? null : kept.Select(i => files[i].Label).ToArray();
        var data = new Dataset(name, SampleMatrix.Wrap(values, kept.Length, d), labels, new ImageShape(width, height, channels), classNames);
        return (data, warnings);
    }

    /// <summary>
    /// The files of <paramref name="folder"/> in <see cref="Load"/>'s order, each with the name shown in warnings and
    /// its class (−1 unlabelled), the folder's name and its class names (null unlabelled); the warning about files
    /// outside the class folders goes to <paramref name="warnings"/>. Listing decodes nothing.
    /// </summary>
    private static (string Name, List<(string Path, string Shown, int Label)> Files, string[]? ClassNames) List(string folder, List<string> warnings)
    {
        string root = Path.GetFullPath(folder);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        var classFolders = Directory.GetDirectories(root).Where(d => !Hidden(d)).Order(StringComparer.Ordinal).ToArray();

        var files = new List<(string Path, string Shown, int Label)>();
        string[]? classNames = null;
        if (classFolders.Length == 0)
        {
            files.AddRange(FilesUnder(root).Select(f => (f, Path.GetRelativePath(root, f), -1)));
        }
        else
        {
            classNames = classFolders.Select(d => Path.GetFileName(d)!).ToArray();
            for (int c = 0; c < classFolders.Length; c++)
                files.AddRange(FilesUnder(classFolders[c]).Select(f => (f, Path.GetRelativePath(root, f), c)));
            var loose = Directory.GetFiles(root).Where(f => !Hidden(f)).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
            if (loose.Length > 0)
                warnings.Add($"{folder}: skipped {loose.Length} file(s) outside the class folders: {Names(loose)}");
        }
        return (name, files, classNames);
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="size"/>'s shard of <see cref="Load"/>'s data set (docs/contract.md §16):
    /// the files are listed and sorted as <see cref="Load"/> lists them (nothing decoded), the first <paramref name="limit"/>
    /// files kept when a limit is given, and the rank decodes only its contiguous block of them
    /// (<see cref="DataShard.Block"/> over files). Without <see cref="ImageLoadOptions.Size"/> the images take the size
    /// of the folder's first decodable file, which a rank decodes too when it lies before its block. A file that does
    /// not decode is skipped, as by <see cref="Load"/>, and only the rank that holds it knows: the shard is not
    /// <see cref="DataShard.Placed"/> (its offset and total count files) until <see cref="DataShard.Place"/> is given
    /// every rank's row count. The shards' rows, in rank order, are then <see cref="Load"/>'s rows; with a limit they
    /// are the first files' images, one fewer for each skipped file among them, where <see cref="Load"/>'s
    /// <see cref="Dataset.Take"/> takes the first images. The class count is the class folders' (known on every rank).
    /// Warnings: the files outside the class folders on rank 0, and each rank's files skipped in its block.
    /// </summary>
    /// <exception cref="SomDataException">Fewer files than ranks; no decodable image in the whole folder; an image of
    /// another size that may not be resized; more values than an array holds.</exception>
    public static (DataShard Shard, IReadOnlyList<string> Warnings) LoadShard(string folder, ImageLoadOptions options, int? limit, int rank, int size)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataShard.CheckRank(rank, size);
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "expected at least 1");
        var listed = new List<string>();
        var (name, files, classNames) = List(folder, listed);
        var warnings = rank == 0 ? listed : new List<string>();
        int count = limit is { } l ? Math.Min(l, files.Count) : files.Count;
        if (files.Count == 0)
        {
            throw new SomDataException(
                $"{folder}: no files: expected PNG, JPEG, WebP, BMP or GIF images, in the folder or in one sub-folder per class");
        }
        var (start, end) = DataShard.Block(count, rank, size, name);
        int from = (int)start, rows = (int)(end - start);

        var decoded = new Decoded?[rows];
        try
        {
            ParallelLoop.For(rows, i => decoded[i] = Decode(files[from + i].Path).Image);
            var bad = Enumerable.Range(0, rows).Where(i => decoded[i] is null).Select(i => files[from + i].Shown).ToArray();
            if (bad.Length > 0)
                warnings.Add($"{folder}: skipped {bad.Length} of files {from + 1}–{from + rows} that are not images SkiaSharp can decode: {Names(bad)}");

            var (width, height) = options.Size ?? FirstSize(files, from, decoded, folder);
            int channels = options.Colour == ImageColour.Rgb ? 3 : 1;
            long features = (long)width * height * channels;
            var kept = Enumerable.Range(0, rows).Where(i => decoded[i] is not null).ToArray();
            if (options.NoResize is { } why && kept.FirstOrDefault(i => decoded[i]!.Bitmap.Width != width || decoded[i]!.Bitmap.Height != height, -1) is int other and >= 0)
                throw new SomDataException($"{files[from + other].Path}: image of {decoded[other]!.Bitmap.Width}x{decoded[other]!.Bitmap.Height}: expected {width}x{height} ({why})");
            if (features * kept.Length > Array.MaxLength)
                throw new SomDataException($"{folder}: {kept.Length} images of {width}x{height}x{channels} values on rank {rank} are too many to hold: expected at most {Array.MaxLength} values; pass a smaller --image-size or use more ranks");

            int d = (int)features;
            var values = new float[(long)kept.Length * d];
            ParallelLoop.For(kept.Length, k => Fill(decoded[kept[k]]!, width, height, options.Colour, values.AsSpan(k * d, d)));
            int[]? labels = classNames is null ? null : kept.Select(i => files[from + i].Label).ToArray();
            var data = new Dataset(name, SampleMatrix.Wrap(values, kept.Length, d), labels, new ImageShape(width, height, channels), classNames);
            return (new DataShard(data, start, count, classNames?.Length ?? 0, placed: false), warnings);
        }
        finally
        {
            foreach (var image in decoded) image?.Bitmap.Dispose();
        }
    }

    /// <summary>
    /// The size of the folder's first file that decodes, as <see cref="Load"/> takes it: files before the block are
    /// decoded here (and dropped), the block's come from <paramref name="block"/>, those after it are decoded in turn.
    /// </summary>
    private static (int Width, int Height) FirstSize(List<(string Path, string Shown, int Label)> files, int from, Decoded?[] block, string folder)
    {
        for (int i = 0; i < files.Count; i++)
        {
            if (i >= from && i < from + block.Length)
            {
                if (block[i - from] is { } inBlock) return (inBlock.Bitmap.Width, inBlock.Bitmap.Height);
                continue;
            }
            var image = Decode(files[i].Path).Image;
            if (image is null) continue;
            using (image.Bitmap) return (image.Bitmap.Width, image.Bitmap.Height);
        }
        throw new SomDataException(
            $"{folder}: {files.Count} file(s), none a decodable image: expected PNG, JPEG, WebP, BMP or GIF images, in the folder or in one sub-folder per class");
    }

    /// <summary>A decoded image and whether its pixels are one grey channel.</summary>
    private sealed record Decoded(SKBitmap Bitmap, bool Grey);

    /// <summary>Decodes <paramref name="path"/>; when it cannot, the image is null and the reason says why.</summary>
    private static (Decoded? Image, string? Reason) Decode(string path)
    {
        try
        {
            using var codec = SKCodec.Create(path);
            if (codec is null) return (null, "not an image SkiaSharp can decode: expected PNG, JPEG, WebP, BMP or GIF");
            int width = codec.Info.Width, height = codec.Info.Height;
            if (width < 1 || height < 1 || (long)width * height > MaxPixels)
                return (null, $"image of {width}x{height} pixels: expected 1 to {MaxPixels} pixels");
            bool grey = codec.Info.ColorType == SKColorType.Gray8;
            var info = new SKImageInfo(width, height,
                grey ? SKColorType.Gray8 : SKColorType.Rgba8888, grey ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
            var bitmap = new SKBitmap(info);
            if (bitmap.GetPixels() == IntPtr.Zero)
            {
                bitmap.Dispose();
                return (null, $"image of {width}x{height} pixels: no memory for its bitmap");
            }
            var result = codec.GetPixels(info, bitmap.GetPixels());
            // A truncated file (IncompleteInput) is a damaged one: it is refused rather than read with a grey band.
            if (result != SKCodecResult.Success)
            {
                bitmap.Dispose();
                return (null, $"damaged image data ({result}): expected a complete {width}x{height} image");
            }
            return (new Decoded(bitmap, grey), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, $"cannot read: {e.Message}");
        }
    }

    /// <summary>
    /// Image files to map on a trained model: each input is an image file, which must decode, or a folder, whose
    /// images (every file under it, in ordinal order of its relative path, names starting with a dot ignored) are
    /// taken in turn, files that do not decode skipped with a warning. Every image becomes <paramref name="size"/>
    /// in <paramref name="colour"/> as <see cref="Load"/> makes it: used as decoded when it has that size, else
    /// resized with <see cref="Sampling"/>, or refused when <paramref name="noResize"/> (the reason) is given.
    /// </summary>
    /// <returns>The unlabelled samples, the file of each, and the warnings.</returns>
    /// <exception cref="SomDataException">An input that is missing or does not decode, an image of another size that may not be resized, or no image at all.</exception>
    public static (Dataset Data, string[] Files, IReadOnlyList<string> Warnings) LoadFiles(IReadOnlyList<string> inputs,
        (int Width, int Height) size, ImageColour colour, string? noResize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<(string Path, bool Listed)>();
        var warnings = new List<string>();
        foreach (string input in inputs)
        {
            if (Directory.Exists(input)) files.AddRange(FilesUnder(input).Select(f => (f, false)));
            else if (File.Exists(input)) files.Add((input, true));
            else throw new SomDataException($"{input}: no such file or folder: expected an image file or a folder of images");
        }
        var decoded = new (Decoded? Image, string? Reason)[files.Count];
        try
        {
            ParallelLoop.For(files.Count, i => decoded[i] = Decode(files[i].Path));
            var skipped = new List<string>();
            var kept = new List<int>();
            for (int i = 0; i < files.Count; i++)
            {
                if (decoded[i].Image is { } image)
                {
                    if (noResize is not null && (image.Bitmap.Width != size.Width || image.Bitmap.Height != size.Height))
                        throw new SomDataException($"{files[i].Path}: image of {image.Bitmap.Width}x{image.Bitmap.Height}: expected {size.Width}x{size.Height} ({noResize})");
                    kept.Add(i);
                }
                else if (files[i].Listed)
                {
                    throw new SomDataException($"{files[i].Path}: {decoded[i].Reason}");
                }
                else
                {
                    skipped.Add(files[i].Path);
                }
            }
            if (skipped.Count > 0)
                warnings.Add($"skipped {skipped.Count} file(s) that are not images SkiaSharp can decode: {Names(skipped)}");
            if (kept.Count == 0)
                throw new SomDataException($"{string.Join(", ", inputs)}: no image found: expected PNG, JPEG, WebP, BMP or GIF files (IDX or CSV data go in --data)");
            int d = size.Width * size.Height * (colour == ImageColour.Rgb ? 3 : 1);
            if ((long)d * kept.Count > Array.MaxLength)
                throw new SomDataException($"{kept.Count} images of {d} values are too many to hold: expected at most {Array.MaxLength} values");
            var values = new float[(long)d * kept.Count];
            ParallelLoop.For(kept.Count, k => Fill(decoded[kept[k]].Image!, size.Width, size.Height, colour, values.AsSpan(k * d, d)));
            var shape = new ImageShape(size.Width, size.Height, colour == ImageColour.Rgb ? 3 : 1);
            string name = inputs.Count == 1 ? Path.GetFileName(Path.TrimEndingDirectorySeparator(inputs[0])) : $"{kept.Count} images";
            var data = new Dataset(name, SampleMatrix.Wrap(values, kept.Count, d), null, shape);
            return (data, kept.Select(i => files[i].Path).ToArray(), warnings);
        }
        finally
        {
            foreach (var (image, _) in decoded) image?.Bitmap.Dispose();
        }
    }

    private static void Fill(Decoded image, int width, int height, ImageColour colour, Span<float> target)
    {
        SKBitmap source = image.Bitmap;
        SKBitmap? resized = null;
        if (source.Width != width || source.Height != height)
        {
            resized = source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType), Sampling)
                ?? throw new SomDataException($"image of {source.Width}x{source.Height} could not be resized to {width}x{height}");
            source = resized;
        }
        try
        {
            ReadOnlySpan<byte> pixels = source.GetPixelSpan();
            int stride = source.RowBytes;
            for (int y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * stride);
                var outRow = target.Slice(y * width * (colour == ImageColour.Rgb ? 3 : 1));
                for (int x = 0; x < width; x++)
                {
                    int r, g, b;
                    if (image.Grey) r = g = b = row[x];
                    else (r, g, b) = (row[4 * x], row[4 * x + 1], row[4 * x + 2]);
                    if (colour == ImageColour.Rgb)
                    {
                        outRow[3 * x] = r / 255f;
                        outRow[3 * x + 1] = g / 255f;
                        outRow[3 * x + 2] = b / 255f;
                    }
                    else
                    {
                        outRow[x] = (image.Grey ? r : Luminance(r, g, b)) / 255f;
                    }
                }
            }
        }
        finally
        {
            resized?.Dispose();
        }
    }

    /// <summary>Rec. 601 luma in integers, rounded to nearest: a grey pixel (r = g = b = v) gives v exactly.</summary>
    internal static int Luminance(int r, int g, int b) => (299 * r + 587 * g + 114 * b + 500) / 1000;

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $", … ({names.Count - NamesShown} more)" : "");
}
