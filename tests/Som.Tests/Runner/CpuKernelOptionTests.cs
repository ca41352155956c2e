using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;

namespace Som.Tests.Runner;

/// <summary><c>--cpu-kernel</c>: a named instruction set runs where the CPU has it and is refused, clearly, where it does not.</summary>
public class CpuKernelOptionTests
{
    public static TheoryData<string, string, bool> Kernels() => new()
    {
        { "vector512", "AVX-512", Vector512.IsHardwareAccelerated },
        { "vector256", "AVX2", Vector256.IsHardwareAccelerated },
        { "vector128", System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "NEON" : "SSE+FMA", Engine.SupportedIsas.Vector128Fused },
        { "scalar", "scalar", true },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Named_kernel_runs_or_is_refused(string kernel, string described, bool available)
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("d.csv", "label,a,b\n0,0,1\n1,1,0\n0,0.5,0.5\n1,2,2\n");
        var (exit, output, error) = RunnerHarness.Run("train", "--data", csv, "--map", "2x2", "--epochs", "1",
            "--device", "cpu", "--cpu-kernel", kernel, "--out", dir["out"]);
        if (available)
        {
            Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
            var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir["out"], "metrics.json")))!;
            Assert.StartsWith($"CPU ({described},", metrics["device"]!.GetValue<string>());
        }
        else
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("cpu-kernel", error);
            Assert.Contains(kernel, error);
            Assert.False(File.Exists(Path.Combine(dir["out"], "model.som")), "a refused run wrote a model");
        }
    }
}
