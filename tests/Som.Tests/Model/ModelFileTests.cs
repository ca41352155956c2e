using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Som.Tests.Oracle;

namespace Som.Tests.Model;

/// <summary>
/// The .som model file of version 1, built by hand from the layout docs/model-format.md §1 documents (the writer
/// now writes version 2): it loads bit-exactly, and every way such a file can be bad is refused.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly SomOptions Options = new()
    {
        Width = 6,
        Height = 4,
        Topology = Topology.Hexagonal,
        Toroidal = true,
        Neighborhood = NeighborhoodKind.MexicanHat,
        CompactSupport = 2.5,
        Mode = TrainingMode.Online,
        Epochs = 7,
        SigmaStart = 3.3,
        SigmaEnd = 0.7,
        SigmaSchedule = ScheduleKind.Inverse,
        RateStart = 0.9,
        RateEnd = 0.001,
        RateSchedule = ScheduleKind.Linear,
        Metric = DistanceMetric.Cosine,
        Init = InitMethod.Samples,
        Seed = ulong.MaxValue - 12345,
        Threads = 3,
        Adjacency = Adjacency.Six,
    };

    private const int Features = 3;

    private static SomModel Sample()
    {
        float[] w = TestData.UniformCodebook(Options.Units, Features, 77, -1e3, 1e3);
        w[0] = -0f;
        w[1] = float.Epsilon;
        w[2] = float.MaxValue;
        w[3] = 1f / 3;
        return new SomModel(Options, Features, w, new ImageShape(1, 1, 3), epochsTrained: 7);
    }

    private string Saved(string name = "map.som")
    {
        string path = _dir[name];
        File.WriteAllBytes(path, Version1File(Sample()));
        return path;
    }

    /// <summary>A version-1 file of <paramref name="model"/>, byte by byte as docs/model-format.md §1–3 lay it out.</summary>
    internal static byte[] Version1File(SomModel model)
    {
        var payload = new byte[model.Weights.Length * 4];
        for (int i = 0; i < model.Weights.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), model.Weights[i]);
        var o = model.Options;
        string Kebab(object e) => e switch
        {
            NeighborhoodKind.MexicanHat => "mexican-hat",
            _ => e.ToString()!.ToLowerInvariant(),
        };
        var options = new JsonObject
        {
            ["width"] = o.Width, ["height"] = o.Height, ["topology"] = Kebab(o.Topology), ["toroidal"] = o.Toroidal,
            ["grid_metric"] = Kebab(o.GridMetric), ["neighborhood"] = Kebab(o.Neighborhood), ["compact_support"] = o.CompactSupport,
            ["mode"] = Kebab(o.Mode), ["epochs"] = o.Epochs, ["sigma_start"] = o.SigmaStart, ["sigma_end"] = o.SigmaEnd,
            ["sigma_schedule"] = Kebab(o.SigmaSchedule), ["rate_start"] = o.RateStart, ["rate_end"] = o.RateEnd,
            ["rate_schedule"] = Kebab(o.RateSchedule), ["metric"] = Kebab(o.Metric), ["init"] = Kebab(o.Init), ["seed"] = o.Seed,
            ["threads"] = o.Threads, ["adjacency"] = Kebab(o.Adjacency),
        };
        var header = new JsonObject
        {
            ["format"] = "somgpu-model", ["version"] = 1, ["width"] = o.Width, ["height"] = o.Height, ["features"] = model.Features,
            ["dtype"] = "float32-le", ["layout"] = "unit j = y*width + x; feature f at j*features + f",
            ["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(payload)), ["epochs_trained"] = model.EpochsTrained,
            ["image"] = model.Image is { } im ? new JsonObject { ["width"] = im.Width, ["height"] = im.Height, ["channels"] = im.Channels } : null,
            ["options"] = options,
        };
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var file = new byte[16 + json.Length + payload.Length];
        "SOMMODEL"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)json.Length);
        json.CopyTo(file, 16);
        payload.CopyTo(file, 16 + json.Length);
        return file;
    }

    private static int HeaderLength(byte[] bytes) => (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));

    private static SomDataException LoadFails(string path) => Assert.Throws<SomDataException>(() => ModelFile.Load(path));

    [Fact]
    public void Version_1_file_loads_bit_exactly()
    {
        var model = Sample();
        string path = Saved();
        var loaded = ModelFile.Load(path);
        Assert.Equal(Options, loaded.Options);
        Assert.Equal(Features, loaded.Features);
        Assert.Equal(TestData.Bits(model.Weights), TestData.Bits(loaded.Weights));
        Assert.Equal(new ImageShape(1, 1, 3), loaded.Image);
        Assert.Equal(7, loaded.EpochsTrained);
        Assert.Equal(model.Prototype(5).ToArray(), loaded.Prototype(5).ToArray());
        // Defaults (null σ start and rates) survive too.
        var plain = new SomModel(new SomOptions { Width = 2, Height = 3 }, 1, [1, 2, 3, 4, 5, 6]);
        File.WriteAllBytes(_dir["plain.som"], Version1File(plain));
        var back = ModelFile.Load(_dir["plain.som"]);
        Assert.Equal(plain.Options, back.Options);
        Assert.Null(back.Image);
        Assert.Equal([1f, 2, 3, 4, 5, 6], back.Weights);
        Assert.Null(back.UnitLabels);
        Assert.Null(back.ClassNames);
        Assert.Empty(back.Clusterings);
    }

    [Fact]
    public void Layout_is_as_documented()
    {
        var model = Sample();
        string saved = _dir["v2.som"];
        ModelFile.Save(model, saved);
        byte[] file = File.ReadAllBytes(saved);
        // Version 2 is version 1's layout followed by the SHA-256 of every byte before it.
        Assert.Equal(SHA256.HashData(file.AsSpan(0, file.Length - 32)), file[^32..]);
        byte[] bytes = file[..^32];
        Assert.Equal("SOMMODEL"u8.ToArray(), bytes[..8]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        int h = HeaderLength(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(16, h))!.AsObject();
        Assert.Equal(6, header["width"]!.GetValue<int>());
        Assert.Equal(4, header["height"]!.GetValue<int>());
        Assert.Equal(Features, header["features"]!.GetValue<int>());
        Assert.Equal("float32-le", header["dtype"]!.GetValue<string>());
        Assert.Equal("mexican-hat", header["options"]!["neighborhood"]!.GetValue<string>());
        byte[] payload = bytes[(16 + h)..];
        Assert.Equal(model.Weights.Length * 4, payload.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), header["weights_sha256"]!.GetValue<string>());
        for (int i = 0; i < model.Weights.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(model.Weights[i]), BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(i * 4)));
    }

    [Fact]
    public void Truncated_file_is_refused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        int h = HeaderLength(bytes);
        // Inside the payload, at the end of the header, inside the header, inside the 16-byte prefix.
        foreach (int length in new[] { bytes.Length - 1, bytes.Length - 4 * Features, 16 + h, 16 + h / 2, 12 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            var ex = LoadFails(path);
            Assert.StartsWith("map.som: ", ex.Message);
            Assert.Contains("truncated", ex.Message);
        }
    }

    [Fact]
    public void Flipped_payload_byte_fails_the_checksum()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[16 + HeaderLength(bytes) + 13] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        Assert.Equal("map.som: corrupt model file: the weights do not match their SHA-256 in the header", LoadFails(path).Message);
    }

    [Fact]
    public void Bad_magic_is_refused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[3] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        Assert.Contains("not a SomGpu model file", LoadFails(path).Message);
        File.WriteAllText(path, "width,height\n3,4\n");
        Assert.Contains("not a SomGpu model file", LoadFails(path).Message);
        File.WriteAllBytes(path, []);
        Assert.Contains("not a SomGpu model file", LoadFails(path).Message);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        string path = Saved();
        File.AppendAllText(path, "xyz");
        Assert.Equal($"map.som: 3 unexpected bytes after the weights (expected {Options.Units * Features * 4} bytes of weights)", LoadFails(path).Message);
    }

    [Fact]
    public void Other_format_version_is_refused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 3);
        File.WriteAllBytes(path, bytes);
        Assert.Equal("map.som: model format version 3: expected 1 or 2", LoadFails(path).Message);
    }

    [Fact]
    public void Absurd_header_length_is_refused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), uint.MaxValue);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header of 4294967295 bytes does not fit", LoadFails(path).Message);
    }

    [Fact]
    public void Corrupt_json_header_is_refused()
    {
        string path = Saved();
        byte[] bytes = File.ReadAllBytes(path);
        int h = HeaderLength(bytes);
        byte[] broken = (byte[])bytes.Clone();
        broken[16] = (byte)'[';   // "{" becomes "[": not the header's shape
        broken[16 + h - 1] = (byte)'x';
        File.WriteAllBytes(path, broken);
        var ex = LoadFails(path);
        Assert.StartsWith("map.som: corrupt model header (", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    /// <summary>Rewrites the JSON header (keeping the payload) through <paramref name="edit"/>.</summary>
    private void RewriteHeader(string path, Action<JsonObject> edit)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int h = HeaderLength(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(16, h))!.AsObject();
        edit(header);
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[16 + json.Length + bytes.Length - 16 - h];
        bytes.AsSpan(0, 16).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), (uint)json.Length);
        json.CopyTo(result, 16);
        bytes.AsSpan(16 + h).CopyTo(result.AsSpan(16 + json.Length));
        File.WriteAllBytes(path, result);
    }

    [Fact]
    public void Header_fields_that_do_not_make_sense_are_refused()
    {
        string path = Saved();
        RewriteHeader(path, h => h.Remove("features"));
        Assert.StartsWith("map.som: corrupt model header", LoadFails(path).Message);

        path = Saved("b.som");
        RewriteHeader(path, h => h["width"] = 99);
        Assert.Contains("header map size disagrees with its options", LoadFails(path).Message);

        path = Saved("c.som");
        RewriteHeader(path, h => h["options"]!["epochs"] = 0);
        Assert.Contains("model options are invalid: Epochs is 0", LoadFails(path).Message);

        path = Saved("d.som");
        RewriteHeader(path, h => { h["features"] = 2; h["image"] = null; });
        Assert.Contains("unexpected bytes after the weights", LoadFails(path).Message);

        path = Saved("e.som");
        RewriteHeader(path, h => h["weights_sha256"] = new string('0', 64));
        Assert.Contains("do not match their SHA-256", LoadFails(path).Message);

        // Control: an untouched rewrite still loads.
        path = Saved("f.som");
        RewriteHeader(path, _ => { });
        Assert.Equal(Options, ModelFile.Load(path).Options);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        Assert.Equal("nothing.som: model file not found", LoadFails(_dir["nothing.som"]).Message);
    }

    [Fact]
    public void Save_replaces_an_existing_model_and_leaves_no_temporary_file()
    {
        string path = Saved();
        var other = new SomModel(Options, Features, new float[Options.Units * Features]);
        ModelFile.Save(other, path);
        Assert.All(ModelFile.Load(path).Weights, v => Assert.Equal(0f, v));
        Assert.Equal(["map.som"], _dir.Listing());
    }

    [Fact]
    public void A_model_with_non_finite_weights_cannot_be_made()
    {
        var w = new float[Options.Units * Features];
        w[4] = float.NaN;
        Assert.Contains("unit 1, feature 1 is NaN", Assert.Throws<SomDataException>(() => new SomModel(Options, Features, w)).Message);
        Assert.Throws<SomDataException>(() => new SomModel(Options, Features, new float[5]));
        Assert.Throws<SomOptionException>(() => new SomModel(Options with { Epochs = 0 }, Features, new float[Options.Units * Features]));
    }
}
