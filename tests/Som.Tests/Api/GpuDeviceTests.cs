using Som.Gpu;
using Som.Tests.Gpu;
using Som.Tests.Oracle;

namespace Som.Tests.Api;

/// <summary>The same map API on the GPU engine (ILGPU's CPU accelerator here) gives the CPU engine's answers.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuDeviceTests
{
    [Fact]
    public void Ilgpu_cpu_device_agrees_with_the_cpu_device()
    {
        var options = new SomOptions { Width = 5, Height = 4, Epochs = 3, Seed = 9 };
        var data = TestData.Clusters(90, 6, seed: 4);
        using var cpu = new SelfOrganizingMap(options, 6, SomDevice.Cpu);
        using var gpu = new SelfOrganizingMap(options, 6, GpuDevice.IlgpuCpu);
        Assert.Equal("ilgpu-cpu", gpu.Device.Name);
        cpu.Train(data);
        gpu.Train(data);

        float[] a = cpu.GetWeights(), b = gpu.GetWeights();
        double worst = a.Zip(b, (x, y) => Math.Abs((double)x - y) / (1 + Math.Abs(x))).Max();
        Assert.True(worst < 1e-4, $"weights differ by {worst}");

        // Same codebook on both, so BMUs and measures must agree (up to float rounding on QE).
        gpu.SetWeights(a);
        Assert.Equal(cpu.Winners(data), gpu.Winners(data));
        Assert.Equal(cpu.QuantizationError(data), gpu.QuantizationError(data), 1e-9);
        Assert.Equal(cpu.TopographicError(data), gpu.TopographicError(data));
        Assert.Equal(cpu.ActivationResponse(data), gpu.ActivationResponse(data));
    }

    [Fact]
    public void Auto_device_trains_and_answers()
    {
        var data = TestData.Clusters(60, 3, seed: 8);
        using var map = new SelfOrganizingMap(new SomOptions { Width = 3, Height = 3, Epochs = 2 }, 3, GpuDevice.Auto);
        Assert.Equal("auto", map.Device.Name);
        map.Train(data);
        Assert.True(map.QuantizationError(data) < 1.0, $"QE {map.QuantizationError(data)}");
        Assert.Throws<ArgumentNullException>(() => GpuDevice.AutoOr(null!));
    }

    [Fact]
    public void A_named_device_is_used_when_here_and_a_one_line_error_when_not()
    {
        var kinds = GpuAccelerators.Describe().Select(d => d.Split(':')[0]).ToHashSet();
        foreach (var device in new[] { GpuDevice.Cuda, GpuDevice.OpenCL })
        {
            var options = new SomOptions { Width = 2, Height = 2 };
            if (kinds.Contains(device.Name))
            {
                using var map = new SelfOrganizingMap(options, 1, device);
                map.SetWeights([0, 1, 2, 3]);
                Assert.Equal(2, map.Winner([2.2f]));
            }
            else
            {
                var ex = Assert.Throws<SomOptionException>(() => new SelfOrganizingMap(options, 1, device));
                Assert.Equal("device", ex.OptionName);
                Assert.DoesNotContain('\n', ex.Message);
            }
        }
    }
}
