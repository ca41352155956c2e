namespace Som;

/// <summary>Lattice of the map's units (docs/contract.md §2, positions).</summary>
public enum Topology
{
    /// <summary>Unit j = y·W + x sits at (x, y).</summary>
    Rectangular,
    /// <summary>Pointy-top hexagons, odd rows shifted right: (x + 0.5·(y &amp; 1), y·√3/2).</summary>
    Hexagonal,
}
