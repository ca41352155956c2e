namespace Som;

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
