namespace Som.Benchmarks;

/// <summary>y ≈ <see cref="Coefficient"/> · x^<see cref="Exponent"/>, fitted by <see cref="PowerLawFit.Fit"/>.</summary>
/// <param name="Exponent">The slope of the least-squares line through (ln x, ln y).</param>
/// <param name="Coefficient">e to the intercept of that line: y at x = 1.</param>
/// <param name="RSquared">1 − residual / total sum of squares of ln y (1 when every point is on the line).</param>
public readonly record struct PowerLaw(double Exponent, double Coefficient, double RSquared)
{
    /// <summary>The fitted y at <paramref name="x"/>.</summary>
    public double At(double x) => Coefficient * Math.Pow(x, Exponent);
}
