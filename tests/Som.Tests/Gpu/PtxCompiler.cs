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
/// Every kernel of Som.Gpu, found by reflection (generic kernels closed over every combination of the kernel
/// namespace's types that meet their constraints), compiled to PTX by ILGPU's CUDA backend without a GPU.
/// </summary>
internal static class PtxCompiler
{
    /// <summary>The targets CI compiles for.</summary>
    public static readonly (CudaArchitecture Architecture, string Name)[] Targets =
        [(CudaArchitecture.SM_80, "sm_80"), (CudaArchitecture.SM_90, "sm_90")];

    /// <summary>Every kernel, with a display name such as <c>TiledBmuKernels.FindBmusTiledKernel&lt;Tile64x64,VectorTileLoad,BestOnly&gt;</c>.</summary>
    public static IEnumerable<(string Name, MethodInfo Method)> AllKernels()
    {
        var types = typeof(DistanceBmuKernels).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(DistanceBmuKernels).Namespace).ToList();
        var methods = types
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal) && m.ReturnType == typeof(void))
            .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal);
        foreach (var method in methods)
        {
            string name = $"{method.DeclaringType!.Name}.{method.Name}";
            if (!method.IsGenericMethodDefinition)
            {
                yield return (name, method);
                continue;
            }
            // Each type parameter ranges over the value types of the namespace that implement all its interfaces.
            var choices = method.GetGenericArguments()
                .Select(p => types.Where(t => t.IsValueType && p.GetGenericParameterConstraints()
                    .Where(c => c.IsInterface).All(c => t.GetInterfaces().Contains(c))).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray())
                .ToArray();
            foreach (var combination in Combinations(choices))
                yield return ($"{name}<{string.Join(",", combination.Select(t => t.Name))}>", method.MakeGenericMethod(combination));
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MethodInfo, CudaArchitecture), Lazy<string>> Compiled = new();

    /// <summary>The PTX of <paramref name="method"/> for <paramref name="architecture"/> (compiled once per test run).</summary>
    public static string Compile(MethodInfo method, CudaArchitecture architecture) =>
        Compiled.GetOrAdd((method, architecture), key => new Lazy<string>(() => CompileNow(key.Item1, key.Item2))).Value;

    private static string CompileNow(MethodInfo method, CudaArchitecture architecture)
    {
        // A context per target: a context caches compiled kernels, which would hand sm_90 the sm_80 code.
        using var context = Context.Create(builder => builder.EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture,
            CudaInstructionSet.ISA_80, nvvmAPI: null);
        bool implicitlyGrouped = method.GetParameters()[0].ParameterType == typeof(Index1D);
        var entry = implicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(method)
            : EntryPointDescription.FromExplicitlyGroupedKernel(method);
        return ((PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization))).PTXAssembly;
    }

    private static IEnumerable<Type[]> Combinations(Type[][] choices)
    {
        IEnumerable<Type[]> result = [[]];
        foreach (var options in choices) result = result.SelectMany(prefix => options.Select(o => (Type[])[.. prefix, o])).ToList();
        return result;
    }
}
