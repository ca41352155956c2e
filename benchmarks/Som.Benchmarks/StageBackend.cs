namespace Som.Benchmarks;

/// <summary>Where a stage runs: the CPU engine with one kernel instruction set, or an ILGPU accelerator.</summary>
public enum StageBackend
{
    /// <summary>The CPU engine, 512-bit kernels.</summary>
    CpuVector512,
    /// <summary>The CPU engine, 256-bit kernels.</summary>
    CpuVector256,
    /// <summary>The CPU engine, scalar kernels.</summary>
    CpuScalar,
    /// <summary>The GPU engine on ILGPU's CPU accelerator (a simulator: tiny sizes only).</summary>
    IlgpuCpu,
    /// <summary>The GPU engine on a CUDA device.</summary>
    Cuda,
    /// <summary>The GPU engine on an OpenCL device.</summary>
    OpenCL,
}
