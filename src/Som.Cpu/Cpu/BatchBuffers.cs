namespace Som.Cpu;

/// <summary>The batch update's working arrays (double), kept across epochs so an epoch allocates nothing large.</summary>
internal sealed class BatchBuffers(int units, int features)
{
    /// <summary>Features D.</summary>
    public int Features { get; } = features;
    /// <summary>S_k, M × D.</summary>
    public double[] Sums { get; } = new double[(long)units * features];
    /// <summary>C_k, M.</summary>
    public double[] Counts { get; } = new double[units];
    /// <summary>Σ_k h·S_k, M × D.</summary>
    public double[] Numerators { get; } = new double[(long)units * features];
    /// <summary>Σ_k h·C_k, M.</summary>
    public double[] Denominators { get; } = new double[units];
    /// <summary>The first separable pass, M × D.</summary>
    public double[] Temporary { get; } = new double[(long)units * features];
    /// <summary>The first separable pass of the mexican hat's second term, M × D (allocated on first use).</summary>
    public double[] SecondTemporary => _secondTemporary ??= new double[Temporary.Length];
    private double[]? _secondTemporary;
    /// <summary>BMU per sample, grown to the largest data set seen.</summary>
    public int[] Bmus { get; private set; } = [];

    /// <summary>Each sample's distance to its BMU, grown to the largest data set seen.</summary>
    public float[] Distances { get; private set; } = [];

    /// <summary>A BMU-distance array of exactly <paramref name="count"/> entries (reused when the size repeats).</summary>
    public float[] DistancesFor(int count)
    {
        if (Distances.Length != count) Distances = new float[count];
        return Distances;
    }

    /// <summary>A BMU array of exactly <paramref name="count"/> entries (reused when the size repeats).</summary>
    public int[] BmusFor(int count)
    {
        if (Bmus.Length != count) Bmus = new int[count];
        return Bmus;
    }
}
