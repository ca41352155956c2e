namespace Som;

/// <summary>
/// One row of a linkage matrix in scipy's convention (docs/contract.md §15): clusters <paramref name="A"/> &lt;
/// <paramref name="B"/> (points are 0 … n − 1, the cluster made by merge s is n + s) merge at
/// <paramref name="Height"/> into a cluster of <paramref name="Size"/> points.
/// </summary>
/// <param name="A">The smaller id of the two clusters merged.</param>
/// <param name="B">The larger id.</param>
/// <param name="Height">The linkage distance between them (Ward: the Euclidean Ward distance).</param>
/// <param name="Size">Points in the merged cluster.</param>
internal readonly record struct Merge(int A, int B, double Height, int Size);
