using Som.Cpu;

namespace Som.Runner.Data;

/// <summary>
/// How another SOM library numbers the units of a map, mapped to SomGpu's unit j = y·W + x on SomGpu's grid
/// (docs/contract.md §1, §2), so a codebook trained elsewhere becomes a SomGpu model with every grid distance
/// kept (benchmarks/compare/README.md, "Unit order").
/// </summary>
internal static class PeerUnitOrder
{
    /// <summary>The orders <c>som import --order</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["somgpu", "kohonen"];

    /// <summary>
    /// <c>map[k]</c> = the SomGpu unit of R kohonen's unit k (0-based) on a <paramref name="width"/> ×
    /// <paramref name="height"/> map.
    /// </summary>
    /// <remarks>
    /// kohonen's <c>somgrid</c> lists units as <c>expand.grid(x = 1:W, y = 1:H)</c>, x fastest, so its unit k is
    /// column c = k mod W of row r = k div W, as in SomGpu: a rectangular map is the same map. On a hexagonal map
    /// kohonen places unit (c, r) at <c>(c + 1 + ½·((r + 1) mod 2), (r + 1)·√3/2)</c>: its rows r = 0, 2, 4, …
    /// sit half a unit right, where SomGpu shifts rows 1, 3, 5, … (docs/contract.md §2). Mirroring the columns,
    /// c → W − 1 − c, turns kohonen's layout into SomGpu's for every W and H (a reflection and a translation, so
    /// every distance, planar or on the torus, is kept); a flip of the rows would only do it for even H.
    /// </remarks>
    public static int[] Kohonen(int width, int height, Topology topology)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var map = new int[width * height];
        for (int k = 0; k < map.Length; k++)
        {
            int r = k / width, c = k % width;
            map[k] = topology == Topology.Hexagonal ? r * width + (width - 1 - c) : k;
        }
        return map;
    }

    /// <summary>
    /// The codebook <paramref name="peer"/> (M × D, row k = the peer's unit k) in SomGpu's unit order, by
    /// <paramref name="map"/> (peer unit k → SomGpu unit <c>map[k]</c>).
    /// </summary>
    public static float[] ToSomGpu(ReadOnlySpan<float> peer, int[] map, int features)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (peer.Length != map.Length * features)
            throw new ArgumentException($"{peer.Length} values: expected {map.Length} units × {features} features", nameof(peer));
        var ours = new float[peer.Length];
        for (int k = 0; k < map.Length; k++) peer.Slice(k * features, features).CopyTo(ours.AsSpan(map[k] * features, features));
        return ours;
    }
}
