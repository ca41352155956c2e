namespace Som.Tests.Api;

/// <summary>Every entry point refuses bad input, a map without weights and a disposed map with a one-line error.</summary>
public class GuardTests
{
    private static readonly SampleMatrix ThreeFeatures = new([0f, 1f, 2f, 3f, 4f, 5f], 2, 3);

    private static SelfOrganizingMap Trained()
    {
        var map = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2, Epochs = 2 }, 3);
        map.Train(ThreeFeatures);
        return map;
    }

    [Fact]
    public void Bad_options_and_feature_counts_are_rejected_at_construction()
    {
        var option = Assert.Throws<SomOptionException>(() => new SelfOrganizingMap(new SomOptions { Width = 0 }, 3));
        Assert.DoesNotContain('\n', option.Message); // the options' own one-line error, whatever it names
        var data = Assert.Throws<SomDataException>(() => new SelfOrganizingMap(new SomOptions(), 0));
        Assert.Equal("map has 0 features: expected at least 1", data.Message);
    }

    [Fact]
    public void Wrong_feature_count_is_rejected_naming_both_counts()
    {
        using var map = Trained();
        var two = new SampleMatrix([0f, 1f], 1, 2);
        Assert.Equal("sample has 2 features: expected 3, as the map was built for", Assert.Throws<SomDataException>(() => map.Winner([0f, 1f])).Message);
        foreach (Action call in new Action[]
        {
            () => map.Train(two), () => map.Initialize(two), () => map.Winners(two), () => map.QuantizationError(two),
            () => map.TopographicError(two), () => map.ActivationResponse(two), () => map.LabelsMap(two, [0]),
            () => map.MajorityLabels(two, [0]),
        })
        {
            Assert.Equal("data has 2 features per sample: expected 3, as the map was built for", Assert.Throws<SomDataException>(call).Message);
        }
    }

    [Fact]
    public void Non_finite_sample_is_rejected_naming_the_feature()
    {
        using var map = Trained();
        var ex = Assert.Throws<SomDataException>(() => map.Winner([0f, float.NaN, 1f]));
        Assert.Contains("feature 1 is NaN", ex.Message);
    }

    [Fact]
    public void Bad_weights_and_labels_are_rejected()
    {
        using var map = Trained();
        Assert.Contains("codebook has 3 weights: expected 4 units × 3 features = 12", Assert.Throws<SomDataException>(() => map.SetWeights([1f, 2f, 3f])).Message);
        Assert.Equal("labels has 1 entries: expected 2, one per sample", Assert.Throws<SomDataException>(() => map.LabelsMap(ThreeFeatures, [0])).Message);
        Assert.Equal("label of sample 1 is -2: expected a label ≥ 0", Assert.Throws<SomDataException>(() => map.MajorityLabels(ThreeFeatures, [0, -2])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Position(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Unit(2, 0));
    }

    [Fact]
    public void A_map_without_weights_says_so()
    {
        using var dir = new TempDirectory();
        using var map = new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2 }, 3);
        Assert.False(map.HasWeights);
        foreach (Action call in new Action[]
        {
            () => map.Winner([0f, 1f, 2f]), () => map.Winners(ThreeFeatures), () => map.QuantizationError(ThreeFeatures),
            () => map.TopographicError(ThreeFeatures), () => map.DistanceMap(), () => map.ActivationResponse(ThreeFeatures),
            () => map.LabelsMap(ThreeFeatures, [0, 1]), () => map.MajorityLabels(ThreeFeatures, [0, 1]), () => map.GetWeights(),
            () => map.Save(dir["never.som"]),
        })
        {
            Assert.Equal("the map has no weights yet: call Train, Initialize or SetWeights first",
                Assert.Throws<InvalidOperationException>(call).Message);
        }
        Assert.False(File.Exists(dir["never.som"]));
        map.Initialize(ThreeFeatures);
        Assert.True(map.HasWeights);
        Assert.Equal(0, map.EpochsTrained);
        Assert.InRange(map.Winner([0f, 1f, 2f]), 0, 3);
    }

    [Fact]
    public void A_disposed_map_throws_object_disposed()
    {
        using var dir = new TempDirectory();
        var map = Trained();
        map.Dispose();
        map.Dispose(); // twice is harmless
        foreach (Action call in new Action[]
        {
            () => map.Train(ThreeFeatures), () => map.Initialize(ThreeFeatures), () => map.SetWeights(new float[12]),
            () => map.Winner([0f, 1f, 2f]), () => map.Winners(ThreeFeatures), () => map.QuantizationError(ThreeFeatures),
            () => map.TopographicError(ThreeFeatures), () => map.Measure(ThreeFeatures), () => map.DistanceMap(),
            () => map.ActivationResponse(ThreeFeatures), () => map.LabelsMap(ThreeFeatures, [0, 1]),
            () => map.MajorityLabels(ThreeFeatures, [0, 1]), () => map.GetWeights(), () => map.Save(dir["gone.som"]),
            () => _ = map.DeviceName,
        })
        {
            Assert.Throws<ObjectDisposedException>(call);
        }
    }

    [Fact]
    public void Loading_a_missing_or_foreign_file_names_it()
    {
        using var dir = new TempDirectory();
        Assert.Equal("absent.som: model file not found", Assert.Throws<SomDataException>(() => SelfOrganizingMap.Load(dir["absent.som"])).Message);
        string foreign = dir.WriteText("notes.som", "hello, not a model");
        Assert.Contains("not a SomGpu model file", Assert.Throws<SomDataException>(() => SelfOrganizingMap.Load(foreign)).Message);
    }

    [Fact]
    public void A_device_whose_engine_does_not_fit_the_map_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SelfOrganizingMap(new SomOptions { Width = 2, Height = 2 }, 3, new WrongSizeDevice()));
        Assert.Equal("device wrong-size made an engine of 4 units × 4 features: expected 4 × 3", ex.Message);
    }

    /// <summary>A device that ignores the feature count it is asked for.</summary>
    private sealed class WrongSizeDevice : SomDevice
    {
        public override string Name => "wrong-size";

        public override ISomEngine CreateEngine(SomOptions options, int features) => SomDevice.Cpu.CreateEngine(options, features + 1);
    }
}
