namespace Som;

/// <summary>Lattice of the map's units (DESIGN.md §1, unit positions).</summary>
public enum Topology
{
    /// <summary>Unit j = y·W + x sits at (x, y).</summary>
    Rectangular,
    /// <summary>Pointy-top hexagons, odd rows shifted right: (x + 0.5·(y &amp; 1), y·√3/2).</summary>
    Hexagonal,
}

/// <summary>How the grid distance δ(j, k) between two units is measured.</summary>
public enum GridMetric
{
    /// <summary>Euclidean distance between unit positions (the default; the only one on hexagonal maps).</summary>
    Euclidean,
    /// <summary>|dx| + |dy| (rectangular maps only).</summary>
    Manhattan,
    /// <summary>max(|dx|, |dy|) (rectangular maps only).</summary>
    Chebyshev,
}

/// <summary>Neighbourhood function h(δ, σ).</summary>
public enum NeighborhoodKind
{
    /// <summary>exp(−δ²/2σ²).</summary>
    Gaussian,
    /// <summary>1 if δ ≤ σ, else 0.</summary>
    Bubble,
    /// <summary>(1 − δ²/σ²)·exp(−δ²/2σ²); negative lobes beyond δ = σ.</summary>
    MexicanHat,
    /// <summary>max(0, 1 − δ/σ).</summary>
    Triangle,
}

/// <summary>How a value moves from its start v0 to its end vT over steps t = 0 … T−1.</summary>
public enum ScheduleKind
{
    /// <summary>v0 + (vT − v0)·t/(T−1).</summary>
    Linear,
    /// <summary>v0·(vT/v0)^(t/(T−1)).</summary>
    Exponential,
    /// <summary>v0 / (1 + t/(T/2)); has no end value.</summary>
    Inverse,
}

/// <summary>Training algorithm.</summary>
public enum TrainingMode
{
    /// <summary>Kohonen's batch map: per-unit sums, smoothed by the neighbourhood, divided. No learning rate.</summary>
    Batch,
    /// <summary>Kohonen's original sequential rule, one sample at a time, with a learning rate.</summary>
    Online,
}

/// <summary>Distance used to find the best-matching unit.</summary>
public enum DistanceMetric
{
    /// <summary>Squared Euclidean ‖x‖² − 2x·w + ‖w‖², clamped at 0.</summary>
    Euclidean,
    /// <summary>1 − x·w / (‖x‖‖w‖), defined as 1 when a norm is 0.</summary>
    Cosine,
}

/// <summary>How the codebook is initialised (all from the run's seed).</summary>
public enum InitMethod
{
    /// <summary>Uniform random within each feature's data range.</summary>
    Random,
    /// <summary>Randomly chosen data samples.</summary>
    Samples,
    /// <summary>Linear initialisation on the two leading principal components (SOM Toolbox som_lininit).</summary>
    Pca,
}

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
