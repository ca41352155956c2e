using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Som;

/// <summary>
/// The model file (<c>.som</c>): readable by other tools, loads back bit-exactly, written atomically.
/// <code>
/// offset 0   8 bytes   ASCII "SOMMODEL"
/// offset 8   uint32 LE format version (1)
/// offset 12  uint32 LE header length L
/// offset 16  L bytes   UTF-8 JSON header: width, height, features, dtype "float32-le", layout,
///                      weights_sha256 (hex of the payload), epochs_trained, image, options
/// offset 16+L          M·D float32 little-endian: unit j = y·W + x, feature f at j·D + f
/// </code>
/// In NumPy: <c>h = int.from_bytes(b[12:16], 'little'); w = np.frombuffer(b, '&lt;f4', offset=16 + h)</c>.
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "SOMMODEL"u8.ToArray();
    private const uint Version = 1;
    private const int MaxHeader = 1 << 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
    };

    /// <summary>Serialises options as the model file and metrics.json spell them.</summary>
    internal static JsonNode OptionsToJson(SomOptions options) => JsonSerializer.SerializeToNode(options, Json)!;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(SomModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var payload = new byte[model.Weights.Length * sizeof(float)];
        for (int i = 0; i < model.Weights.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), model.Weights[i]);
        var header = new JsonObject
        {
            ["format"] = "somgpu-model",
            ["version"] = Version,
            ["width"] = model.Options.Width,
            ["height"] = model.Options.Height,
            ["features"] = model.Features,
            ["dtype"] = "float32-le",
            ["layout"] = "unit j = y*width + x; feature f at j*features + f",
            ["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(payload)),
            ["epochs_trained"] = model.EpochsTrained,
            ["image"] = model.Image is { } im ? new JsonObject { ["width"] = im.Width, ["height"] = im.Height, ["channels"] = im.Channels } : null,
            ["options"] = OptionsToJson(model.Options),
        };
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString(Json));
        AtomicFile.Write(path, s =>
        {
            Span<byte> prefix = stackalloc byte[16];
            Magic.CopyTo(prefix);
            BinaryPrimitives.WriteUInt32LittleEndian(prefix[8..], Version);
            BinaryPrimitives.WriteUInt32LittleEndian(prefix[12..], (uint)headerBytes.Length);
            s.Write(prefix);
            s.Write(headerBytes);
            s.Write(payload);
        });
    }

    /// <summary>Reads a model; a corrupt, truncated or foreign file is a <see cref="SomDataException"/> naming it.</summary>
    public static SomModel Load(string path)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new SomDataException($"{name}: model file not found");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new SomDataException($"{name}: not a SomGpu model file (expected the 8-byte magic \"SOMMODEL\")");
        if (bytes.Length < 16)
            throw new SomDataException($"{name}: truncated model file: {bytes.Length} bytes, expected at least 16 before the header");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version) throw new SomDataException($"{name}: model format version {version}: expected {Version}");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        if (headerLength > MaxHeader || 16 + headerLength > bytes.Length)
            throw new SomDataException($"{name}: truncated model file: header of {headerLength} bytes does not fit in {bytes.Length} bytes");

        JsonObject header;
        SomOptions options;
        int features, epochs;
        string sha;
        ImageShape? image = null;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(16, (int)headerLength))!.AsObject();
            options = header["options"].Deserialize<SomOptions>(Json)
                ?? throw new SomDataException($"{name}: model header has no options");
            features = header["features"]!.GetValue<int>();
            epochs = header["epochs_trained"]?.GetValue<int>() ?? 0;
            sha = header["weights_sha256"]!.GetValue<string>();
            if (header["image"] is JsonObject im)
                image = new ImageShape(im["width"]!.GetValue<int>(), im["height"]!.GetValue<int>(), im["channels"]!.GetValue<int>());
            if (header["width"]!.GetValue<int>() != options.Width || header["height"]!.GetValue<int>() != options.Height)
                throw new SomDataException($"{name}: header map size disagrees with its options");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new SomDataException($"{name}: corrupt model header ({e.GetType().Name}: {e.Message.Split('\n')[0]})", e);
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

        long expected = (long)options.Units * features * sizeof(float);
        long actual = bytes.Length - 16 - headerLength;
        if (actual < expected)
            throw new SomDataException($"{name}: truncated model file: {actual} bytes of weights, expected {expected} ({options.Width}x{options.Height} units × {features} features × 4)");
        if (actual > expected)
            throw new SomDataException($"{name}: {actual - expected} unexpected bytes after the weights (expected {expected} bytes of weights)");
        var payload = bytes.AsSpan(16 + (int)headerLength);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(payload)), sha, StringComparison.OrdinalIgnoreCase))
            throw new SomDataException($"{name}: corrupt model file: the weights do not match their SHA-256 in the header");
        var weights = new float[options.Units * features];
        for (int i = 0; i < weights.Length; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(i * 4)..]);
        return new SomModel(options, features, weights, image, epochs);
    }
}
