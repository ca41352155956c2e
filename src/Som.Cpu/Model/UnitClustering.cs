namespace Som;

/// <summary>A clustering of a map's units: its name, the method and k it was made with, and a cluster per unit.</summary>
public sealed class UnitClustering
{
    /// <summary>Creates a clustering; <paramref name="clusters"/> holds one cluster 0 … k − 1 per unit.</summary>
    /// <exception cref="SomDataException">An empty name or method, k &lt; 1, or a cluster outside 0 … k − 1.</exception>
    public UnitClustering(string name, string method, int k, int[] clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        if (string.IsNullOrWhiteSpace(name)) throw new SomDataException("clustering name is empty: expected a name");
        if (string.IsNullOrWhiteSpace(method)) throw new SomDataException($"clustering '{name}': the method is empty: expected a name such as kmeans");
        if (k < 1) throw new SomDataException($"clustering '{name}': k = {k}: expected at least 1");
        for (int j = 0; j < clusters.Length; j++)
        {
            if (clusters[j] < 0 || clusters[j] >= k)
                throw new SomDataException($"clustering '{name}': cluster {clusters[j]} of unit {j}: expected 0 … {k - 1}");
        }
        Name = name;
        Method = method;
        K = k;
        Clusters = clusters;
    }

    /// <summary>The clustering's name, unique in a model.</summary>
    public string Name { get; }
    /// <summary>How it was made (e.g. "kmeans").</summary>
    public string Method { get; }
    /// <summary>Number of clusters k.</summary>
    public int K { get; }
    /// <summary>Cluster of each unit, 0 … k − 1.</summary>
    public int[] Clusters { get; }
}
