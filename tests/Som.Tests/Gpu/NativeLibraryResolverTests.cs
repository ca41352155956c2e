using Som.Gpu;

namespace Som.Tests.Gpu;

public class NativeLibraryResolverTests
{
    [Theory]
    [InlineData("cuda", "libcuda.so.1")]
    [InlineData("nvcuda", "libcuda.so.1")]
    [InlineData("libcuda.so", "libcuda.so.1")]
    [InlineData("OpenCL", "libOpenCL.so.1")]
    [InlineData("libOpenCL.so", "libOpenCL.so.1")]
    [InlineData("libSkiaSharp", null)]
    public void Plain_driver_names_fall_back_to_the_versioned_files(string name, string? versioned) =>
        Assert.Equal(versioned, NativeLibraryResolver.Fallback(name));
}
