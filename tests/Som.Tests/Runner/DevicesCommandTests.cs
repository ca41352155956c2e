namespace Som.Tests.Runner;

/// <summary><c>som devices</c>: the CPU engine first, then whatever ILGPU finds.</summary>
public class DevicesCommandTests
{
    [Fact]
    public void Devices_lists_the_cpu_engine_with_its_kernel()
    {
        var (exit, output, error) = RunnerHarness.Run("devices");
        Assert.True(exit == 0, error);
        string first = output.Split('\n')[0];
        Assert.StartsWith("cpu: SomGpu CPU engine, ", first);
        Assert.Contains($"{Environment.ProcessorCount} cores", first);
        Assert.Matches("(AVX-512|AVX2|scalar) kernel", first);
    }

    [Fact]
    public void Devices_takes_no_options()
    {
        var (exit, _, error) = RunnerHarness.Run("devices", "--device", "cuda");
        Assert.Equal(2, exit);
        Assert.Equal("error: unknown option --device for 'som devices' (see som devices --help)", error.TrimEnd());
    }
}
