namespace Som;

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
