using Som.Cpu;
using Som.Gpu;
using Som.Tests.Oracle;

namespace Som.Tests.Gpu;

/// <summary>k-means on the GPU engine (ILGPU's CPU accelerator) through the same interface: the CPU engine's steps.</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuKMeansTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(31, 3, 5)]
    [InlineData(33, 33, 1)]
    [InlineData(40, 4, 33)]
    public void Every_step_agrees_with_the_cpu_engine(int n, int k, int d)
    {
        var data = TestData.Clusters(n, d, (ulong)(n + k + d), clusters: 4);
        float[] start = KMeans.PlusPlus(data, k, new SomRandom(5));
        // Two equal centres force an empty cluster and the farthest-sample rule on both engines.
        if (k > 1) start.AsSpan(0, d).CopyTo(start.AsSpan(d, d));
        var cpuSteps = new List<(int[] Labels, float[] Centres)>();
        var gpuSteps = new List<(int[] Labels, float[] Centres)>();
        using var cpu = new CpuEngine(KMeans.EngineOptions(k), d);
        using var gpu = new GpuEngine(fixture.Device, KMeans.EngineOptions(k), d);
        var a = KMeans.Lloyd(cpu, data, start, 50, step: (_, l, c) => cpuSteps.Add((l, c)));
        var b = KMeans.Lloyd(gpu, data, start, 50, step: (_, l, c) => gpuSteps.Add((l, c)));
        Assert.Equal(cpuSteps.Count, gpuSteps.Count);
        for (int s = 0; s < cpuSteps.Count; s++)
        {
            Assert.Equal(cpuSteps[s].Labels, gpuSteps[s].Labels);
            for (int e = 0; e < k * d; e++)
                Assert.True(Math.Abs(cpuSteps[s].Centres[e] - gpuSteps[s].Centres[e]) <= 1e-5 + 1e-5 * Math.Abs(cpuSteps[s].Centres[e]),
                    $"step {s + 1}, value {e}: CPU {cpuSteps[s].Centres[e]}, GPU {gpuSteps[s].Centres[e]}");
        }
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia, 1e-6 * (1 + a.Inertia));
        Assert.True(a.Converged && b.Converged);
    }
}
