namespace Som.Tests.Runner;

/// <summary>A small map trained once by the runner on 2,000 Fashion-MNIST training images, for the evaluate and map tests.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TrainedModelFixture()
    {
        var (exit, output, error) = RunnerHarness.Run("train", "--data", "fashion-mnist", "--limit", "2000", "--test-limit", "200",
            "--map", "9x7", "--epochs", "4", "--seed", "3", "--out", _dir.Path);
        if (exit != 0) throw new InvalidOperationException($"training the fixture map failed with {exit}: {error}\n{output}");
        ModelPath = System.IO.Path.Combine(_dir.Path, "model.som");
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The folder holding it.</summary>
    public string Folder => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
