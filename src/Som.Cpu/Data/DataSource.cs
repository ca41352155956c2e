namespace Som;

/// <summary>
/// Turns a data source specification (the runner's <c>--data</c>) into a training set and an optional test set. Accepted forms:
/// <list type="bullet">
/// <item><c>fashion-mnist</c> or <c>mnist</c>: the 60,000 training images, with the 10,000 test images as test set;
/// a suffix <c>:all</c> trains on all 70,000 (training then test images), <c>:train</c> or <c>:test</c> on one part.</item>
/// <item>a directory holding the IDX files <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c> (each raw or <c>.gz</c>); the same suffixes apply.</item>
/// <item>an IDX images file (its labels are read from the file named with <c>labels-idx1</c> for <c>images-idx3</c>,
/// when there is one), or a <c>.csv</c> file: training set only.</item>
/// <item><c>train.csv,test.csv</c>: two files (CSV or IDX images), training and test set.</item>
/// </list>
/// </summary>
public static class DataSource
{
    /// <summary>Environment variable naming a directory searched first for <c>fashion-mnist</c> and <c>mnist</c>.</summary>
    public const string DataDirectoryVariable = "SOMGPU_DATA";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the Fashion-MNIST files.</summary>
    internal const string SystemFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    internal const string TrainImages = "train-images-idx3-ubyte";
    internal const string TrainLabels = "train-labels-idx1-ubyte";
    internal const string TestImages = "t10k-images-idx3-ubyte";
    internal const string TestLabels = "t10k-labels-idx1-ubyte";

    private const string Forms =
        "fashion-mnist[:all|:train|:test], mnist[…], a directory of IDX files, an IDX images file, a .csv file or train.csv,test.csv";

    /// <summary>
    /// Key in <see cref="Exception.Data"/> of the <see cref="SomDataException"/> thrown when a named data set
    /// (<c>fashion-mnist</c>, <c>mnist</c>) is not found anywhere; its value is that name, so a front end can say
    /// how to fetch it.
    /// </summary>
    internal const string MissingDataSetKey = "Som.MissingDataSet";

    /// <summary>Which part of a train/test source to use.</summary>
    private enum Part { Split, All, Train, Test }

    /// <summary>Resolves <paramref name="spec"/> (see the class remarks) into the data a run uses.</summary>
    /// <param name="spec">The data source specification (see the class remarks).</param>
    /// <param name="scale">True to scale pixel values 0..255 into [0, 1].</param>
    /// <exception cref="SomDataException">The data cannot be found or read; the message says where it looked.</exception>
    public static DataSplit Resolve(string spec, bool scale = true) =>
        Resolve(spec, scale, Environment.GetEnvironmentVariable(DataDirectoryVariable), Environment.CurrentDirectory,
            SystemFashionMnistDirectory);

    /// <summary>
    /// <see cref="Resolve(string, bool)"/> with the search locations given rather than read from the process, so that
    /// tests need not change the environment or the current directory.
    /// </summary>
    internal static DataSplit Resolve(string spec, bool scale, string? dataDirectory, string currentDirectory,
        string? systemFashionDirectory)
    {
        var (train, test) = Locate(spec, dataDirectory, currentDirectory, systemFashionDirectory);
        if (test is null) return new DataSplit(Load(train, scale), null);
        // Decompression is single-threaded per file, so the two parts load side by side.
        var testTask = Task.Run(() => Load(test, scale));
        Dataset trainData;
        try
        {
            trainData = Load(train, scale);
        }
        catch (SomDataException)
        {
            // The train error is the one to report; wait for the test load so it does not run on unobserved.
            try { testTask.Wait(); } catch (AggregateException) { }
            throw;
        }
        return new DataSplit(trainData, testTask.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="size"/>'s shard of what <see cref="Resolve(string, bool)"/> gives,
    /// each part after its limit (<paramref name="trainLimit"/>, <paramref name="testLimit"/>, as <see cref="Dataset.Take"/>
    /// takes them), read without the other ranks' rows (<see cref="IdxReader.LoadShard"/>, <see cref="CsvReader.LoadShard"/>):
    /// the training rows and the test rows each split in contiguous blocks in rank order.
    /// </summary>
    /// <exception cref="SomDataException">As <see cref="Resolve(string, bool)"/>, and a part with fewer rows than ranks.</exception>
    internal static (DataShard Train, DataShard? Test) ResolveShard(string spec, bool scale, int? trainLimit, int? testLimit, int rank, int size) =>
        ResolveShard(spec, scale, trainLimit, testLimit, rank, size, Environment.GetEnvironmentVariable(DataDirectoryVariable),
            Environment.CurrentDirectory, SystemFashionMnistDirectory);

    /// <summary><see cref="ResolveShard(string, bool, int?, int?, int, int)"/> with the search locations given, as <see cref="Resolve(string, bool, string?, string, string?)"/>.</summary>
    internal static (DataShard Train, DataShard? Test) ResolveShard(string spec, bool scale, int? trainLimit, int? testLimit, int rank, int size,
        string? dataDirectory, string currentDirectory, string? systemFashionDirectory)
    {
        DataShard.CheckRank(rank, size);
        var (train, test) = Locate(spec, dataDirectory, currentDirectory, systemFashionDirectory);
        var trainShard = LoadShard(train, scale, trainLimit, rank, size);
        return (trainShard, test is null ? null : LoadShard(test, scale, testLimit, rank, size));
    }

    /// <summary>A located part of a data source: IDX images files (with labels) read one after the other, or a CSV file.</summary>
    private sealed record Located(string Name, IReadOnlyList<(string Images, string? Labels)>? Idx, string? Csv, IReadOnlyList<string>? ClassNames);

    private static Dataset Load(Located located, bool scale) =>
        located.Csv is { } csv ? CsvReader.Load(csv, scale: scale)
        : located.Idx!.Count == 1 ? IdxReader.Load(located.Idx[0].Images, located.Idx[0].Labels, located.Name, scale, located.ClassNames)
        : IdxReader.LoadConcatenated(located.Idx, located.Name, scale, located.ClassNames);

    private static DataShard LoadShard(Located located, bool scale, int? limit, int rank, int size) =>
        located.Csv is { } csv ? CsvReader.LoadShard(csv, null, scale, null, limit, rank, size)
        : IdxReader.LoadShard(located.Idx!, located.Name, scale, located.ClassNames, limit, rank, size);

    /// <summary>The files <paramref name="spec"/> names, training part and test part (or null), found but not read.</summary>
    private static (Located Train, Located? Test) Locate(string spec, string? dataDirectory, string currentDirectory,
        string? systemFashionDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        if (spec.Length == 0) throw new SomDataException($"data source is empty: expected {Forms}");

        var (source, suffix) = SplitSuffix(spec);
        if (IsNamed(source, out var named))
        {
            if (suffix is not null && ParsePart(suffix) is null)
                throw new SomDataException($"data source {spec}: unknown part '{suffix}': expected {named}, {named}:all, {named}:train or {named}:test");
            var part = suffix is null ? Part.Split : ParsePart(suffix)!.Value;
            var directories = SearchDirectories(named, dataDirectory, currentDirectory, systemFashionDirectory);
            var found = directories.FirstOrDefault(d => HasFiles(d, part));
            if (found is null) throw NotFound(named, part, directories, dataDirectory);
            var classNames = named == "fashion-mnist" ? IdxReader.FashionMnistClassNames : IdxReader.MnistClassNames;
            return LocateDirectory(found, part, named, classNames);
        }

        if (Directory.Exists(spec)) return LocateDirectory(spec, Part.Split, DirectoryName(spec), null);
        if (File.Exists(spec)) return (LocateFile(spec), null);

        if (suffix is not null && ParsePart(suffix) is { } filePart && Directory.Exists(source))
            return LocateDirectory(source, filePart, DirectoryName(source), null);

        int comma = spec.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            string trainPath = spec[..comma].Trim();
            string testPath = spec[(comma + 1)..].Trim();
            if (trainPath.Length == 0 || testPath.Length == 0 || testPath.Contains(',', StringComparison.Ordinal))
                throw new SomDataException($"data source {spec}: expected two files, train and test, separated by one comma");
            var train = LocateFile(trainPath);
            return (train, LocateFile(testPath));
        }

        throw new SomDataException($"data source {spec}: no such file or directory: expected {Forms}");
    }

    /// <summary>The directories searched for a named data set, in order.</summary>
    internal static IReadOnlyList<string> SearchDirectories(string named, string? dataDirectory, string currentDirectory,
        string? systemFashionDirectory)
    {
        var list = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            list.Add(dataDirectory);
            list.Add(Path.Combine(dataDirectory, named));
        }
        list.Add(Path.Combine(currentDirectory, "data", named));
        if (named == "fashion-mnist" && systemFashionDirectory is not null) list.Add(systemFashionDirectory);
        return list;
    }

    /// <summary>The file <paramref name="baseName"/> in <paramref name="directory"/>, raw or gzip, or null.</summary>
    /// <remarks>The raw file wins when both exist: it loads without decompressing.</remarks>
    internal static string? FindIdx(string directory, string baseName)
    {
        string raw = Path.Combine(directory, baseName);
        if (File.Exists(raw)) return raw;
        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    private static (Located Train, Located? Test) LocateDirectory(string directory, Part part, string name, IReadOnlyList<string>? classNames)
    {
        string Images(string baseName, string partName) =>
            FindIdx(directory, baseName)
            ?? throw new SomDataException($"{Path.Combine(directory, baseName)}[.gz]: file not found: expected the {partName} images of {name}");

        Located LocatePart(string images, string labels, string partName) =>
            new($"{name}:{partName}", [(Images(images, partName), FindIdx(directory, labels))], null, classNames);

        switch (part)
        {
            case Part.Train:
                return (LocatePart(TrainImages, TrainLabels, "train"), null);
            case Part.Test:
                return (LocatePart(TestImages, TestLabels, "test"), null);
            case Part.All:
            {
                (string, string?)[] parts =
                [
                    (Images(TrainImages, "train"), FindIdx(directory, TrainLabels)),
                    (Images(TestImages, "test"), FindIdx(directory, TestLabels)),
                ];
                return (new Located($"{name}:all", parts, null, classNames), null);
            }
            default:
            {
                // A directory with only the training files is still usable: it just has no test set.
                var train = LocatePart(TrainImages, TrainLabels, "train");
                return (train, FindIdx(directory, TestImages) is null ? null : LocatePart(TestImages, TestLabels, "test"));
            }
        }
    }

    private static Located LocateFile(string path)
    {
        if (Directory.Exists(path))
            throw new SomDataException($"{path}: is a directory: expected a .csv or IDX images file here");
        if (!File.Exists(path))
            throw new SomDataException($"{path}: file not found: expected a .csv or IDX images file");
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return new Located(Path.GetFileName(path), null, path, null);

        string fileName = Path.GetFileName(path);
        string? labels = null;
        int at = fileName.IndexOf("images-idx3", StringComparison.Ordinal);
        if (at >= 0)
        {
            string candidate = Path.Combine(Path.GetDirectoryName(path) ?? "",
                string.Concat(fileName.AsSpan(0, at), "labels-idx1", fileName.AsSpan(at + "images-idx3".Length)));
            if (File.Exists(candidate)) labels = candidate;
        }
        return new Located(fileName, [(path, labels)], null, null);
    }

    private static (string Source, string? Suffix) SplitSuffix(string spec)
    {
        int colon = spec.LastIndexOf(':');
        // A colon inside a path (a Windows drive, a URL-like name) is not a part suffix unless what follows is a word.
        if (colon <= 0 || colon == spec.Length - 1) return (spec, null);
        string suffix = spec[(colon + 1)..];
        if (suffix.AsSpan().IndexOfAny('/', '\\') >= 0) return (spec, null);
        return (spec[..colon], suffix);
    }

    private static Part? ParsePart(string suffix) => suffix.ToUpperInvariant() switch
    {
        "ALL" => Part.All,
        "TRAIN" => Part.Train,
        "TEST" => Part.Test,
        _ => null,
    };

    private static bool IsNamed(string source, out string named)
    {
        foreach (var candidate in new[] { "fashion-mnist", "mnist" })
        {
            if (source.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                named = candidate;
                return true;
            }
        }
        named = "";
        return false;
    }

    private static bool HasFiles(string directory, Part part)
    {
        bool train = FindIdx(directory, TrainImages) is not null && FindIdx(directory, TrainLabels) is not null;
        bool test = FindIdx(directory, TestImages) is not null && FindIdx(directory, TestLabels) is not null;
        return part switch
        {
            Part.Train => train,
            Part.Test => test,
            _ => train && test,
        };
    }

    private static SomDataException NotFound(string named, Part part, IReadOnlyList<string> directories, string? dataDirectory)
    {
        string files = part switch
        {
            Part.Train => $"{TrainImages}[.gz] and {TrainLabels}[.gz]",
            Part.Test => $"{TestImages}[.gz] and {TestLabels}[.gz]",
            _ => $"{TrainImages}[.gz], {TrainLabels}[.gz], {TestImages}[.gz] and {TestLabels}[.gz]",
        };
        string unset = string.IsNullOrWhiteSpace(dataDirectory) ? $" (${DataDirectoryVariable} is not set)" : "";
        var error = new SomDataException(
            $"{named}: data not found: looked for {files} in {string.Join(", ", directories)}{unset}; set {DataDirectoryVariable} to a directory holding them");
        error.Data[MissingDataSetKey] = named;
        return error;
    }

    private static string DirectoryName(string directory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
}
