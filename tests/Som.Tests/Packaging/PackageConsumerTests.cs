using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Som.Tests.Packaging;

/// <summary>
/// The library projects packed as a user gets them: <c>dotnet pack</c> into a local folder, a fresh console project
/// that restores them from that folder alone (its own package cache, so nothing stale or from the build tree is
/// used), and the README's program run against them, as after <c>dotnet add package SomGpu.Cpu</c>.
/// </summary>
public sealed partial class PackageConsumerTests : IClassFixture<PackageConsumerTests.PackedLibraries>
{
    private readonly PackedLibraries _packed;

    public PackageConsumerTests(PackedLibraries packed) => _packed = packed;

    [Theory]
    [InlineData("SomGpu.Cpu", "Som.Cpu")]
    [InlineData("SomGpu.Gpu", "Som.Gpu")]
    public void Package_holds_the_assembly_its_xml_docs_the_readme_and_the_licence(string id, string assembly)
    {
        string nupkg = _packed.Package(id);
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (string expected in new[] { $"lib/net10.0/{assembly}.dll", $"lib/net10.0/{assembly}.xml", "README.md", "LICENSE" })
            Assert.True(entries.Contains(expected), $"{Path.GetFileName(nupkg)} lacks {expected}; it has {string.Join(", ", entries)}");

        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal(id, Field("id"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("LICENSE", Field("license"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")), $"{id} has no description");

        using var docs = zip.GetEntry($"lib/net10.0/{assembly}.xml")!.Open();
        var members = XDocument.Load(docs).Descendants("member").Count();
        Assert.True(members > 20, $"{assembly}.xml documents only {members} members");
    }

    [Fact]
    public void Gpu_package_depends_on_the_core_package_of_the_same_version()
    {
        using var zip = ZipFile.OpenRead(_packed.Package("SomGpu.Gpu"));
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        Assert.True(dependencies.TryGetValue("SomGpu.Cpu", out string? version), $"no SomGpu.Cpu dependency: {string.Join(", ", dependencies.Keys)}");
        Assert.Equal(_packed.Version, version);
        Assert.Contains("ILGPU", dependencies.Keys);
    }

    [Fact]
    public void Readme_program_runs_against_the_core_package()
    {
        var (exit, stdout, stderr) = _packed.RunConsumer("SomGpu.Cpu", ReadmeSnippet.FromRepository());
        Assert.True(exit == 0, $"the README program on the SomGpu.Cpu package exited with {exit}:\n{stdout}\n{stderr}");
        ReadmeSnippet.AssertGoodFit(stdout);
    }

    [Fact]
    public void Gpu_package_trains_on_the_ilgpu_cpu_accelerator_and_agrees_with_the_cpu_engine()
    {
        // A map small enough for ILGPU's CPU accelerator; both devices from the packages, same seed.
        const string program = """
            using Som;
            using Som.Gpu;

            var rng = new Random(3);
            var points = new float[64, 2];
            for (int i = 0; i < 64; i++) { points[i, 0] = rng.NextSingle(); points[i, 1] = rng.NextSingle(); }
            var data = new SampleMatrix(points);
            var options = new SomOptions { Width = 4, Height = 3, Epochs = 3, Init = InitMethod.Random, Seed = 7 };
            using var gpu = new SelfOrganizingMap(options, features: 2, GpuDevice.IlgpuCpu);
            using var cpu = new SelfOrganizingMap(options, features: 2, SomDevice.Cpu);
            gpu.Train(data);
            cpu.Train(data);
            float[] g = gpu.GetWeights(), c = cpu.GetWeights();
            double worst = g.Zip(c, (a, b) => Math.Abs(a - b)).Max();
            Console.WriteLine($"device {gpu.DeviceName}");
            Console.WriteLine($"max |gpu - cpu| {worst:E3}, QE {gpu.QuantizationError(data):F4}");
            """;
        var (exit, stdout, stderr) = _packed.RunConsumer("SomGpu.Gpu", program);
        Assert.True(exit == 0, $"the program on the SomGpu.Gpu package exited with {exit}:\n{stdout}\n{stderr}");
        Assert.Contains("device ", stdout, StringComparison.Ordinal);
        var diff = DiffLine().Match(stdout);
        Assert.True(diff.Success, $"no \"max |gpu - cpu|\" line:\n{stdout}");
        Assert.InRange(double.Parse(diff.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.0, 1e-5);
    }

    [GeneratedRegex(@"max \|gpu - cpu\| (\S+),")]
    private static partial Regex DiffLine();

    /// <summary>Packs src/Som.Cpu and src/Som.Gpu once for the class, into a temporary local feed.</summary>
    public sealed class PackedLibraries : IDisposable
    {
#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif
        private readonly TempDirectory _dir = new();

        public PackedLibraries()
        {
            Feed = Path.Combine(_dir.Path, "feed");
            string root = ReadmeSnippet.RepositoryRoot();
            foreach (string project in new[] { "src/Som.Cpu/Som.Cpu.csproj", "src/Som.Gpu/Som.Gpu.csproj" })
            {
                // The test build has just built these projects in this configuration: pack what it built.
                var (exit, stdout, stderr) = ChildProcess.Run(ChildProcess.DotnetHost,
                    ["pack", Path.Combine(root, project), "-c", Configuration, "--no-build", "-o", Feed], root);
                if (exit != 0) throw new InvalidOperationException($"dotnet pack {project} exited with {exit}:\n{stdout}\n{stderr}");
            }
            var core = Directory.GetFiles(Feed, "SomGpu.Cpu.*.nupkg").Single();
            Version = Path.GetFileNameWithoutExtension(core)["SomGpu.Cpu.".Length..];
        }

        /// <summary>The folder the packages were packed into.</summary>
        public string Feed { get; }

        /// <summary>The packages' version.</summary>
        public string Version { get; }

        /// <summary>The path of package <paramref name="id"/>.</summary>
        public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

        /// <summary>
        /// Writes a console project that references package <paramref name="id"/> with <paramref name="program"/> as its
        /// Program.cs, restores it from the local feed (plus the machine's package cache for third-party packages
        /// such as ILGPU) into a package folder of its own, and runs it.
        /// </summary>
        public (int Exit, string Stdout, string Stderr) RunConsumer(string id, string program)
        {
            string app = Path.Combine(_dir.Path, "app-" + id);
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{id}" Version="{Version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), program);
            string machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
                ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(app, "packages")}" />
                  </config>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                    <add key="machine-cache" value="{machineCache}" />
                  </packageSources>
                </configuration>
                """);
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(app, "packages") };
            var (exit, stdout, stderr) = ChildProcess.Run(ChildProcess.DotnetHost, ["build", "-c", "Release", "-nologo"], app,
                TimeSpan.FromMinutes(5), environment);
            if (exit != 0) return (exit, stdout, stderr);
            Assert.True(Directory.Exists(Path.Combine(app, "packages", id.ToLowerInvariant(), Version)),
                $"{id} {Version} was not restored from the local feed");
            return ChildProcess.Run(ChildProcess.DotnetHost, ["run", "-c", "Release", "--no-build"], app, TimeSpan.FromMinutes(5), environment);
        }

        public void Dispose() => _dir.Dispose();
    }
}
