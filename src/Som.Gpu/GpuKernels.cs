using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Som.Gpu.Kernels;

namespace Som.Gpu;

/// <summary>
/// The engine's kernels loaded (compiled) for one accelerator, once: loading compiles, so engines on the same
/// accelerator share one set through <see cref="For"/>. Each launcher takes the stream first.
/// </summary>
internal sealed class GpuKernels
{
    private static readonly ConditionalWeakTable<Accelerator, GpuKernels> Loaded = new();

    private GpuKernels(Accelerator a)
    {
        Bmu = new BmuKernelSet(a);
        FmaPeak = a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, int, float>(PeakKernels.FmaPeakKernel);
        RankSamples = a.LoadKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, int, int>(AccumulateKernels.RankSamplesKernel);
        ScanBlockCounts = a.LoadAutoGroupedKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, int, int>(
            AccumulateKernels.ScanBlockCountsKernel);
        ScanUnitCounts = a.LoadKernel<ArrayView<int>, ArrayView<int>, int>(AccumulateKernels.ScanUnitCountsKernel);
        ScatterSamples = a.LoadAutoGroupedKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>,
            ArrayView<int>, int>(AccumulateKernels.ScatterSamplesKernel);
        SumUnitSamples = a.LoadKernel<ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, int>(
            AccumulateKernels.SumUnitSamplesKernel);
        TabulateNeighborhood = a.LoadAutoGroupedKernel<Index1D, ArrayView<double>, ArrayView<double>, int, double, double>(
            SmoothKernels.TabulateNeighborhoodKernel);
        TabulateAxisFactors = a.LoadAutoGroupedKernel<Index1D, ArrayView<double>, int, int, int, int, int, double>(
            SmoothKernels.TabulateAxisFactorsKernel);
        SmoothRows = a.LoadKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            int, int, int, int, int>(SmoothKernels.SmoothRowsKernel);
        SmoothColumns = a.LoadKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int, int, int, int, int>(SmoothKernels.SmoothColumnsKernel);
        SmoothDense = a.LoadKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, int, int, int>(SmoothKernels.SmoothDenseKernel);
        DivideUnits = a.LoadAutoGroupedKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<int>, int>(UpdateKernels.DivideUnitsKernel);
        UpdateOnline = a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int, int, double, double, double, int, int, int>(UpdateKernels.UpdateOnlineKernel);
        MeasureSamples = a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>,
            ArrayView<double>, ArrayView<int>, int, int, int, int, int, int>(QualityKernels.MeasureSamplesKernel);
        BmuDistance = a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<int>, ArrayView<float>, int>(QualityKernels.BmuDistanceKernel);
        CountHits = a.LoadAutoGroupedKernel<Index1D, ArrayView<int>, ArrayView<int>>(QualityKernels.CountHitsKernel);
        ComputeUnitNorms = a.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(
            UpdateKernels.ComputeUnitNormsKernel);
    }

    /// <summary>The kernels of <paramref name="accelerator"/>, loaded on first use.</summary>
    public static GpuKernels For(Accelerator accelerator)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(accelerator, out var kernels))
            {
                kernels = new GpuKernels(accelerator);
                Loaded.Add(accelerator, kernels);
            }
            return kernels;
        }
    }

    /// <summary>The distance + BMU kernels (<see cref="DistanceBmuKernels"/>, <see cref="TiledBmuKernels"/>), loaded on first use.</summary>
    public BmuKernelSet Bmu { get; }

    /// <summary><see cref="PeakKernels.FmaPeakKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<float>, int, float> FmaPeak { get; }

    /// <summary><see cref="AccumulateKernels.RankSamplesKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<int>, int, int> RankSamples { get; }

    /// <summary><see cref="AccumulateKernels.ScanBlockCountsKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, int, int> ScanBlockCounts { get; }

    /// <summary><see cref="AccumulateKernels.ScanUnitCountsKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<int>, ArrayView<int>, int> ScanUnitCounts { get; }

    /// <summary><see cref="AccumulateKernels.ScatterSamplesKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, int>
        ScatterSamples { get; }

    /// <summary><see cref="AccumulateKernels.SumUnitSamplesKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, int>
        SumUnitSamples { get; }

    /// <summary><see cref="SmoothKernels.TabulateNeighborhoodKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<double>, int, double, double> TabulateNeighborhood { get; }

    /// <summary><see cref="SmoothKernels.TabulateAxisFactorsKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<double>, int, int, int, int, int, double> TabulateAxisFactors { get; }

    /// <summary><see cref="SmoothKernels.SmoothRowsKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, int, int, int, int, int> SmoothRows { get; }

    /// <summary><see cref="SmoothKernels.SmoothColumnsKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, int, int, int, int, int> SmoothColumns { get; }

    /// <summary><see cref="SmoothKernels.SmoothDenseKernel"/>.</summary>
    public Action<AcceleratorStream, KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, int, int, int> SmoothDense { get; }

    /// <summary><see cref="UpdateKernels.DivideUnitsKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<double>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<int>, int> DivideUnits { get; }

    /// <summary><see cref="UpdateKernels.UpdateOnlineKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, int, int, double, double, double, int, int, int> UpdateOnline { get; }

    /// <summary><see cref="UpdateKernels.ComputeUnitNormsKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> ComputeUnitNorms { get; }

    /// <summary><see cref="QualityKernels.MeasureSamplesKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>,
        ArrayView<double>, ArrayView<int>, int, int, int, int, int, int> MeasureSamples { get; }

    /// <summary><see cref="QualityKernels.BmuDistanceKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<int>, ArrayView<float>, int> BmuDistance { get; }

    /// <summary><see cref="QualityKernels.CountHitsKernel"/>.</summary>
    public Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>> CountHits { get; }
}
