using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Som.Gpu;
using Som.Gpu.Kernels;

namespace Som.Tests.Gpu;

/// <summary>
/// The core formulas the kernels call (h(δ, σ), the lattice offset and adjacency rule, the expanded distances) give
/// the same bits inside an ILGPU kernel on the CPU accelerator as on the host, and compile to PTX by themselves:
/// one formula per quantity, checked rather than claimed.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public class SharedFormulaKernelTests(IlgpuCpuFixture fixture)
{
    private static readonly double[] Sigmas = [1e-300, 1e-6, 0.3, 1, 2.5, 7];
    private static readonly double[] Supports = [0, 0.5, 1, 2.5];

    [Fact]
    public void Neighborhood_in_a_kernel_equals_the_host_bit_for_bit()
    {
        var (kinds, deltas, sigmas, supports) = NeighborhoodCases();
        var accelerator = fixture.Device.Accelerator;
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>, ArrayView<double>>(EvaluateNeighborhoodKernel);
        using var k = accelerator.Allocate1D(kinds);
        using var d = accelerator.Allocate1D(deltas);
        using var s = accelerator.Allocate1D(sigmas);
        using var c = accelerator.Allocate1D(supports);
        using var h = accelerator.Allocate1D<double>(kinds.Length);
        kernel(kinds.Length, k.View, d.View, s.View, c.View, h.View);
        double[] device = h.GetAsArray1D();

        int nonZero = 0, undefined = 0;
        for (int i = 0; i < kinds.Length; i++)
        {
            double host = Neighborhood.Evaluate((NeighborhoodKind)kinds[i], deltas[i], sigmas[i], supports[i]);
            Assert.True(BitConverter.DoubleToInt64Bits(host) == BitConverter.DoubleToInt64Bits(device[i]),
                $"kind {kinds[i]} δ={deltas[i]:R} σ={sigmas[i]:R} c={supports[i]:R}: device {device[i]:R}, host {host:R}");
            if (host != 0 && !double.IsNaN(host)) nonZero++;
            if (double.IsNaN(host)) undefined++;
        }
        // The grid reaches every branch: non-zero weights, and NaN (not an exception) for an undefined kind.
        Assert.True(nonZero > kinds.Length / 4, $"only {nonZero} of {kinds.Length} weights are non-zero");
        Assert.True(undefined > 0);
    }

    [Fact]
    public void The_engines_tabulation_kernels_equal_the_host_bit_for_bit()
    {
        var accelerator = fixture.Device.Accelerator;
        var tabulate = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int,
            double, double>(SmoothKernels.TabulateNeighborhoodKernel);
        var axis = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, int, int, int, int, double>(
            SmoothKernels.TabulateAxisFactorsKernel);
        foreach (double sigma in Sigmas)
        {
            double[] deltas = Deltas(sigma, Supports);
            using var d = accelerator.Allocate1D(deltas);
            using var h = accelerator.Allocate1D<double>(deltas.Length);
            foreach (var kind in Enum.GetValues<NeighborhoodKind>())
            {
                foreach (double support in Supports)
                {
                    tabulate((int)deltas.Length, d.View, h.View, (int)kind, sigma, support);
                    double[] device = h.GetAsArray1D();
                    for (int i = 0; i < deltas.Length; i++)
                    {
                        double host = Neighborhood.Evaluate(kind, deltas[i], sigma, support);
                        Assert.True(BitConverter.DoubleToInt64Bits(host) == BitConverter.DoubleToInt64Bits(device[i]),
                            $"{kind} δ={deltas[i]:R} σ={sigma:R} c={support:R}: device {device[i]:R}, host {host:R}");
                    }
                }
            }
            foreach (var (w, hgt, topology, toroidal) in new[] { (1, 1, Topology.Rectangular, false),
                (5, 4, Topology.Rectangular, false), (5, 4, Topology.Rectangular, true), (6, 7, Topology.Rectangular, true),
                (5, 3, Topology.Hexagonal, false), (7, 4, Topology.Hexagonal, true) })
            {
                foreach (var kind in new[] { NeighborhoodKind.Gaussian, NeighborhoodKind.MexicanHat })
                {
                    int length = Neighborhood.FactorTableLength(w, hgt);
                    using var g = accelerator.Allocate1D<double>(length);
                    axis(length, g.View, (int)kind, w, hgt, (int)topology, toroidal ? 1 : 0, sigma);
                    double[] device = g.GetAsArray1D();
                    for (int i = 0; i < length; i++)
                    {
                        double host = Neighborhood.FactorTableEntry(i, kind, w, hgt, topology, toroidal, sigma);
                        // Finite even where σ² underflows (σ = 1e-300): a NaN factor would make every smoothed weight NaN.
                        Assert.True(double.IsFinite(host), $"{kind} factor {i} of {w}x{hgt} {topology} torus={toroidal} σ={sigma:R}: {host:R}");
                        Assert.True(BitConverter.DoubleToInt64Bits(host) == BitConverter.DoubleToInt64Bits(device[i]),
                            $"{kind} factor {i} of {w}x{hgt} {topology} torus={toroidal} σ={sigma:R}: device {device[i]:R}, host {host:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(Topology.Rectangular, false, 1, 1)]
    [InlineData(Topology.Rectangular, false, 3, 5)]
    [InlineData(Topology.Rectangular, true, 3, 5)]
    [InlineData(Topology.Rectangular, true, 2, 2)]
    [InlineData(Topology.Rectangular, true, 6, 4)]
    [InlineData(Topology.Hexagonal, false, 1, 1)]
    [InlineData(Topology.Hexagonal, false, 3, 5)]
    [InlineData(Topology.Hexagonal, true, 3, 5)]
    [InlineData(Topology.Hexagonal, true, 6, 4)]
    [InlineData(Topology.Hexagonal, false, 15, 17)]
    [InlineData(Topology.Hexagonal, true, 15, 17)]
    [InlineData(Topology.Rectangular, true, 15, 17)]
    public void Lattice_offset_and_adjacency_in_a_kernel_equal_the_host(Topology topology, bool toroidal, int width, int height)
    {
        int m = width * height, pairs = m * m;
        var accelerator = fixture.Device.Accelerator;
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>,
            int, int, int, int>(LatticeKernel);
        using var columns = accelerator.Allocate1D<double>(pairs);
        using var rows = accelerator.Allocate1D<double>(pairs);
        using var adjacent = accelerator.Allocate1D<int>(pairs);
        kernel(pairs, columns.View, rows.View, adjacent.View, width, height, (int)topology, toroidal ? 1 : 0);
        double[] deviceColumns = columns.GetAsArray1D(), deviceRows = rows.GetAsArray1D();
        int[] deviceAdjacent = adjacent.GetAsArray1D();

        var grid = new MapGrid(width, height, topology, toroidal);
        var rules = new[] { Adjacency.Eight, Adjacency.Four, Adjacency.Six };
        int adjacentPairs = 0;
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < m; k++)
            {
                int p = j * m + k, yj = j / width;
                var host = MapGrid.LatticeOffset(k % width - j % width, k / width - yj, yj & 1, width, height, topology, toroidal);
                var reference = ReferenceLatticeOffset(k % width - j % width, k / width - yj, yj & 1, width, height, topology, toroidal);
                string what = $"{topology} torus={toroidal} {width}x{height} j={j} k={k}";
                Assert.True(SameBits(host.Columns, deviceColumns[p]) && SameBits(host.Rows, deviceRows[p]),
                    $"offset {what}: device ({deviceColumns[p]:R}, {deviceRows[p]:R}), host {host}");
                Assert.True(SameBits(host.Columns, reference.Columns) && SameBits(host.Rows, reference.Rows),
                    $"offset {what}: host {host}, reference {reference}");
                for (int r = 0; r < rules.Length; r++)
                {
                    bool onDevice = (deviceAdjacent[p] & (1 << r)) != 0;
                    Assert.True(grid.AreAdjacent(j, k, rules[r]) == onDevice, $"{rules[r]} {what}: device {onDevice}");
                    Assert.True(ReferenceAdjacent(grid, j, k, rules[r]) == onDevice, $"{rules[r]} {what}: plane reference differs");
                    if (onDevice) adjacentPairs++;
                }
            }
        }
        if (m > 1) Assert.True(adjacentPairs > 0, "no adjacent pair at all");
    }

    [Fact]
    public void Distance_terms_and_distances_in_a_kernel_equal_the_host_bit_for_bit()
    {
        float[] squared = [0f, float.Epsilon, 1e-30f, 0.25f, 1f, 2f, 3f, 784f, 123456.7f, 3e38f, float.PositiveInfinity];
        float[] dots = [0f, -1f, 0.5f, 1f, 1.0000001f, 0.9999999f, 17.25f, -3e5f, 1e20f, -0f, 2.5f];
        int n = squared.Length;
        var accelerator = fixture.Device.Accelerator;
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            ExpandedDistanceKernel);
        using var input = accelerator.Allocate1D(squared);
        using var dot = accelerator.Allocate1D(dots);
        using var output = accelerator.Allocate1D<float>(5 * n * n);
        kernel(n * n, input.View, dot.View, output.View);
        float[] device = output.GetAsArray1D();
        int clamped = 0;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                int p = 5 * (i * n + k);
                float x = squared[i], w = squared[k], d = dots[(i + k) % n];
                float cosTerm = ExpandedDistance.SampleTerm(DistanceMetric.Cosine, x), scale = ExpandedDistance.UnitCosineScale(w);
                float[] host =
                [
                    ExpandedDistance.SampleTerm(DistanceMetric.Euclidean, x), cosTerm, scale,
                    ExpandedDistance.Euclidean(d, x, w), ExpandedDistance.Cosine(d, cosTerm, scale),
                ];
                for (int q = 0; q < 5; q++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(host[q]) == BitConverter.SingleToInt32Bits(device[p + q]),
                        $"output {q} of ‖x‖²={x:R} ‖w‖²={w:R} dot={d:R}: device {device[p + q]:R}, host {host[q]:R}");
                }
                if (host[3] == 0 && (x + w) - d * 2f < 0) clamped++;
            }
        }
        // The conventions: a zero vector has cosine terms 0, so its distance is 1; the Euclidean clamp is reached.
        Assert.Equal(0f, ExpandedDistance.SampleTerm(DistanceMetric.Cosine, 0f));
        Assert.Equal(0f, ExpandedDistance.UnitCosineScale(0f));
        Assert.Equal(1f, ExpandedDistance.Cosine(5f, 0f, -0.5f));
        Assert.Equal(0.5f, ExpandedDistance.SampleTerm(DistanceMetric.Cosine, 4f));
        Assert.Equal(-0.5f, ExpandedDistance.UnitCosineScale(4f));
        Assert.True(clamped > 0);
    }

    [Fact]
    public void Som_gpu_sees_only_the_public_core()
    {
        // The kernels reach the core through its public functions: Som.Cpu grants its internals to no engine.
        var granted = typeof(MapGrid).Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName).ToList();
        Assert.Contains("Som.Tests", granted);
        Assert.DoesNotContain(typeof(GpuKernels).Assembly.GetName().Name, granted);
    }

    [Fact]
    public void The_test_kernels_compile_to_ptx()
    {
        // The shared core functions reached from these kernels alone, without the engine's kernels around them.
        foreach (var name in new[] { nameof(EvaluateNeighborhoodKernel), nameof(LatticeKernel), nameof(ExpandedDistanceKernel) })
        {
            var method = typeof(SharedFormulaKernelTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            using var context = Context.Create(builder => builder.EnableAlgorithms());
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80),
                CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, nvvmAPI: null);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method),
                default(KernelSpecialization));
            Assert.Contains(".entry", compiled.PTXAssembly, StringComparison.Ordinal);
        }
    }

    private static void EvaluateNeighborhoodKernel(Index1D i, ArrayView<int> kinds, ArrayView<double> deltas,
        ArrayView<double> sigmas, ArrayView<double> supports, ArrayView<double> h) =>
        h[i] = Neighborhood.Evaluate((NeighborhoodKind)kinds[i], deltas[i], sigmas[i], supports[i]);

    private static void LatticeKernel(Index1D p, ArrayView<double> columns, ArrayView<double> rows, ArrayView<int> adjacent,
        int width, int height, int topology, int toroidal)
    {
        int m = width * height;
        int j = p / m, k = p % m, yj = j / width;
        var t = (Topology)topology;
        bool wrap = toroidal != 0;
        var (c, r) = MapGrid.LatticeOffset(k % width - j % width, k / width - yj, yj & 1, width, height, t, wrap);
        columns[p] = c;
        rows[p] = r;
        adjacent[p] = (MapGrid.IsAdjacent(j, k, width, height, t, wrap, Adjacency.Eight) ? 1 : 0)
            | (MapGrid.IsAdjacent(j, k, width, height, t, wrap, Adjacency.Four) ? 2 : 0)
            | (MapGrid.IsAdjacent(j, k, width, height, t, wrap, Adjacency.Six) ? 4 : 0);
    }

    private static void ExpandedDistanceKernel(Index1D p, ArrayView<float> squared, ArrayView<float> dots,
        ArrayView<float> output)
    {
        int n = (int)squared.Length;
        int i = p / n, k = p % n;
        float x = squared[i], w = squared[k], d = dots[(i + k) % n];
        float cosTerm = ExpandedDistance.SampleTerm(DistanceMetric.Cosine, x), scale = ExpandedDistance.UnitCosineScale(w);
        output[5 * p] = ExpandedDistance.SampleTerm(DistanceMetric.Euclidean, x);
        output[5 * p + 1] = cosTerm;
        output[5 * p + 2] = scale;
        output[5 * p + 3] = ExpandedDistance.Euclidean(d, x, w);
        output[5 * p + 4] = ExpandedDistance.Cosine(d, cosTerm, scale);
    }

    /// <summary>δ values around every edge: 0, σ and its neighbours, each c·σ and its neighbours, far beyond, and fixed grid distances.</summary>
    private static double[] Deltas(double sigma, double[] supports)
    {
        var deltas = new List<double> { 0, sigma, Math.BitDecrement(sigma), Math.BitIncrement(sigma), 0.5 * sigma, 3 * sigma, 1e6 * sigma };
        foreach (double c in supports)
        {
            if (c == 0) continue;
            deltas.AddRange([c * sigma, Math.BitDecrement(c * sigma), Math.BitIncrement(c * sigma)]);
        }
        deltas.AddRange([0.5, 1, Math.Sqrt(2), Math.Sqrt(3), 2, 3, 10, 40, 1000]);
        return [.. deltas];
    }

    private static (int[] Kinds, double[] Deltas, double[] Sigmas, double[] Supports) NeighborhoodCases()
    {
        var kinds = new List<int>();
        var deltas = new List<double>();
        var sigmas = new List<double>();
        var supports = new List<double>();
        // The defined kinds and one undefined (9).
        int[] allKinds = [.. Enum.GetValues<NeighborhoodKind>().Select(k => (int)k), 9];
        foreach (int kind in allKinds)
            foreach (double sigma in Sigmas)
                foreach (double c in Supports)
                    foreach (double delta in Deltas(sigma, Supports))
                    {
                        kinds.Add(kind);
                        deltas.Add(delta);
                        sigmas.Add(sigma);
                        supports.Add(c);
                    }
        return ([.. kinds], [.. deltas], [.. sigmas], [.. supports]);
    }

    /// <summary>The lattice offset as first written, with Math.Round away from zero, to pin the host's results.</summary>
    private static (double Columns, double Rows) ReferenceLatticeOffset(int dx, int dy, int parity, int width, int height,
        Topology topology, bool toroidal)
    {
        double px = dx, rows = dy;
        if (topology == Topology.Hexagonal) px += 0.5 * (((parity + dy) & 1) - parity);
        if (toroidal)
        {
            px -= width * Math.Round(px / width, MidpointRounding.AwayFromZero);
            rows -= height * Math.Round(rows / height, MidpointRounding.AwayFromZero);
        }
        return (px, rows);
    }

    /// <summary>Adjacency from the units' plane offset (rows scaled by √3/2 on a hexagonal map), within the rule's slack.</summary>
    private static bool ReferenceAdjacent(MapGrid grid, int j, int k, Adjacency rule)
    {
        if (j == k) return false;
        var (dx, dy) = grid.Offset(j, k);
        return dx * dx + dy * dy <= (rule == Adjacency.Eight ? 2.0 : 1.0) + 1e-9;
    }

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
