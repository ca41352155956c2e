using Som.Cpu;
using Som.Gpu;

namespace Som.Tests.Gpu;

/// <summary>Bad input to the GPU engine fails as it does on the CPU engine; device names fail in one line, never falling back.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuEngineGuardTests(IlgpuCpuFixture fixture)
{
    private static readonly SomOptions Options = new() { Width = 4, Height = 3 };

    public static TheoryData<string> BadCalls() => ["features", "sigma", "weights", "order", "bmus", "measure-span", "adjacency", "disposed"];

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void Bad_input_gets_the_cpu_engines_error(string call)
    {
        using var cpu = new CpuEngine(Options, 3);
        using var gpu = new GpuEngine(fixture.Device, Options, 3);
        var expected = Record.Exception(() => Call(cpu, call));
        var actual = Record.Exception(() => Call(gpu, call));
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        // ObjectDisposedException names the engine's own type; every other error reads the same on both engines
        if (call == "disposed") Assert.IsType<ObjectDisposedException>(actual);
        else Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void A_named_device_that_is_not_here_is_a_one_line_option_error()
    {
        // This machine has no CUDA driver; where it has one, CUDA is available and there is nothing to check.
        if (GpuAccelerators.Describe().Any(d => d.StartsWith("cuda:", StringComparison.Ordinal))) return;
        var e = Assert.Throws<SomOptionException>(() => GpuEngine.Create("cuda", Options, 3));
        Assert.Equal("device", e.OptionName);
        Assert.Contains("cuda", e.Message, StringComparison.Ordinal);
        Assert.Contains("found: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("ilgpu-cpu", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_unknown_device_name_is_an_option_error()
    {
        var e = Assert.Throws<SomOptionException>(() => GpuAccelerators.Open("tpu"));
        Assert.Contains("auto, cuda, opencl or ilgpu-cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_fail_before_a_device_is_opened()
    {
        Assert.Throws<SomOptionException>(() => GpuEngine.Create("ilgpu-cpu", Options with { Epochs = 0 }, 3));
        Assert.Throws<SomDataException>(() => GpuEngine.Create("ilgpu-cpu", Options, 0));
    }

    [Fact]
    public void Create_auto_opens_a_working_device_and_owns_it()
    {
        var engine = GpuEngine.Create("auto", Options, 3);
        try
        {
            Assert.Contains(engine.Device.Kind, GpuAccelerators.Names);
            Assert.StartsWith(engine.Device.Kind + ": ", engine.DeviceName, StringComparison.Ordinal);
            engine.SetWeights(Enumerable.Range(0, 12 * 3).Select(i => (float)i).ToArray());
            int[] first = new int[2];
            engine.FindBmus(new SampleMatrix([9f, 10f, 11f, 100f, 100f, 100f], 2, 3), first, []);
            Assert.Equal([3, 11], first);
        }
        finally
        {
            engine.Dispose();
        }
        Assert.True(engine.Device.Accelerator.IsDisposed);
    }

    [Fact]
    public void Engine_names_its_device_and_refuses_work_once_disposed()
    {
        var gpu = new GpuEngine(fixture.Device, Options, 3);
        Assert.StartsWith("ilgpu-cpu: ", gpu.DeviceName, StringComparison.Ordinal);
        Assert.Contains("warp 32", gpu.DeviceName, StringComparison.Ordinal);
        gpu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gpu.GetWeights(new float[12 * 3]));
    }

    private static void Call(ISomEngine engine, string call)
    {
        var good = new SampleMatrix(new float[6], 2, 3);
        switch (call)
        {
            case "features":
                engine.TrainBatchEpoch(new SampleMatrix(new float[8], 2, 4), 1.0);
                break;
            case "sigma":
                engine.TrainBatchEpoch(good, 0);
                break;
            case "weights":
                var weights = new float[12 * 3];
                weights[7] = float.NaN;
                engine.SetWeights(weights);
                break;
            case "order":
                engine.TrainOnlineEpoch(good, [0, 2], 0, 2);
                break;
            case "bmus":
                engine.FindBmus(good, new int[3], []);
                break;
            case "measure-span":
                engine.Measure(good, Adjacency.Eight, new int[1]);
                break;
            case "adjacency":
                // the hexagonal rule on a rectangular map: the options' own error, naming Adjacency
                engine.Measure(good, Adjacency.Six, new int[2]);
                break;
            case "disposed":
                engine.Dispose();
                engine.GetWeights(new float[12 * 3]);
                break;
        }
    }
}
