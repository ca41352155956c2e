namespace Som;

/// <summary>Lattice of the map's units (DESIGN.md §1, unit positions).</summary>
public enum Topology
{
    /// <summary>Unit j = y·W + x sits at (x, y).</summary>
    Rectangular,
    /// <summary>Pointy-top hexagons, odd rows shifted right: (x + 0.5·(y &amp; 1), y·√3/2).</summary>
    Hexagonal,
}
