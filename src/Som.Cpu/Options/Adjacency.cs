namespace Som;

/// <summary>Which units count as adjacent for the topographic error and the U-matrix.</summary>
public enum Adjacency
{
    /// <summary>8 on rectangular maps, 6 on hexagonal maps.</summary>
    Default,
    /// <summary>Rectangular 8-neighbourhood: δ ≤ √2 (MiniSom).</summary>
    Eight,
    /// <summary>Rectangular 4-neighbourhood: δ ≤ 1 (SOM Toolbox).</summary>
    Four,
    /// <summary>Hexagonal 6-neighbourhood: δ ≤ 1.</summary>
    Six,
}
