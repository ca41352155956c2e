using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json.Nodes;
using Som.Cpu;
using Som.Tests.Runner;

namespace Som.Tests.Engine;

/// <summary>
/// The README's promise across processes: the <c>som</c> program run as a child process with AVX-512 turned
/// off (<c>DOTNET_EnableAVX512=0</c>, the AVX2 paths) and with every hardware intrinsic turned off
/// (<c>DOTNET_EnableHWIntrinsic=0</c>, the scalar paths) writes a model whose weights have the same bits as
/// the same run in this process with the default instruction set. Unlike the in-process tests, this also
/// covers whatever the runtime itself does differently without the intrinsics.
/// </summary>
public class CrossProcessReproducibilityTests
{
    public static TheoryData<string, string> Runs() => new()
    {
        // name, extra train arguments (after the data)
        { "batch-pca", "--mode batch --init pca --map 7x5 --epochs 3" },
        { "online-pca-hex-cosine", "--mode online --init pca --map 6x5 --topology hex --metric cosine --epochs 2" },
        { "batch-random-hex", "--mode batch --init random --map 5x5 --topology hex --epochs 3" },
        { "online-samples", "--mode online --init samples --map 4x3 --epochs 2" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Child_processes_without_avx512_and_without_intrinsics_write_the_same_model_bits(string name, string arguments)
    {
        using var dir = new TempDirectory();
        string csv = dir.WriteText("data.csv", Csv(173, 37, 29));
        string[] args = ["train", "--data", csv, .. arguments.Split(' '), "--seed", "5", "--device", "cpu"];

        var inProcess = RunnerHarness.Run([.. args, "--out", dir["here"]]);
        Assert.True(inProcess.Exit == 0, $"{name} in process: exit {inProcess.Exit}: {inProcess.Error}\n{inProcess.Output}");
        int[] expected = ModelBits(dir["here"]);
        Assert.Contains(KernelIsaSupport.Describe(KernelIsaSupport.Resolve(KernelIsa.Auto)), Device(dir["here"]));

        // The scalar child always runs scalar; the AVX2 child runs AVX2 where this process has it.
        string avx2 = Vector256.IsHardwareAccelerated ? "AVX2" : "scalar";
        foreach (var (variable, isaName) in new[] { ("DOTNET_EnableAVX512", avx2), ("DOTNET_EnableHWIntrinsic", "scalar") })
        {
            string output = dir[variable];
            var (exit, log) = RunChild(args, output, variable);
            Assert.True(exit == 0, $"{name} with {variable}=0: exit {exit}\n{log}");
            Assert.Contains($"CPU ({isaName},", Device(output));
            int[] bits = ModelBits(output);
            Assert.Equal(expected.Length, bits.Length);
            int differ = expected.Zip(bits).Count(p => p.First != p.Second);
            Assert.True(differ == 0, $"{name} with {variable}=0: {differ} of {expected.Length} weights differ in bits");
        }
    }

    /// <summary>n labelled samples × d features in a few clusters, with values that need all of a float's bits.</summary>
    private static string Csv(int n, int d, ulong seed)
    {
        var rng = new SomRandom(seed);
        var centres = new double[3 * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = rng.NextDouble() * 4 - 2;
        var text = new StringBuilder("label");
        for (int f = 0; f < d; f++) text.Append(CultureInfo.InvariantCulture, $",f{f}");
        text.Append('\n');
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            text.Append(CultureInfo.InvariantCulture, $"{c}");
            for (int f = 0; f < d; f++)
            {
                float v = (float)(centres[c * d + f] + (rng.NextDouble() - 0.5) / 3);
                text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static (int Exit, string Log) RunChild(string[] args, string output, string variable)
    {
        // som.dll is copied next to the test assembly (the test project references the runner).
        string som = Path.Combine(Path.GetDirectoryName(typeof(Som.Runner.Cli.App).Assembly.Location)!, "som.dll");
        Assert.True(File.Exists(som), $"{som} not found");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(som);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(output);
        start.Environment[variable] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 3 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The dotnet host: this process when it is the host, else the one the SDK names, else the PATH's.</summary>
    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        string? sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(sdkHost) ? "dotnet" : sdkHost;
    }

    private static int[] ModelBits(string dir) =>
        ModelFile.Load(Path.Combine(dir, "model.som")).Weights.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static string Device(string dir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!["device"]!.GetValue<string>();
}
