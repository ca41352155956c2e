using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Som.Tests.Oracle;

namespace Som.Tests.Model;

/// <summary>
/// Model file version 2: unit labels, votes, class names, clusterings and checkpoints round-trip bit-exactly; every
/// truncation and random byte flip is refused with a <see cref="SomDataException"/>; absurd sizes fail before allocating.
/// </summary>
public sealed class ModelFileVersion2Tests : IDisposable
{
    private readonly TempDirectory _dir = new(Som.Tests.Data.CorruptFiles.ScratchRoot);

    public void Dispose() => _dir.Dispose();

    private static readonly SomOptions Options = new() { Width = 3, Height = 2, Epochs = 4, Mode = TrainingMode.Online, Seed = 99 };

    private static SomModel Labelled()
    {
        // 6 units × 2 features as 1 × 2 "images" of 2 channels; 3 classes, unit 4 without votes, a tie on unit 5.
        float[] w = TestData.UniformCodebook(Options.Units, 2, 5, -10, 10);
        w[0] = -0f;
        w[1] = float.Epsilon;
        int[] votes = [5, 0, 1, 0, 2, 0, 0, 0, 7, 1, 1, 1, 0, 0, 0, 3, 3, 0];
        return new SomModel(Options, 2, w, new ImageShape(1, 1, 2), epochsTrained: 4)
        {
            UnitLabels = new UnitLabels([0, 1, 2, 0, -1, 0], votes, 3),
            ClassNames = ["T-shirt/top", "naïve \"quoted\"", "+plus"],
        }.WithClustering(new UnitClustering("kmeans-2", "kmeans", 2, [0, 0, 1, 1, 0, 1]))
         .WithClustering(new UnitClustering("ward", "agglomerative", 3, [2, 1, 0, 0, 1, 2]));
    }

    private static void AssertSame(SomModel a, SomModel b)
    {
        Assert.Equal(a.Options, b.Options);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(TestData.Bits(a.Weights), TestData.Bits(b.Weights));
        Assert.Equal(a.Image, b.Image);
        Assert.Equal(a.EpochsTrained, b.EpochsTrained);
        Assert.Equal(a.UnitLabels?.Labels, b.UnitLabels?.Labels);
        Assert.Equal(a.UnitLabels?.Votes, b.UnitLabels?.Votes);
        Assert.Equal(a.UnitLabels?.Classes, b.UnitLabels?.Classes);
        Assert.Equal(a.ClassNames, b.ClassNames);
        Assert.Equal(a.Clusterings.Select(c => (c.Name, c.Method, c.K, string.Join(',', c.Clusters))),
            b.Clusterings.Select(c => (c.Name, c.Method, c.K, string.Join(',', c.Clusters))));
    }

    [Fact]
    public void Round_trip_keeps_weights_labels_votes_names_and_clusterings()
    {
        var model = Labelled();
        string path = _dir["m.som"];
        ModelFile.Save(model, path);
        var back = ModelFile.Load(path);
        AssertSame(model, back);
        Assert.Equal(2, back.Clusterings.Count);
        Assert.Equal("naïve \"quoted\"", back.ClassNames![1]);
        // Saving what was loaded writes the same bytes.
        ModelFile.Save(back, _dir["again.som"]);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_dir["again.som"]));
        // Header fields as docs/model-format.md documents them.
        byte[] bytes = File.ReadAllBytes(path);
        var header = JsonNode.Parse(bytes.AsSpan(16, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12))))!.AsObject();
        Assert.Equal(2, header["version"]!.GetValue<int>());
        Assert.Equal("channels", header["image"]!["colour"]!.GetValue<string>());
        Assert.Equal(3, header["unit_labels"]!["classes"]!.GetValue<int>());
        Assert.Equal(18, header["unit_labels"]!["votes"]!.AsArray().Count);
        Assert.Equal("ward", header["clusterings"]![1]!["name"]!.GetValue<string>());
        Assert.Null(header["checkpoint"]);
    }

    [Fact]
    public void A_model_without_labels_round_trips_with_nothing_invented()
    {
        var plain = new SomModel(new SomOptions { Width = 1, Height = 1 }, 1, [3.5f], new ImageShape(1, 1, 1));
        string path = _dir["p.som"];
        ModelFile.Save(plain, path);
        var back = ModelFile.Load(path);
        AssertSame(plain, back);
        Assert.Null(back.UnitLabels);
        Assert.Null(back.ClassNames);
        Assert.Empty(back.Clusterings);
        Assert.Contains("\"colour\": \"grey\"", Encoding.UTF8.GetString(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_clustering_of_the_same_name_replaces_the_old_one_and_a_wrong_size_is_refused()
    {
        var model = Labelled().WithClustering(new UnitClustering("ward", "agglomerative", 2, [1, 1, 0, 0, 1, 0]));
        Assert.Equal(["kmeans-2", "ward"], model.Clusterings.Select(c => c.Name));
        Assert.Equal(2, model.Clusterings[1].K);
        var ex = Assert.Throws<SomDataException>(() => model.WithClustering(new UnitClustering("x", "kmeans", 2, [0, 1, 0])));
        Assert.Equal("clustering 'x' has 3 units: expected 6 (3x2)", ex.Message);
        Assert.Contains("cluster 2 of unit 1: expected 0 … 1", Assert.Throws<SomDataException>(() => new UnitClustering("y", "kmeans", 2, [0, 2])).Message);
        Assert.Contains("label 3 of unit 0", Assert.Throws<SomDataException>(() => new UnitLabels([3], [0, 0, 0], 3)).Message);
        Assert.Contains("2 unit votes for 1 units × 3 classes", Assert.Throws<SomDataException>(() => new UnitLabels([0], [0, 0], 3)).Message);
        Assert.Throws<SomDataException>(() => new SomModel(Options, 2, new float[12]) { UnitLabels = new UnitLabels([0], [1], 1) });
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_one_line_data_error()
    {
        string path = _dir["m.som"];
        ModelFile.Save(Labelled(), path);
        byte[] bytes = File.ReadAllBytes(path);
        string cut = _dir["cut.som"];
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var ex = Assert.Throws<SomDataException>(() => ModelFile.Load(cut));
            Assert.StartsWith("cut.som: ", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
        }
    }

    [Fact]
    public void Random_byte_flips_are_refused_never_another_exception()
    {
        string path = _dir["m.som"];
        var model = Labelled();
        ModelFile.Save(model, path);
        byte[] bytes = File.ReadAllBytes(path);
        var rng = new Random(20261201);
        string bad = _dir["flip.som"];
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] copy = (byte[])bytes.Clone();
            int at = rng.Next(copy.Length);
            copy[at] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(bad, copy);
            var ex = Assert.Throws<SomDataException>(() => ModelFile.Load(bad));
            Assert.DoesNotContain('\n', ex.Message);
        }
    }

    /// <summary>A version-2 file with <paramref name="edit"/> applied to the header of <paramref name="model"/> and a valid trailer.</summary>
    private static byte[] Edited(SomModel model, Action<JsonObject> edit, string dir, int? payloadBytes = null)
    {
        string path = Path.Combine(dir, "src.som");
        ModelFile.Save(model, path);
        byte[] bytes = File.ReadAllBytes(path);
        int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var header = JsonNode.Parse(bytes.AsSpan(16, h))!.AsObject();
        edit(header);
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        byte[] payload = bytes[(16 + h)..^32];
        if (payloadBytes is { } n) payload = new byte[n];
        header["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(payload));
        json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var file = new byte[16 + json.Length + payload.Length + 32];
        bytes.AsSpan(0, 16).CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)json.Length);
        json.CopyTo(file, 16);
        payload.CopyTo(file, 16 + json.Length);
        SHA256.HashData(file.AsSpan(0, file.Length - 32), file.AsSpan(file.Length - 32));
        return file;
    }

    private SomDataException Refused(byte[] file)
    {
        string path = _dir.Write("crafted.som", file);
        return Assert.Throws<SomDataException>(() => ModelFile.Load(path));
    }

    [Fact]
    public void A_well_formed_file_with_impossible_contents_is_refused_before_allocating()
    {
        var model = Labelled();
        // Control: the crafting itself yields a file that loads.
        AssertSame(model, ModelFile.Load(_dir.Write("control.som", Edited(model, _ => { }, _dir.Path))));

        // 10^12 units: the options refuse it.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Refused(Edited(model, h =>
        {
            h["width"] = 1_000_000; h["height"] = 1_000_000;
            h["options"]!["width"] = 1_000_000; h["options"]!["height"] = 1_000_000;
        }, _dir.Path));
        Assert.Contains("at most 4194304 units", ex.Message);
        // 2^22 units × 2^20 features claim 16 TiB of weights in a file of a few kB: refused as truncated.
        ex = Refused(Edited(model, h =>
        {
            h["width"] = 2048; h["height"] = 2048; h["features"] = 1 << 20; h["image"] = null;
            h["options"]!["width"] = 2048; h["options"]!["height"] = 2048;
        }, _dir.Path));
        Assert.Contains("truncated model file", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "an absurd size was allocated before it was refused");

        Assert.Contains("unit_labels.labels has 2 entries: expected 6",
            Refused(Edited(model, h => h["unit_labels"]!["labels"] = new JsonArray(0, 1), _dir.Path)).Message);
        Assert.Contains("label 7 of unit 0", Refused(Edited(model, h => h["unit_labels"]!["labels"]![0] = 7, _dir.Path)).Message);
        Assert.Contains("vote count -1", Refused(Edited(model, h => h["unit_labels"]!["votes"]![3] = -1, _dir.Path)).Message);
        Assert.Contains("two clusterings are named 'ward'", Refused(Edited(model, h => h["clusterings"]![0]!["name"] = "ward", _dir.Path)).Message);
        Assert.Contains("clusterings is not an array", Refused(Edited(model, h => h["clusterings"] = 3, _dir.Path)).Message);
        Assert.Contains("corrupt model header", Refused(Edited(model, h => h["class_names"] = new JsonArray(1, 2), _dir.Path)).Message);
        Assert.Contains("image shape 1x1x3 does not match 2 features",
            Refused(Edited(model, h => h["image"]!["channels"] = 3, _dir.Path)).Message);
        Assert.Contains("weight of unit 0, feature 0 is NaN",
            Refused(Edited(model, _ => { }, _dir.Path, payloadBytes: 48) is var f ? Nan(f) : f).Message);
    }

    /// <summary>Writes a NaN into the first weight and repairs the weight hash and the trailer.</summary>
    private static byte[] Nan(byte[] file)
    {
        int h = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        var header = JsonNode.Parse(file.AsSpan(16, h))!.AsObject();
        byte[] payload = file[(16 + h)..^32];
        BinaryPrimitives.WriteSingleLittleEndian(payload, float.NaN);
        header["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(payload));
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[16 + json.Length + payload.Length + 32];
        file.AsSpan(0, 16).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), (uint)json.Length);
        json.CopyTo(result, 16);
        payload.CopyTo(result, 16 + json.Length);
        SHA256.HashData(result.AsSpan(0, result.Length - 32), result.AsSpan(result.Length - 32));
        return result;
    }

    [Fact]
    public void A_checkpoint_round_trips_its_state_and_a_plain_model_is_not_a_checkpoint()
    {
        var model = Labelled();
        var state = new TrainingState(2, 17, [ulong.MaxValue, 1, 0x0123456789ABCDEF, 0]);
        var checkpoint = new Checkpoint(state, "data.csv", 31, new string('a', 64), 1.25, 0.5, [0.1, 1.0 / 3]);
        string path = _dir["checkpoint.som"];
        ModelFile.SaveCheckpoint(model, checkpoint, path);
        var (back, c) = ModelFile.LoadCheckpoint(path);
        AssertSame(model, back);
        Assert.Equal(state.Epoch, c.State.Epoch);
        Assert.Equal(state.Sample, c.State.Sample);
        Assert.Equal(state.OrderRng, c.State.OrderRng);
        Assert.Equal(("data.csv", 31, new string('a', 64), 1.25, 0.5), (c.DataName, c.DataSamples, c.DataSha256, c.InitialQuantizationError, c.InitSeconds));
        Assert.Equal([0.1, 1.0 / 3], c.SecondsPerEpoch);
        // A checkpoint is also a model.
        AssertSame(model, ModelFile.Load(path));
        ModelFile.Save(model, _dir["model.som"]);
        Assert.Equal("model.som: a model file, not a checkpoint (it has no checkpoint in its header)",
            Assert.Throws<SomDataException>(() => ModelFile.LoadCheckpoint(_dir["model.som"])).Message);
        // A state past the run's end or a zero generator is refused.
        ModelFile.SaveCheckpoint(model, checkpoint with { State = state with { Epoch = 4 } }, path);
        Assert.Contains("does not fit 4 online epochs", Assert.Throws<SomDataException>(() => ModelFile.LoadCheckpoint(path)).Message);
        ModelFile.SaveCheckpoint(model, checkpoint with { State = state with { OrderRng = [0, 0, 0, 0] } }, path);
        Assert.Contains("order_rng", Assert.Throws<SomDataException>(() => ModelFile.LoadCheckpoint(path)).Message);
    }
}
