using ILGPU;
using ILGPU.Runtime;
using Som.Gpu.Kernels;

namespace Som.Gpu;

/// <summary>
/// The distance + BMU kernels of one accelerator, each instantiation (tile shape × vector or scalar loads × best
/// only or best and second) compiled on first use: a training run compiles the one it launches.
/// </summary>
internal sealed class BmuKernelSet(Accelerator accelerator)
{
    private readonly Dictionary<(GpuBmuKernel, bool, bool), Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int, int, int>> _loaded = [];

    /// <summary>
    /// The concrete kernel <paramref name="kernel"/> means on this accelerator (<see cref="GpuBmuKernel.Auto"/>
    /// resolved).
    /// </summary>
    public GpuBmuKernel Resolve(GpuBmuKernel kernel) => kernel != GpuBmuKernel.Auto
        ? kernel
        : accelerator.AcceleratorType == AcceleratorType.Cuda ? GpuBmuKernel.Tile128x128 : GpuBmuKernel.Tile32x32;

    /// <summary>Samples per group of <paramref name="kernel"/> (not <see cref="GpuBmuKernel.Auto"/>).</summary>
    public static int TileSamples(GpuBmuKernel kernel) => kernel switch
    {
        GpuBmuKernel.Tile32x32 => DistanceBmuKernels.TileSamples,
        GpuBmuKernel.Tile64x64 => TiledBmuKernels.TileSamples<Tile64x64>(),
        GpuBmuKernel.Tile128x64 => TiledBmuKernels.TileSamples<Tile128x64>(),
        GpuBmuKernel.Tile128x128 => TiledBmuKernels.TileSamples<Tile128x128>(),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "expected a concrete kernel"),
    };

    /// <summary>Threads per group of <paramref name="kernel"/> (not <see cref="GpuBmuKernel.Auto"/>).</summary>
    public static int GroupSize(GpuBmuKernel kernel) => kernel switch
    {
        GpuBmuKernel.Tile32x32 => DistanceBmuKernels.GroupSize,
        GpuBmuKernel.Tile64x64 => TiledBmuKernels.GroupSize<Tile64x64>(),
        GpuBmuKernel.Tile128x64 => TiledBmuKernels.GroupSize<Tile128x64>(),
        GpuBmuKernel.Tile128x128 => TiledBmuKernels.GroupSize<Tile128x128>(),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "expected a concrete kernel"),
    };

    /// <summary>
    /// Enqueues <paramref name="kernel"/> on <paramref name="stream"/> for the <paramref name="n"/> samples of
    /// <paramref name="x"/>: float4 loads when D is a multiple of 4 (the rows are then 16-byte aligned), the
    /// second-best unit only when <paramref name="wantSecond"/> (the first kernel always writes it).
    /// </summary>
    public void Launch(GpuBmuKernel kernel, bool wantSecond, AcceleratorStream stream, ArrayView<float> x,
        ArrayView<float> xTerms, ArrayView<float> w, ArrayView<float> wTerms, ArrayView<int> first, ArrayView<int> second,
        ArrayView<float> distances, int n, int m, int d, int cosine)
    {
        kernel = Resolve(kernel);
        bool vector = d % 4 == 0 && kernel != GpuBmuKernel.Tile32x32;
        bool rankSecond = wantSecond && kernel != GpuBmuKernel.Tile32x32;
        Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int, int, int>? launch;
        lock (_loaded)
        {
            if (!_loaded.TryGetValue((kernel, vector, rankSecond), out launch))
            {
                launch = Load(kernel, vector, rankSecond);
                _loaded.Add((kernel, vector, rankSecond), launch);
            }
        }
        int tile = TileSamples(kernel);
        var config = new KernelConfig((n + tile - 1) / tile, GroupSize(kernel));
        launch(stream, config, x, xTerms, w, wTerms, first, second, distances, n, m, d, cosine);
    }

    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int, int, int> Load(GpuBmuKernel kernel, bool vector, bool second) => (kernel, vector, second) switch
    {
        (GpuBmuKernel.Tile32x32, _, _) => Load(DistanceBmuKernels.FindBmusKernel),
        (GpuBmuKernel.Tile64x64, true, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile64x64, VectorTileLoad, BestOnly>),
        (GpuBmuKernel.Tile64x64, true, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile64x64, VectorTileLoad, BestAndSecond>),
        (GpuBmuKernel.Tile64x64, false, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile64x64, ScalarTileLoad, BestOnly>),
        (GpuBmuKernel.Tile64x64, false, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile64x64, ScalarTileLoad, BestAndSecond>),
        (GpuBmuKernel.Tile128x64, true, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x64, VectorTileLoad, BestOnly>),
        (GpuBmuKernel.Tile128x64, true, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x64, VectorTileLoad, BestAndSecond>),
        (GpuBmuKernel.Tile128x64, false, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x64, ScalarTileLoad, BestOnly>),
        (GpuBmuKernel.Tile128x64, false, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x64, ScalarTileLoad, BestAndSecond>),
        (GpuBmuKernel.Tile128x128, true, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x128, VectorTileLoad, BestOnly>),
        (GpuBmuKernel.Tile128x128, true, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x128, VectorTileLoad, BestAndSecond>),
        (GpuBmuKernel.Tile128x128, false, false) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x128, ScalarTileLoad, BestOnly>),
        (GpuBmuKernel.Tile128x128, false, true) => Load(TiledBmuKernels.FindBmusTiledKernel<Tile128x128, ScalarTileLoad, BestAndSecond>),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "expected a concrete kernel"),
    };

    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int, int, int> Load(Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>,
        ArrayView<int>, ArrayView<float>, int, int, int, int> kernel) =>
        accelerator.LoadKernel(kernel);
}
