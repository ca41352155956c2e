using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Som.Gpu.Kernels;

namespace Som.Tests.Gpu;

/// <summary>
/// Compiles every kernel of Som.Gpu to PTX with ILGPU's CUDA backend, for sm_80 (A100) and sm_90 (H100), without a
/// GPU: a kernel that would not compile for CUDA fails here rather than on the first GPU run.
/// </summary>
public class KernelPtxCompileTests
{
    /// <summary>Every <c>…Kernel</c> method of the kernel families, found by reflection so a new one cannot be missed.</summary>
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var method in AllKernels()) data.Add($"{method.DeclaringType!.Name}.{method.Name}");
        return data;
    }

    [Fact]
    public void Every_kernel_family_is_found()
    {
        var names = AllKernels().Select(m => m.Name).ToHashSet();
        Assert.Contains("FindBmusKernel", names);
        Assert.Contains("SumUnitSamplesKernel", names);
        Assert.Contains("SmoothDenseKernel", names);
        Assert.Contains("UpdateOnlineKernel", names);
        Assert.True(names.Count >= 14, $"found only {names.Count} kernels");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_ptx_for_sm80_and_sm90(string kernel)
    {
        var method = AllKernels().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == kernel);
        foreach (var (architecture, isa, name) in new[]
                 {
                     (CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, "sm_80"),
                     (CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, "sm_90"),
                 })
        {
            // A context per target: a context caches compiled kernels, which would hand sm_90 the sm_80 code.
            using var context = Context.Create(builder => builder.EnableAlgorithms());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, isa, nvvmAPI: null);
            bool implicitlyGrouped = method.GetParameters()[0].ParameterType == typeof(Index1D);
            var entry = implicitlyGrouped
                ? EntryPointDescription.FromImplicitlyGroupedKernel(method)
                : EntryPointDescription.FromExplicitlyGroupedKernel(method);
            var compiled = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
            Assert.True(compiled.PTXAssembly.Contains(".entry", StringComparison.Ordinal), $"{kernel} for {name}: no PTX entry");
            // ILGPU targets the lowest architecture that has every capability the kernel uses (sm_80 code also runs on sm_90).
            Assert.Contains(".target sm_", compiled.PTXAssembly, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<MethodInfo> AllKernels() =>
        typeof(DistanceBmuKernels).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(DistanceBmuKernels).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal) && m.ReturnType == typeof(void))
            .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal);
}
