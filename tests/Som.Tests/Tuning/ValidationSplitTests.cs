using Som.Runner.Tuning;

namespace Som.Tests.Tuning;

/// <summary>The validation split is seeded, disjoint from every rung's training samples, and the rungs nest.</summary>
public sealed class ValidationSplitTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(31, 3)]
    [InlineData(33, 32)]
    [InlineData(127, 13)]
    [InlineData(1000, 100)]
    public void Validation_and_training_part_partition_the_samples(int count, int held)
    {
        var split = new ValidationSplit(count, held, 5);
        Assert.Equal(held, split.Validation.Length);
        Assert.Equal(count - held, split.TrainCount);
        var train = split.Train(split.TrainCount);
        Assert.Empty(split.Validation.Intersect(train));
        Assert.Equal(Enumerable.Range(0, count), split.Validation.Concat(train).Order());
        Assert.Equal(split.Validation.Order(), split.Validation);   // increasing order
        Assert.Equal(train.Order(), train);
    }

    [Fact]
    public void Rung_subsets_nest_never_meet_the_validation_split_and_are_spread_over_the_data()
    {
        var split = new ValidationSplit(1000, 100, 7);
        int[] previous = [];
        foreach (int n in new[] { 1, 33, 100, 300, 900 })
        {
            var part = split.Train(n);
            Assert.Equal(n, part.Length);
            Assert.Equal(n, part.Distinct().Count());
            Assert.Empty(part.Intersect(split.Validation));
            Assert.Subset(part.ToHashSet(), previous.ToHashSet());
            previous = part;
        }
        // A seeded draw, not the first samples of the file: the 300-sample rung reaches the last third.
        Assert.Contains(split.Train(300), i => i >= 700);
        Assert.Contains(split.Validation, i => i >= 700);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        Assert.Equal(new ValidationSplit(500, 50, 3).Validation, new ValidationSplit(500, 50, 3).Validation);
        Assert.Equal(new ValidationSplit(500, 50, 3).Train(200), new ValidationSplit(500, 50, 3).Train(200));
        Assert.NotEqual(new ValidationSplit(500, 50, 3).Validation, new ValidationSplit(500, 50, 4).Validation);
    }

    [Fact]
    public void Impossible_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidationSplit(10, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidationSplit(10, 10, 1));
        var split = new ValidationSplit(10, 3, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => split.Train(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => split.Train(0));
    }
}
