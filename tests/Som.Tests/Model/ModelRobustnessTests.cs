using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Som.Tests.Data;
using Som.Tests.Oracle;

namespace Som.Tests.Model;

/// <summary>
/// Model files of versions 1 and 2 and checkpoints on damaged bytes (<see cref="CorruptFiles"/>): every truncation
/// and a few thousand seeded flips, insertions and deletions. A version-2 file's SHA-256 refuses every change, so
/// its header is also mutated and resealed (the trailer recomputed) to reach the JSON checks behind the hash. A
/// damaged file that still loads must be valid by the format's rules: its weights are the bytes after its header,
/// and it saves and loads back as itself.
/// </summary>
public sealed class ModelRobustnessTests : IDisposable
{
    private readonly TempDirectory _dir = new(CorruptFiles.ScratchRoot);

    public void Dispose() => _dir.Dispose();

    private const int Mutations = 2000;

    // File bytes, the JSON tree of the header and the option parsing: a generous multiple of the file.
    private static long Bound(long length) => (4 << 20) + 256 * length;

    private static readonly SomOptions Options = new() { Width = 3, Height = 2, Epochs = 4, Mode = TrainingMode.Online, Seed = 99, Topology = Topology.Hexagonal };

    private static SomModel Labelled()
    {
        float[] w = TestData.UniformCodebook(Options.Units, 2, 5, -10, 10);
        return new SomModel(Options, 2, w, new ImageShape(1, 2, 1), epochsTrained: 4)
        {
            UnitLabels = new UnitLabels([0, 1, 2, 0, -1, 0], [5, 0, 1, 0, 2, 0, 0, 0, 7, 1, 1, 1, 0, 0, 0, 3, 3, 0], 3),
            ClassNames = ["a", "b", "c"],
        }.WithClustering(new UnitClustering("kmeans-2", "kmeans", 2, [0, 0, 1, 1, 0, 1]));
    }

    private static Checkpoint SampleCheckpoint() =>
        new(new TrainingState(2, 5, [7, 1, 0x0123456789ABCDEF, 0]), "data.csv", 31, new string('a', 64), 1.25, 0.5, [0.1, 0.2]);

    private byte[] Version2(bool checkpoint)
    {
        string path = _dir["source.som"];
        if (checkpoint) ModelFile.SaveCheckpoint(Labelled(), SampleCheckpoint(), path);
        else ModelFile.Save(Labelled(), path);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Version_1_loads_a_valid_model_or_fails_with_a_data_error()
    {
        byte[] valid = ModelFileTests.Version1File(Labelled());
        var cases = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, Mutations, 90))
            .Concat(HeaderMutations(valid, version: 1, Mutations, 91))
            .Prepend(new CorruptFiles.Case(valid, "unchanged"));
        var (loaded, refused) = CorruptFiles.Run(_dir["v1.som"], cases, ModelFile.Read, CheckModel, Bound);
        // Version 1 has no trailer: some header edits (a digit of epochs_trained, an added space) still load.
        Assert.True(loaded > 1 && refused > valid.Length, $"{loaded} loaded, {refused} refused");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Version_2_and_checkpoints_refuse_every_change_and_survive_resealed_header_damage(bool checkpoint)
    {
        byte[] valid = Version2(checkpoint);
        string path = _dir[checkpoint ? "checkpoint.som" : "v2.som"];
        // Raw damage: the trailing SHA-256 refuses all of it.
        var raw = CorruptFiles.Truncations(valid).Concat(CorruptFiles.Mutations(valid, Mutations, checkpoint ? 93 : 92));
        var (loaded, refused) = CorruptFiles.Run(path, raw, ModelFile.Read, (m, b, what) => Assert.Fail($"{what}: a changed version-2 file loaded"), Bound);
        Assert.Equal(0, loaded);
        // Resealed header damage reaches the JSON checks; what loads must be a valid model (and checkpoint).
        (loaded, refused) = CorruptFiles.Run(path, HeaderMutations(valid, version: 2, Mutations, checkpoint ? 95 : 94).Prepend(new CorruptFiles.Case(valid, "unchanged")),
            ModelFile.Read, CheckModel, Bound);
        Assert.True(loaded > 1 && refused > 100, $"{loaded} loaded, {refused} refused");
    }

    [Fact]
    public void The_unchanged_files_load_as_saved()
    {
        var model = Labelled();
        string v2 = _dir.Write("m.som", Version2(checkpoint: false));
        Assert.Equal(TestData.Bits(model.Weights), TestData.Bits(ModelFile.Load(v2).Weights));
        var (back, c) = ModelFile.LoadCheckpoint(_dir.Write("c.som", Version2(checkpoint: true)));
        Assert.Equal(TestData.Bits(model.Weights), TestData.Bits(back.Weights));
        Assert.Equal((2, 5), (c.State.Epoch, c.State.Sample));
        var v1 = ModelFile.Load(_dir.Write("v1.som", ModelFileTests.Version1File(model)));
        Assert.Equal(TestData.Bits(model.Weights), TestData.Bits(v1.Weights));
    }

    /// <summary>
    /// Mutations of the JSON header only, each rebuilt into a well-framed file: the header length field fits the new
    /// header and, in version 2, the trailer is the SHA-256 of the new bytes.
    /// </summary>
    private static IEnumerable<CorruptFiles.Case> HeaderMutations(byte[] file, int version, int count, int seed)
    {
        int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        byte[] json = file[16..(16 + h)];
        byte[] payload = file[(16 + h)..(version == 2 ? ^32 : ^0)];
        foreach (var c in CorruptFiles.Mutations(json, count, seed, headerBias: json.Length))
        {
            var rebuilt = new byte[16 + c.Bytes.Length + payload.Length + (version == 2 ? 32 : 0)];
            file.AsSpan(0, 12).CopyTo(rebuilt);
            BinaryPrimitives.WriteUInt32LittleEndian(rebuilt.AsSpan(12), (uint)c.Bytes.Length);
            c.Bytes.CopyTo(rebuilt, 16);
            payload.CopyTo(rebuilt, 16 + c.Bytes.Length);
            if (version == 2) SHA256.HashData(rebuilt.AsSpan(0, rebuilt.Length - 32), rebuilt.AsSpan(rebuilt.Length - 32));
            yield return new CorruptFiles.Case(rebuilt, "header " + c.What);
        }
    }

    /// <summary>A model that loaded from <paramref name="file"/> is valid by the format's rules (docs/model-format.md §1–§3, §7).</summary>
    private void CheckModel((SomModel Model, Checkpoint? Checkpoint) loaded, byte[] file, string what)
    {
        var (model, checkpoint) = loaded;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        byte[] payload = file[(16 + h)..(version == 2 ? ^32 : ^0)];
        Assert.True(payload.Length == 4L * model.Options.Units * model.Features, $"{what}: {payload.Length} weight bytes for {model.Options.Units} × {model.Features}");
        var weights = new float[payload.Length / 4];
        for (int i = 0; i < weights.Length; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(4 * i));
        Assert.Equal(TestData.Bits(weights), TestData.Bits(model.Weights));
        Assert.All(model.Weights, w => Assert.True(float.IsFinite(w)));
        var header = JsonNode.Parse(file.AsSpan(16, h))!.AsObject();
        Assert.Equal("float32-le", header["dtype"]!.GetValue<string>());
        Assert.Equal("somgpu-model", header["format"]!.GetValue<string>());
        if (model.Image is { } image) Assert.Equal(model.Features, image.Width * image.Height * image.Channels);
        if (checkpoint is not null)
        {
            Assert.InRange(checkpoint.State.Epoch, 0, model.Options.Epochs - 1);
            Assert.InRange(checkpoint.State.Sample, 0, checkpoint.DataSamples - 1);
        }

        // It saves and loads back as itself.
        string again = _dir["again.som"];
        if (checkpoint is null) ModelFile.Save(model, again);
        else ModelFile.SaveCheckpoint(model, checkpoint, again);
        var (back, backCheckpoint) = ModelFile.Read(again);
        Assert.Equal(model.Options, back.Options);
        Assert.Equal(TestData.Bits(model.Weights), TestData.Bits(back.Weights));
        Assert.Equal(model.Image, back.Image);
        Assert.Equal(model.UnitLabels?.Votes, back.UnitLabels?.Votes);
        Assert.Equal(model.Clusterings.Select(c => c.Name), back.Clusterings.Select(c => c.Name));
        Assert.Equal(checkpoint?.State.OrderRng, backCheckpoint?.State.OrderRng);
    }

    [Fact]
    public void A_version_1_file_of_another_dtype_format_or_layout_is_refused()
    {
        var model = Labelled();
        SomDataException Refused(Action<JsonObject> edit)
        {
            byte[] file = ModelFileTests.Version1File(model);
            int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
            var header = JsonNode.Parse(file.AsSpan(16, h))!.AsObject();
            edit(header);
            byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
            var rebuilt = new byte[16 + json.Length + file.Length - 16 - h];
            file.AsSpan(0, 16).CopyTo(rebuilt);
            BinaryPrimitives.WriteUInt32LittleEndian(rebuilt.AsSpan(12), (uint)json.Length);
            json.CopyTo(rebuilt, 16);
            file.AsSpan(16 + h).CopyTo(rebuilt.AsSpan(16 + json.Length));
            string path = _dir.Write("edited.som", rebuilt);
            var ex = Assert.Throws<SomDataException>(() => ModelFile.Load(path));
            Assert.StartsWith("edited.som: ", ex.Message);
            return ex;
        }
        Assert.Contains("model header dtype \"float64-le\": expected \"float32-le\"", Refused(h => h["dtype"] = "float64-le").Message);
        Assert.Contains("model header dtype \"float32-be\": expected \"float32-le\"", Refused(h => h["dtype"] = "float32-be").Message);
        Assert.Contains("model header has no dtype", Refused(h => h.Remove("dtype")).Message);
        Assert.Contains("model header format \"other-model\": expected \"somgpu-model\"", Refused(h => h["format"] = "other-model").Message);
        Assert.Contains("model header layout \"feature-major\"", Refused(h => h["layout"] = "feature-major").Message);
        Assert.Contains("model header says version 2: expected 1, as the file's binary version", Refused(h => h["version"] = 2).Message);
        Assert.Contains("model header dtype 32: expected", Refused(h => h["dtype"] = 32).Message);
    }

    [Fact]
    public void A_parser_excerpt_with_a_line_break_still_gives_a_one_line_error()
    {
        // Found by the mutations: the JSON reader quotes the bad token, and a damaged header's token can hold CR or LF.
        byte[] file = ModelFileTests.Version1File(Labelled());
        int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        byte[] json = Encoding.UTF8.GetBytes("{\"format\": f\r\nu  \u2028 7}");
        var rebuilt = new byte[16 + json.Length + file.Length - 16 - h];
        file.AsSpan(0, 16).CopyTo(rebuilt);
        BinaryPrimitives.WriteUInt32LittleEndian(rebuilt.AsSpan(12), (uint)json.Length);
        json.CopyTo(rebuilt, 16);
        file.AsSpan(16 + h).CopyTo(rebuilt.AsSpan(16 + json.Length));
        var ex = Assert.Throws<SomDataException>(() => ModelFile.Load(_dir.Write("breaks.som", rebuilt)));
        Assert.StartsWith("breaks.som: corrupt model header", ex.Message);
        Assert.True(ex.Message.IndexOfAny(['\n', '\r', '\u2028']) < 0, ex.Message);
        Assert.Equal("a b c d", new SomDataException("a\r\nb\nc\rd").Message);
    }
}
