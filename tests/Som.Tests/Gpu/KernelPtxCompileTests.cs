namespace Som.Tests.Gpu;

/// <summary>
/// Compiles every kernel of Som.Gpu to PTX with ILGPU's CUDA backend, for sm_80 (A100) and sm_90 (H100), without a
/// GPU: a kernel that would not compile for CUDA fails here rather than on the first GPU run. Generic kernels are
/// compiled in every instantiation the engine can launch.
/// </summary>
public class KernelPtxCompileTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in PtxCompiler.AllKernels()) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_kernel_family_is_found()
    {
        var names = PtxCompiler.AllKernels().Select(k => k.Name).ToHashSet();
        Assert.Contains("DistanceBmuKernels.FindBmusKernel", names);
        Assert.Contains("AccumulateKernels.SumUnitSamplesKernel", names);
        Assert.Contains("SmoothKernels.SmoothDenseKernel", names);
        Assert.Contains("UpdateKernels.UpdateOnlineKernel", names);
        // 3 tile shapes × 2 loads × 2 ranks.
        Assert.Equal(12, names.Count(n => n.StartsWith("TiledBmuKernels.FindBmusTiledKernel<", StringComparison.Ordinal)));
        Assert.Contains("TiledBmuKernels.FindBmusTiledKernel<Tile128x128,VectorTileLoad,BestOnly>", names);
        Assert.True(names.Count >= 26, $"found only {names.Count} kernels");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_ptx_for_sm80_and_sm90(string kernel)
    {
        var method = PtxCompiler.AllKernels().Single(k => k.Name == kernel).Method;
        foreach (var (architecture, name) in PtxCompiler.Targets)
        {
            string ptx = PtxCompiler.Compile(method, architecture);
            Assert.True(ptx.Contains(".entry", StringComparison.Ordinal), $"{kernel} for {name}: no PTX entry");
            // ILGPU targets the lowest architecture that has every capability the kernel uses (sm_80 code also runs on sm_90).
            Assert.Contains(".target sm_", ptx, StringComparison.Ordinal);
        }
    }
}
