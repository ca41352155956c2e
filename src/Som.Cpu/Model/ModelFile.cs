using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Som;

/// <summary>
/// The model file (<c>.som</c>): readable by other tools, loads back bit-exactly, written atomically. Version 2 is
/// written; versions 1 and 2 are read (docs/model-format.md).
/// <code>
/// offset 0   8 bytes   ASCII "SOMMODEL"
/// offset 8   uint32 LE format version (2; 1 is still read)
/// offset 12  uint32 LE header length L
/// offset 16  L bytes   UTF-8 JSON header: width, height, features, dtype "float32-le", layout,
///                      weights_sha256 (hex of the payload), epochs_trained, image, options;
///                      version 2 also class_names, unit_labels, clusterings and, in a checkpoint, checkpoint
/// offset 16+L          M·D float32 little-endian: unit j = y·W + x, feature f at j·D + f
/// version 2: 32 bytes  SHA-256 of every byte before it
/// </code>
/// In NumPy: <c>h = int.from_bytes(b[12:16], 'little'); w = np.frombuffer(b, '&lt;f4', offset=16 + h, count=M*D)</c>.
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "SOMMODEL"u8.ToArray();
    private const uint Version = 2;
    private const int MaxHeaderV1 = 1 << 20;
    private const int MaxHeaderV2 = 1 << 26;
    private const int TrailerLength = 32;
    private const string FormatName = "somgpu-model";
    private const string DType = "float32-le";
    private const string Layout = "unit j = y*width + x; feature f at j*features + f";
    private const string ResizeNone = "none";
    private const string ResizeBilinear = "bilinear";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
    };

    /// <summary>Serialises options as the model file and metrics.json spell them.</summary>
    internal static JsonNode OptionsToJson(SomOptions options) => JsonSerializer.SerializeToNode(options, Json)!;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (format version 2).</summary>
    public static void Save(SomModel model, string path) => Write(model, null, path);

    /// <summary>Writes a checkpoint: <paramref name="model"/> with <paramref name="checkpoint"/> in its header, atomically.</summary>
    internal static void SaveCheckpoint(SomModel model, Checkpoint checkpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Write(model, checkpoint, path);
    }

    /// <summary>Reads a model; a corrupt, truncated or foreign file is a <see cref="SomDataException"/> naming it.</summary>
    public static SomModel Load(string path) => Read(path).Model;

    /// <summary>Reads a checkpoint file: its model and where the run stands; a model that is not a checkpoint is refused.</summary>
    internal static (SomModel Model, Checkpoint Checkpoint) LoadCheckpoint(string path)
    {
        var (model, checkpoint) = Read(path);
        return checkpoint is null
            ? throw new SomDataException($"{Path.GetFileName(path)}: a model file, not a checkpoint (it has no checkpoint in its header)")
            : (model, checkpoint);
    }

    private static void Write(SomModel model, Checkpoint? checkpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var payload = new byte[model.Weights.Length * sizeof(float)];
        for (int i = 0; i < model.Weights.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), model.Weights[i]);
        var header = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = Version,
            ["width"] = model.Options.Width,
            ["height"] = model.Options.Height,
            ["features"] = model.Features,
            ["dtype"] = DType,
            ["layout"] = Layout,
            ["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(payload)),
            ["epochs_trained"] = model.EpochsTrained,
            ["image"] = model.Image is { } im
                ? new JsonObject
                {
                    ["width"] = im.Width, ["height"] = im.Height, ["channels"] = im.Channels, ["colour"] = Colour(im.Channels),
                    ["resize"] = model.ImagesResized ? ResizeBilinear : ResizeNone,
                }
                : null,
            ["class_names"] = model.ClassNames is { } names ? new JsonArray([.. names.Select(n => (JsonNode)n)]) : null,
            ["unit_labels"] = model.UnitLabels is { } labels
                ? new JsonObject { ["classes"] = labels.Classes, ["labels"] = Ints(labels.Labels), ["votes"] = Ints(labels.Votes) }
                : null,
            ["clusterings"] = new JsonArray([.. model.Clusterings.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name, ["method"] = c.Method, ["k"] = c.K, ["clusters"] = Ints(c.Clusters),
            })]),
            ["options"] = OptionsToJson(model.Options),
        };
        if (checkpoint is not null) header["checkpoint"] = CheckpointToJson(model.Options, checkpoint);
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString(Json));
        if (headerBytes.Length > MaxHeaderV2)
            throw new SomDataException($"{Path.GetFileName(path)}: model header of {headerBytes.Length} bytes: at most {MaxHeaderV2}");
        var file = new byte[16 + headerBytes.Length + payload.Length + TrailerLength];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)headerBytes.Length);
        headerBytes.CopyTo(file, 16);
        payload.CopyTo(file, 16 + headerBytes.Length);
        SHA256.HashData(file.AsSpan(0, file.Length - TrailerLength), file.AsSpan(file.Length - TrailerLength));
        AtomicFile.Write(path, s => s.Write(file));
    }

    private static string Colour(int channels) => channels switch { 1 => "grey", 3 => "rgb", _ => "channels" };

    private static JsonArray Ints(int[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonObject CheckpointToJson(SomOptions options, Checkpoint c) => new()
    {
        ["epoch"] = c.State.Epoch,
        ["sample"] = c.State.Sample,
        ["step"] = c.State.Step(options, c.DataSamples),
        ["order_rng"] = new JsonArray([.. c.State.OrderRng.Select(w => (JsonNode)w.ToString("x16", CultureInfo.InvariantCulture))]),
        ["data_name"] = c.DataName,
        ["data_samples"] = c.DataSamples,
        ["data_sha256"] = c.DataSha256,
        ["initial_quantization_error"] = c.InitialQuantizationError,
        ["init_seconds"] = c.InitSeconds,
        ["seconds_per_epoch"] = new JsonArray([.. c.SecondsPerEpoch.Select(s => (JsonNode)s)]),
        ["engine"] = c.Engine,
    };

    /// <summary>Reads a model file and, when it is a checkpoint, where the run stands (null otherwise).</summary>
    internal static (SomModel Model, Checkpoint? Checkpoint) Read(string path)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new SomDataException($"{name}: model file not found");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new SomDataException($"{name}: not a SomGpu model file (expected the 8-byte magic \"SOMMODEL\")");
        if (bytes.Length < 16)
            throw new SomDataException($"{name}: truncated model file: {bytes.Length} bytes, expected at least 16 before the header");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version is not (1 or 2)) throw new SomDataException($"{name}: model format version {version}: expected 1 or 2");
        int trailer = version == 2 ? TrailerLength : 0;
        if (version == 2)
        {
            if (bytes.Length < 16 + TrailerLength)
                throw new SomDataException($"{name}: truncated model file: {bytes.Length} bytes, expected at least {16 + TrailerLength} in version 2");
            var body = bytes.AsSpan(0, bytes.Length - TrailerLength);
            if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - TrailerLength)))
                throw new SomDataException($"{name}: corrupt or truncated model file: its bytes do not match the SHA-256 at its end");
        }
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int maxHeader = version == 2 ? MaxHeaderV2 : MaxHeaderV1;
        if (headerLength > maxHeader || 16L + headerLength + trailer > bytes.Length)
            throw new SomDataException($"{name}: truncated model file: header of {headerLength} bytes does not fit in {bytes.Length} bytes");

        JsonObject header;
        SomOptions options;
        int features, epochs;
        string sha;
        ImageShape? image = null;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(16, (int)headerLength))!.AsObject();
            CheckDeclared(header, name, version);
            options = header["options"].Deserialize<SomOptions>(Json)
                ?? throw new SomDataException($"{name}: model header has no options");
            features = header["features"]!.GetValue<int>();
            epochs = header["epochs_trained"]?.GetValue<int>() ?? 0;
            sha = header["weights_sha256"]!.GetValue<string>();
            if (header["image"] is JsonObject im)
                image = new ImageShape(im["width"]!.GetValue<int>(), im["height"]!.GetValue<int>(), im["channels"]!.GetValue<int>());
            else if (header["image"] is not null)
                throw new SomDataException($"{name}: corrupt model header: image is not an object or null");
            if (header["width"]!.GetValue<int>() != options.Width || header["height"]!.GetValue<int>() != options.Height)
                throw new SomDataException($"{name}: header map size disagrees with its options");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException or OverflowException)
        {
            throw Corrupt(name, e);
        }
        try
        {
            options.Validate();
        }
        catch (SomOptionException e)
        {
            throw new SomDataException($"{name}: model options are invalid: {e.Message}", e);
        }
        if (features < 1) throw new SomDataException($"{name}: model has {features} features: expected at least 1");
        if (image is { } shape && (shape.Width < 1 || shape.Height < 1 || shape.Channels < 1 || (long)shape.Width * shape.Height * shape.Channels != features))
            throw new SomDataException($"{name}: image shape {shape} does not match {features} features");

        long expected = (long)options.Units * features * sizeof(float);
        long actual = bytes.Length - 16 - headerLength - trailer;
        if (actual < expected)
            throw new SomDataException($"{name}: truncated model file: {actual} bytes of weights, expected {expected} ({options.Width}x{options.Height} units × {features} features × 4)");
        if (actual > expected)
            throw new SomDataException($"{name}: {actual - expected} unexpected bytes after the weights (expected {expected} bytes of weights)");
        var payload = bytes.AsSpan(16 + (int)headerLength, (int)expected);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(payload)), sha, StringComparison.OrdinalIgnoreCase))
            throw new SomDataException($"{name}: corrupt model file: the weights do not match their SHA-256 in the header");
        var weights = new float[options.Units * features];
        for (int i = 0; i < weights.Length; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(i * 4)..]);
        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
                throw new SomDataException($"{name}: weight of unit {i / features}, feature {i % features} is {weights[i]}: expected a finite value");
        }
        var model = new SomModel(options, features, weights, image, epochs);
        if (version == 1) return (model, null);
        try
        {
            return ReadVersion2(header, model);
        }
        catch (SomDataException e)
        {
            throw new SomDataException($"{name}: corrupt model header: {e.Message}", e);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException or OverflowException)
        {
            throw Corrupt(name, e);
        }
    }

    /// <summary>
    /// The fields that say how to read the rest: another format, dtype or layout (or a JSON version that is not the
    /// binary one) is a file this reader would misread, so it is refused rather than loaded as float32.
    /// </summary>
    private static void CheckDeclared(JsonObject header, string name, uint version)
    {
        Expect(header, name, "format", FormatName);
        Expect(header, name, "dtype", DType);
        Expect(header, name, "layout", Layout);
        var declared = header["version"] ?? throw new SomDataException($"{name}: model header has no version: expected {version}, as the file's binary version");
        if (declared.GetValueKind() != JsonValueKind.Number || declared.GetValue<double>() != version)
            throw new SomDataException($"{name}: model header says version {Shown(declared)}: expected {version}, as the file's binary version");
    }

    private static void Expect(JsonObject header, string name, string field, string expected)
    {
        var node = header[field];
        if (node is null)
            throw new SomDataException($"{name}: model header has no {field}: expected \"{expected}\"");
        if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>() != expected)
            throw new SomDataException($"{name}: model header {field} {Shown(node)}: expected \"{expected}\" (this reader reads no other)");
    }

    // A corrupt header can hold anything: the message shows at most 40 characters of it, on one line.
    private static string Shown(JsonNode node)
    {
        string text = node.ToJsonString().ReplaceLineEndings(" ");
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }

    private static SomDataException Corrupt(string name, Exception e) =>
        new($"{name}: corrupt model header ({e.GetType().Name}: {e.Message.Split('\n')[0]})", e);

    private static int[] ReadInts(JsonNode? node, string what)
    {
        var array = node as JsonArray ?? throw new SomDataException($"{what} is not an array");
        var result = new int[array.Count];
        for (int i = 0; i < result.Length; i++) result[i] = array[i]!.GetValue<int>();
        return result;
    }

    private static (SomModel, Checkpoint?) ReadVersion2(JsonObject header, SomModel loaded)
    {
        int units = loaded.Options.Units;
        string[]? classNames = null;
        if (header["class_names"] is JsonArray names) classNames = [.. names.Select(n => n!.GetValue<string>())];
        else if (header["class_names"] is not null) throw new SomDataException("class_names is not an array or null");
        UnitLabels? labels = null;
        if (header["unit_labels"] is JsonObject l)
        {
            int classes = l["classes"]!.GetValue<int>();
            int[] unitLabels = ReadInts(l["labels"], "unit_labels.labels");
            if (unitLabels.Length != units) throw new SomDataException($"unit_labels.labels has {unitLabels.Length} entries: expected {units}");
            labels = new UnitLabels(unitLabels, ReadInts(l["votes"], "unit_labels.votes"), classes);
        }
        else if (header["unit_labels"] is not null) throw new SomDataException("unit_labels is not an object or null");
        bool resized = false;
        if (header["image"] is JsonObject image && image["resize"] is { } resize)
        {
            resized = resize.GetValueKind() == JsonValueKind.String ? resize.GetValue<string>() switch
            {
                ResizeNone => false,
                ResizeBilinear => true,
                _ => throw new SomDataException($"image.resize {Shown(resize)}: expected \"{ResizeNone}\" or \"{ResizeBilinear}\""),
            } : throw new SomDataException($"image.resize {Shown(resize)}: expected \"{ResizeNone}\" or \"{ResizeBilinear}\"");
        }
        var model = new SomModel(loaded.Options, loaded.Features, loaded.Weights, loaded.Image, loaded.EpochsTrained)
        {
            UnitLabels = labels,
            ClassNames = classNames,
            ImagesResized = resized,
        };
        var clusterings = header["clusterings"] as JsonArray ?? throw new SomDataException("clusterings is not an array");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in clusterings)
        {
            var c = node as JsonObject ?? throw new SomDataException("a clustering is not an object");
            var clustering = new UnitClustering(c["name"]!.GetValue<string>(), c["method"]!.GetValue<string>(), c["k"]!.GetValue<int>(), ReadInts(c["clusters"], "clusters"));
            if (!seen.Add(clustering.Name)) throw new SomDataException($"two clusterings are named '{clustering.Name}'");
            model = model.WithClustering(clustering);
        }
        if (header["checkpoint"] is not JsonObject k)
            return header["checkpoint"] is null ? (model, null) : throw new SomDataException("checkpoint is not an object");
        ulong[] rng = [.. (k["order_rng"] as JsonArray ?? throw new SomDataException("checkpoint.order_rng is not an array"))
            .Select(w => ulong.Parse(w!.GetValue<string>(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture))];
        if (rng.Length != 4 || rng.All(w => w == 0)) throw new SomDataException("checkpoint.order_rng: expected four words, not all zero");
        var state = new TrainingState(k["epoch"]!.GetValue<int>(), k["sample"]!.GetValue<int>(), rng);
        int samples = k["data_samples"]!.GetValue<int>();
        var o = loaded.Options;
        if (samples < 1 || state.Epoch < 0 || state.Epoch >= o.Epochs || state.Sample < 0 || state.Sample >= samples
            || (o.Mode == TrainingMode.Batch && state.Sample != 0))
            throw new SomDataException($"checkpoint at epoch {state.Epoch}, sample {state.Sample} does not fit {o.Epochs} {o.Mode.ToString().ToLowerInvariant()} epochs of {samples} samples");
        double[] seconds = [.. (k["seconds_per_epoch"] as JsonArray ?? throw new SomDataException("checkpoint.seconds_per_epoch is not an array")).Select(s => s!.GetValue<double>())];
        if (seconds.Length != state.Epoch) throw new SomDataException($"checkpoint has {seconds.Length} epoch times for {state.Epoch} epochs");
        var checkpoint = new Checkpoint(state, k["data_name"]!.GetValue<string>(), samples, k["data_sha256"]!.GetValue<string>(),
            k["initial_quantization_error"]!.GetValue<double>(), k["init_seconds"]!.GetValue<double>(), seconds, k["engine"]?.GetValue<string>());
        return (model, checkpoint);
    }
}
