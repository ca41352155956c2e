namespace Som;

/// <summary>Training algorithm.</summary>
public enum TrainingMode
{
    /// <summary>Kohonen's batch map: per-unit sums, smoothed by the neighbourhood, divided. No learning rate.</summary>
    Batch,
    /// <summary>Kohonen's original sequential rule, one sample at a time, with a learning rate.</summary>
    Online,
}
