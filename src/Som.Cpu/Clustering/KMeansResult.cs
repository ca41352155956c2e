namespace Som;

/// <summary>The best of a k-means fit's restarts (docs/contract.md §13).</summary>
/// <param name="K">Number of clusters k.</param>
/// <param name="Centres">The k × D centres, row-major.</param>
/// <param name="Labels">The cluster of every sample: its nearest centre on <paramref name="Centres"/> (lowest index on ties).</param>
/// <param name="Inertia">Σ_i ‖x_i − c_b(i)‖², in double.</param>
/// <param name="Iterations">Assignment steps of the best restart (the last one changed nothing unless it hit the limit).</param>
/// <param name="Converged">Whether the best restart stopped because no assignment changed (rather than at the limit).</param>
/// <param name="BestRestart">Index (from 0) of the restart kept.</param>
/// <param name="RestartInertias">The inertia of every restart, in the order they ran.</param>
/// <param name="InitSeconds">Wall time spent drawing the k-means++ starts, all restarts together.</param>
internal sealed record KMeansResult(
    int K,
    float[] Centres,
    int[] Labels,
    double Inertia,
    int Iterations,
    bool Converged,
    int BestRestart,
    double[] RestartInertias,
    double InitSeconds = 0)
{
    /// <summary>Samples per cluster, C_k.</summary>
    public int[] Sizes()
    {
        var sizes = new int[K];
        foreach (int b in Labels) sizes[b]++;
        return sizes;
    }
}
