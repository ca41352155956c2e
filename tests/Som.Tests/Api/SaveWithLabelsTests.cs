namespace Som.Tests.Api;

/// <summary><see cref="SelfOrganizingMap.SaveWithLabels"/>: the unit labels, votes and class names worked out by hand.</summary>
public sealed class SaveWithLabelsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Labels_and_votes_of_a_hand_built_map_are_saved_and_the_map_still_loads()
    {
        // A 4 × 1 map of 1-D prototypes 0, 10, 20, 30. Samples 1, 2, 9 (classes 0, 1, 1) win units 0, 0, 1; 21 and
        // 19 (class 2, 2) unit 2; nothing wins unit 3, which takes its nearest voted unit's label (unit 2: class 2).
        // Unit 0 has a tie (one vote each for classes 0 and 1): the lowest class wins.
        using var map = new SelfOrganizingMap(new SomOptions { Width = 4, Height = 1 }, features: 1);
        map.SetWeights([0, 10, 20, 30]);
        var data = new SampleMatrix([1f, 2f, 9f, 21f, 19f], 5, 1);
        string path = _dir["m.som"];
        map.SaveWithLabels(path, data, [0, 1, 1, 2, 2], ["zero", "one", "two", "three"]);

        var model = ModelFile.Load(path);
        var labels = Assert.IsType<UnitLabels>(model.UnitLabels);
        Assert.Equal(4, labels.Classes);   // the names count four classes though only three occur
        Assert.Equal([0, 1, 2, 2], labels.Labels);
        Assert.Equal([1, 1, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 2, 0, /**/ 0, 0, 0, 0], labels.Votes);
        Assert.Equal(["zero", "one", "two", "three"], model.ClassNames);
        Assert.Equal([0f, 10, 20, 30], model.Weights);

        using var back = SelfOrganizingMap.Load(path);
        Assert.Equal([0f, 10, 20, 30], back.GetWeights());
        Assert.Throws<SomDataException>(() => map.SaveWithLabels(_dir["bad.som"], data, [0, 1], null));
        Assert.False(File.Exists(_dir["bad.som"]));
    }
}
