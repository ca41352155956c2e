namespace Som;

/// <summary>How agglomerative clustering measures the distance between two clusters (docs/contract.md §15).</summary>
internal enum Linkage
{
    /// <summary>The smallest distance between a point of one cluster and a point of the other.</summary>
    Single,
    /// <summary>The largest distance between a point of one cluster and a point of the other.</summary>
    Complete,
    /// <summary>The mean distance over all pairs of a point of one cluster and a point of the other (UPGMA).</summary>
    Average,
    /// <summary>Ward's minimum variance: √(2·n_a·n_b/(n_a + n_b))·‖c_a − c_b‖, scipy's height convention.</summary>
    Ward,
}
