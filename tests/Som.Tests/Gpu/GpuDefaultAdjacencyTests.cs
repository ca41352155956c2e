using Som.Gpu;
using Som.Tests.Engine;

namespace Som.Tests.Gpu;

/// <summary>The GPU engine's Measure reads <see cref="Adjacency.Default"/> as the CPU engine does (8 rectangular, 6 hexagonal).</summary>
[Collection(IlgpuCpuCollection.Name)]
public class GpuDefaultAdjacencyTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(Topology.Rectangular, 0.0)]
    [InlineData(Topology.Hexagonal, 1.0)]
    public void Device_measures_default_adjacency_like_the_resolved_rule(Topology topology, double expectedTe)
    {
        var options = new SomOptions { Width = 2, Height = 2, Topology = topology };
        using var gpu = new GpuEngine(fixture.Device, options, 1);
        gpu.SetWeights(DefaultAdjacencyTests.DiagonalWeights);
        var first = new int[DefaultAdjacencyTests.DiagonalSamples.Count];
        var resolved = gpu.Measure(DefaultAdjacencyTests.DiagonalSamples, gpu.Grid.Resolve(Adjacency.Default), first);
        Assert.Equal(expectedTe, resolved.TopographicError);
        Assert.Equal(expectedTe, gpu.Measure(DefaultAdjacencyTests.DiagonalSamples, Adjacency.Default, first).TopographicError);
    }
}
