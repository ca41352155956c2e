namespace Som.Tests.Gpu;

/// <summary>The GPU tests share one ILGPU CPU accelerator and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu-cpu";
}
