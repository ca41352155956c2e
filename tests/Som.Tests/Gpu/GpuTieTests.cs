using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>Hand-built maps whose answers are exact: the tie rule and the zero-norm conventions, on both engines.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuTieTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Cosine)]
    public void Equal_distances_go_to_the_lowest_unit_index_for_first_and_second(DistanceMetric metric)
    {
        // Units 1, 4 and 36 are the same vector (36 lies in the second 32-unit tile); sample 0 equals it.
        var options = new SomOptions { Width = 40, Height = 1, Metric = metric };
        var weights = new float[40 * 2];
        for (int j = 0; j < 40; j++) (weights[2 * j], weights[2 * j + 1]) = (10 + j, -3 - j);
        foreach (int j in new[] { 1, 4, 36 }) (weights[2 * j], weights[2 * j + 1]) = (0.5f, 2f);
        var data = new SampleMatrix([0.5f, 2f, 0.5f, 2f], 2, 2);
        foreach (var engine in Engines(options, 2))
        {
            using (engine)
            {
                engine.SetWeights(weights);
                int[] first = new int[2], second = new int[2];
                engine.FindBmus(data, first, second);
                Assert.Equal([1, 1], first);
                Assert.Equal([4, 4], second);
            }
        }
    }

    [Fact]
    public void A_one_unit_map_has_no_second_bmu()
    {
        var options = new SomOptions { Width = 1, Height = 1 };
        var data = GpuTestData.Samples(33, 3, DistanceMetric.Euclidean, 3);
        foreach (var engine in Engines(options, 3))
        {
            using (engine)
            {
                engine.SetWeights([1f, 2f, 3f]);
                int[] first = new int[33], second = new int[33];
                engine.FindBmus(data, first, second);
                Assert.All(first, b => Assert.Equal(0, b));
                Assert.All(second, b => Assert.Equal(-1, b));
            }
        }
    }

    [Fact]
    public void Cosine_distance_to_or_from_a_zero_vector_is_one()
    {
        // Sample 0 is zero: every unit is at distance 1, so units 0 and 1 win. Unit 0 is zero: at distance 1 from
        // sample 1, which is nearer (distance 0) to unit 2 and at distance 1 from the orthogonal unit 1.
        var options = new SomOptions { Width = 3, Height = 1, Metric = DistanceMetric.Cosine };
        var data = new SampleMatrix([0f, 0f, 2f, 0f], 2, 2);
        foreach (var engine in Engines(options, 2))
        {
            using (engine)
            {
                engine.SetWeights([0f, 0f, 0f, 5f, 3f, 0f]);
                int[] first = new int[2], second = new int[2];
                engine.FindBmus(data, first, second);
                Assert.Equal([0, 2], first);
                Assert.Equal([1, 0], second);
            }
        }
    }

    private IEnumerable<ISomEngine> Engines(SomOptions options, int features)
    {
        yield return new CpuEngine(options, features);
        yield return new GpuEngine(fixture.Device, options, features);
    }
}
