namespace Som;

/// <summary>Distance used to find the best-matching unit.</summary>
public enum DistanceMetric
{
    /// <summary>Squared Euclidean ‖x‖² − 2x·w + ‖w‖², clamped at 0.</summary>
    Euclidean,
    /// <summary>1 − x·w / (‖x‖‖w‖), defined as 1 when a norm is 0.</summary>
    Cosine,
}
