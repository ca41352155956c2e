namespace Som;

/// <summary>QE, TE and hits of a data set on a codebook.</summary>
/// <param name="QuantizationError">mean_i ‖x_i − w_b(i)‖.</param>
/// <param name="TopographicError">Share of samples whose first and second BMU are not adjacent.</param>
/// <param name="Hits">Samples per unit.</param>
public sealed record MapQuality(double QuantizationError, double TopographicError, int[] Hits);
