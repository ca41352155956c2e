using static Som.Tests.Data.IdxFiles;

namespace Som.Tests.Data;

public sealed class DataSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Resolves with the search locations pinned to the temp directory: no environment, no system data.
    private DataSplit Resolve(string spec, string? dataDirectory = null) =>
        DataSource.Resolve(spec, scale: false, dataDirectory, _dir.Path, systemFashionDirectory: null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Directory_of_four_files_gives_train_and_test(bool gzip)
    {
        WriteSplit(_dir.Path, trainCount: 5, testCount: 3, gzip);
        var split = Resolve(_dir.Path);
        Assert.Equal(5, split.Train.Count);
        Assert.NotNull(split.Test);
        Assert.Equal(3, split.Test.Count);
        Assert.Equal(4, split.Train.Features);
        Assert.Equal(new ImageShape(2, 2, 1), split.Train.Image);
        Assert.Equal([0, 1, 2, 0, 1], split.Train.Labels!);
        Assert.Equal([7, 8, 7], split.Test.Labels!);
        Assert.Equal(14f, split.Train.Samples.Row(4)[0]);
        Assert.Equal(102f, split.Test.Samples.Row(2)[3]);
        Assert.EndsWith(":train", split.Train.Name);
        Assert.EndsWith(":test", split.Test.Name);
    }

    [Fact]
    public void All_is_train_followed_by_test()
    {
        WriteSplit(_dir.Path, trainCount: 4, testCount: 2, gzip: true);
        var split = Resolve(_dir.Path + ":all");
        Assert.Null(split.Test);
        Assert.Equal(6, split.Train.Count);
        Assert.EndsWith(":all", split.Train.Name);
        Assert.Equal([0, 1, 2, 0, 7, 8], split.Train.Labels!);
        float[] firstPixels = [.. Enumerable.Range(0, 6).Select(i => split.Train.Samples.Row(i)[0])];
        Assert.Equal([10f, 11f, 12f, 13f, 100f, 101f], firstPixels);
    }

    [Fact]
    public void Train_and_test_parts_alone()
    {
        WriteSplit(_dir.Path, trainCount: 4, testCount: 2, gzip: false);
        var train = Resolve(_dir.Path + ":train");
        Assert.Equal(4, train.Train.Count);
        Assert.Null(train.Test);
        var test = Resolve(_dir.Path + ":TEST");
        Assert.Equal(2, test.Train.Count);
        Assert.Equal(100f, test.Train.Samples.Row(0)[0]);
    }

    [Fact]
    public void Directory_without_test_files_trains_only()
    {
        _dir.Write("train-images-idx3-ubyte", Images(2, 1, 1, k => (byte)k));
        _dir.Write("train-labels-idx1-ubyte.gz", Gzip(Labels(1, 2)));
        var split = Resolve(_dir.Path);
        Assert.Equal(2, split.Train.Count);
        Assert.Equal([1, 2], split.Train.Labels!);
        Assert.Null(split.Test);
    }

    [Fact]
    public void Fashion_mnist_is_found_in_the_data_folder_with_class_names()
    {
        WriteSplit(_dir[Path.Combine("data", "fashion-mnist")], trainCount: 3, testCount: 2, gzip: true);
        var split = Resolve("fashion-mnist");
        Assert.Equal("fashion-mnist:train", split.Train.Name);
        Assert.Equal("fashion-mnist:test", split.Test!.Name);
        Assert.Equal(3, split.Train.Count);
        Assert.Equal("Ankle boot", split.Train.ClassNames![9]);

        var all = Resolve("Fashion-MNIST:all");
        Assert.Equal("fashion-mnist:all", all.Train.Name);
        Assert.Equal(5, all.Train.Count);
        Assert.Equal("Sandal", all.Train.ClassNames![5]);
    }

    [Fact]
    public void The_data_directory_variable_is_searched_first()
    {
        WriteSplit(_dir[Path.Combine("env", "mnist")], trainCount: 6, testCount: 1, gzip: false);
        WriteSplit(_dir[Path.Combine("data", "mnist")], trainCount: 2, testCount: 1, gzip: false);
        var split = Resolve("mnist", dataDirectory: _dir["env"]);
        Assert.Equal(6, split.Train.Count);
        Assert.Equal("7", split.Test!.ClassNames![7]);
    }

    [Fact]
    public void Missing_named_data_says_where_it_looked_and_names_the_data_set()
    {
        var ex = Assert.Throws<SomDataException>(() => Resolve("fashion-mnist", dataDirectory: _dir["env"]));
        Assert.Contains("fashion-mnist: data not found", ex.Message);
        Assert.Contains(_dir["env"], ex.Message);
        Assert.Contains(Path.Combine(_dir.Path, "data", "fashion-mnist"), ex.Message);
        Assert.Contains("t10k-images-idx3-ubyte[.gz]", ex.Message);
        Assert.DoesNotContain("data-scripts", ex.Message);
        Assert.Equal("fashion-mnist", ex.Data[DataSource.MissingDataSetKey]);
        Assert.DoesNotContain('\n', ex.Message);

        ex = Assert.Throws<SomDataException>(() => Resolve("mnist"));
        Assert.Contains("mnist: data not found", ex.Message);
        Assert.Equal("mnist", ex.Data[DataSource.MissingDataSetKey]);
        Assert.Contains("SOMGPU_DATA is not set", ex.Message);
    }

    [Fact]
    public void Unknown_part_is_an_error()
    {
        var ex = Assert.Throws<SomDataException>(() => Resolve("fashion-mnist:everything"));
        Assert.Contains("unknown part 'everything'", ex.Message);
    }

    [Fact]
    public void Images_file_finds_its_labels_beside_it()
    {
        string images = _dir.Write("train-images-idx3-ubyte.gz", Gzip(Images(2, 2, 2, k => (byte)k)));
        _dir.Write("train-labels-idx1-ubyte.gz", Gzip(Labels(3, 4)));
        var split = Resolve(images);
        Assert.Null(split.Test);
        Assert.Equal([3, 4], split.Train.Labels!);

        string lonely = _dir.Write("other-images-idx3-ubyte", Images(1, 2, 2, k => (byte)k));
        Assert.Null(Resolve(lonely).Train.Labels);
    }

    [Fact]
    public void Csv_file_and_csv_pair()
    {
        string train = _dir.WriteText("train.csv", "label,a,b\n1,2,3\n4,5,6\n");
        string test = _dir.WriteText("test.csv", "label,a,b\n7,8,9\n");
        var single = Resolve(train);
        Assert.Equal(2, single.Train.Count);
        Assert.Null(single.Test);

        var pair = Resolve(train + "," + test);
        Assert.Equal([1, 4], pair.Train.Labels!);
        Assert.Equal([7], pair.Test!.Labels!);
        Assert.Equal([8f, 9f], pair.Test.Samples.Values.ToArray());
    }

    [Fact]
    public void Nonexistent_paths_are_clear_errors()
    {
        var ex = Assert.Throws<SomDataException>(() => Resolve(_dir["nothing-here"]));
        Assert.Contains("nothing-here: no such file or directory", ex.Message);

        string train = _dir.WriteText("train.csv", "label,a\n1,2\n");
        ex = Assert.Throws<SomDataException>(() => Resolve(train + "," + _dir["gone.csv"]));
        Assert.Contains("gone.csv: file not found", ex.Message);

        ex = Assert.Throws<SomDataException>(() => Resolve("  "));
        Assert.Contains("data source is empty", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
    }

    [Fact]
    public void Real_fashion_mnist_loads_when_installed()
    {
        // CI installs the Debian package dataset-fashion-mnist; elsewhere there may be nothing to load.
        if (!Directory.Exists(DataSource.SystemFashionMnistDirectory)) return;

        var split = DataSource.Resolve(DataSource.SystemFashionMnistDirectory);
        var train = split.Train;
        var test = split.Test!;
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(784, train.Features);
        Assert.Equal(784, test.Features);
        Assert.Equal(new ImageShape(28, 28, 1), train.Image);
        Assert.All(train.Labels!, l => Assert.InRange(l, 0, 9));
        Assert.All(test.Labels!, l => Assert.InRange(l, 0, 9));
        Assert.All(train.Labels!.CountBy(l => l), c => Assert.Equal(6_000, c.Value));
        Assert.Equal(10, train.Labels!.Distinct().Count());
        Assert.Equal(1f, train.Samples.Values.ToArray().Max());
        Assert.Equal(0f, train.Samples.Values.ToArray().Min());
        Assert.Equal(1f, test.Samples.Values.ToArray().Max());
    }
}
