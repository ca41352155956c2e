using System.Globalization;
using System.Text;
using ILGPU.Runtime.Cuda;
using Som.Gpu.Kernels;
using Xunit.Abstractions;

namespace Som.Tests.Gpu;

/// <summary>
/// What the distance + BMU kernels will do on a GPU, read from their PTX (sm_80 and sm_90) before any device runs
/// them: per feature stage, the multiply-adds of the inner loop against its shared-memory loads (by width) and its
/// global loads. ILGPU writes a·b + c as <c>mul.f32</c> then <c>add.f32</c> without a rounding modifier, which ptxas
/// contracts into one FFMA, so a multiply-add is counted as a <c>mul.f32</c> (plus any <c>fma.rn.f32</c>).
/// <para>Set SOMGPU_PTX_OUT to a folder to also write each kernel's PTX and the table (ptx-loops.md) there.</para>
/// </summary>
public class KernelPtxInnerLoopTests(ITestOutputHelper output)
{
    /// <summary>The first kernel and every tiled shape with each load kind, ranking the best unit only (training).</summary>
    public static readonly string[] Variants =
    [
        "DistanceBmuKernels.FindBmusKernel",
        "TiledBmuKernels.FindBmusTiledKernel<Tile64x64,ScalarTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile64x64,VectorTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile128x64,ScalarTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile128x64,VectorTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile128x128,ScalarTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile128x128,VectorTileLoad,BestOnly>",
        "TiledBmuKernels.FindBmusTiledKernel<Tile128x128,VectorTileLoad,BestAndSecond>",
    ];

    /// <summary>Per-stage counts of one kernel's inner loop.</summary>
    public sealed record Stage(string Kernel, string Target, int Fma, int Shared32, int Shared64, int Shared128,
        int Global32, int Global128, int Barriers)
    {
        public int SharedLoads => Shared32 + Shared64 + Shared128;
        public int SharedWords => Shared32 + 2 * Shared64 + 4 * Shared128;
        public int GlobalLoads => Global32 + Global128;
        public int GlobalWords => Global32 + 4 * Global128;
    }

    /// <summary>
    /// One feature stage of <paramref name="kernel"/>'s multiply-add loop. The tiled kernels unroll the stage's 8
    /// features, so the stage is the innermost loop. The first kernel's stage (its loop over f0) holds two loops: 16
    /// iterations of the multiply-add loop (one feature each) and 8 of the staging loop (2 global loads each: 32
    /// samples and 32 units × 16 features over 64 threads), trip counts taken from its constants.
    /// </summary>
    public static Stage Read(string kernel, CudaArchitecture architecture, string target, out string ptx)
    {
        var method = PtxCompiler.AllKernels().Single(k => k.Name == kernel).Method;
        ptx = PtxCompiler.Compile(method, architecture);
        var loops = PtxLoops.Parse(ptx);
        var mad = loops.MultiplyAddLoop;
        if (!kernel.StartsWith("DistanceBmuKernels.", StringComparison.Ordinal))
            return new Stage(kernel, target, mad["mul.f32"] + mad["fma.rn.f32"], mad["ld.shared.f32"], mad["ld.shared.v2.f32"],
                mad["ld.shared.v4.f32"], mad["ld.global.f32"] + 2 * mad["ld.global.v2.f32"], mad["ld.global.v4.f32"], mad["bar.sync"]);
        var stage = loops.Parent(mad) ?? throw new InvalidOperationException($"{kernel}: the multiply-add loop has no stage loop");
        int kTrips = DistanceBmuKernels.FeatureChunk;
        int stagingTrips = DistanceBmuKernels.TileSamples * DistanceBmuKernels.FeatureChunk / DistanceBmuKernels.GroupSize;
        var staging = loops.Children(stage).Single(l => l != mad);
        int Per(string kind) => stage[kind] + kTrips * mad[kind] + stagingTrips * staging[kind];
        return new Stage(kernel, target, Per("mul.f32") + Per("fma.rn.f32"), Per("ld.shared.f32"), Per("ld.shared.v2.f32"),
            Per("ld.shared.v4.f32"), Per("ld.global.f32"), Per("ld.global.v4.f32"), Per("bar.sync"));
    }

    [Fact]
    public void The_first_kernel_does_two_multiply_adds_per_scalar_shared_load()
    {
        foreach (var (architecture, target) in PtxCompiler.Targets)
        {
            var s = Read(Variants[0], architecture, target, out _);
            // 16 features × 4 × 4 multiply-adds; per feature 4 + 4 scalar shared loads; 16 scalar global loads per stage.
            Assert.Equal(256, s.Fma);
            Assert.Equal(128, s.Shared32);
            Assert.Equal(0, s.Shared128);
            Assert.Equal(16, s.Global32);
            Assert.Equal(0, s.Global128);
        }
    }

    [Theory]
    [InlineData("Tile64x64", 1, 8)]
    [InlineData("Tile128x64", 2, 8)]
    [InlineData("Tile128x128", 2, 16)]
    public void A_tiled_stage_reads_float4_from_shared_memory_and_global_memory(string shape, int sampleQuads, int threadsX)
    {
        int xLoads = 8 * sampleQuads / threadsX; // float4 of X per thread per stage; W is one
        foreach (var (architecture, target) in PtxCompiler.Targets)
        {
            var vector = Read($"TiledBmuKernels.FindBmusTiledKernel<{shape},VectorTileLoad,BestOnly>", architecture, target, out _);
            Assert.Equal(8 * 32 * sampleQuads, vector.Fma);               // 8 features × (4·SQ samples × 8 units)
            Assert.Equal(8 * (sampleQuads + 2), vector.Shared128);       // per feature SQ float4 of X, 2 of W
            Assert.Equal(0, vector.Shared32 + vector.Shared64);
            Assert.Equal(xLoads + 1, vector.Global128);
            Assert.Equal(0, vector.Global32);
            Assert.Equal(1, vector.Barriers);                            // double-buffered: one barrier per stage

            var scalar = Read($"TiledBmuKernels.FindBmusTiledKernel<{shape},ScalarTileLoad,BestOnly>", architecture, target, out _);
            Assert.Equal(vector.Fma, scalar.Fma);
            Assert.Equal(vector.Shared128, scalar.Shared128);
            Assert.Equal(4 * (xLoads + 1), scalar.Global32);
            Assert.Equal(0, scalar.Global128);
        }
    }

    [Fact]
    public void The_table_of_every_variant()
    {
        string? folder = Environment.GetEnvironmentVariable("SOMGPU_PTX_OUT");
        var c = CultureInfo.InvariantCulture;
        var table = new StringBuilder();
        table.AppendLine("| kernel | target | FMA per stage | ld.shared .f32 / .v2 / .v4 | FMA per shared load | FMA per shared word | global loads .f32 / .v4 | FMA per global load | FMA per global word |");
        table.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (architecture, target) in PtxCompiler.Targets)
        {
            foreach (string kernel in Variants)
            {
                var s = Read(kernel, architecture, target, out string ptx);
                Assert.True(s.Fma > 0 && s.SharedLoads > 0 && s.GlobalLoads > 0, $"{kernel} {target}: {s}");
                table.AppendLine(string.Create(c,
                    $"| `{kernel.Replace("TiledBmuKernels.FindBmusTiledKernel", "Tiled", StringComparison.Ordinal)}` | {target} | {s.Fma} | {s.Shared32} / {s.Shared64} / {s.Shared128} | {(double)s.Fma / s.SharedLoads:F1} | {(double)s.Fma / s.SharedWords:F1} | {s.Global32} / {s.Global128} | {(double)s.Fma / s.GlobalLoads:F1} | {(double)s.Fma / s.GlobalWords:F1} |"));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                    string file = new string(kernel.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());
                    File.WriteAllText(Path.Combine(folder, $"{file}.{target}.ptx"), ptx);
                }
            }
        }
        output.WriteLine(table.ToString());
        if (folder is not null) File.WriteAllText(Path.Combine(folder, "ptx-loops.md"), table.ToString());
    }
}
