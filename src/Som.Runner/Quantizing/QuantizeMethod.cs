namespace Som.Runner.Quantizing;

/// <summary>How the palette is learned.</summary>
internal enum QuantizeMethod
{
    /// <summary>k-means with K centres (docs/contract.md §13).</summary>
    KMeans,

    /// <summary>A batch SOM of K units, then one k-means step so that each colour is the mean of the pixels it wins.</summary>
    Som,
}
