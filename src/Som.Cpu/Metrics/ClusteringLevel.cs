namespace Som;

/// <summary>The clustering indices at one level of a trained map (<see cref="ClusteringIndices.AtLevels"/>).</summary>
/// <param name="Number">1, 2 or 3.</param>
/// <param name="Name">What is clustered and by what ("samples by BMU" …).</param>
/// <param name="Points">Points at this level.</param>
/// <param name="Clusters">Non-empty clusters k.</param>
/// <param name="Silhouette">Mean silhouette (null when undefined).</param>
/// <param name="SilhouetteSample">Points of the subsample the silhouette was computed on (null: all of them, exactly).</param>
/// <param name="DaviesBouldin">Davies–Bouldin index (null when undefined).</param>
/// <param name="CalinskiHarabasz">Calinski–Harabasz index (null when undefined).</param>
/// <param name="Undefined">Why an index is missing, or null.</param>
internal sealed record ClusteringLevel(int Number, string Name, int Points, int Clusters, double? Silhouette, int? SilhouetteSample,
    double? DaviesBouldin, double? CalinskiHarabasz, string? Undefined);
