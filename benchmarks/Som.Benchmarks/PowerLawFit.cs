using System.Globalization;

namespace Som.Benchmarks;

/// <summary>The exponent of a scaling curve: a least-squares straight line on log-log axes.</summary>
public static class PowerLawFit
{
    /// <summary>
    /// Fits ln y = ln c + k · ln x by ordinary least squares over the points (x_i, y_i), in double:
    /// k = Σ(u − ū)(v − v̄) / Σ(u − ū)², ln c = v̄ − k·ū with u = ln x, v = ln y.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length, hold fewer than 2 points, a value that is
    /// not finite and positive, or only one distinct x.</exception>
    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"{x.Count} x values and {y.Count} y values: expected as many of each", nameof(y));
        if (x.Count < 2) throw new ArgumentException($"{x.Count} points: expected at least 2 to fit a power law", nameof(x));
        int n = x.Count;
        var u = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = Log(x[i], "x", i, nameof(x));
            v[i] = Log(y[i], "y", i, nameof(y));
        }
        double uMean = u.Average(), vMean = v.Average();
        double suu = 0, suv = 0, svv = 0;
        for (int i = 0; i < n; i++)
        {
            suu += (u[i] - uMean) * (u[i] - uMean);
            suv += (u[i] - uMean) * (v[i] - vMean);
            svv += (v[i] - vMean) * (v[i] - vMean);
        }
        if (!(suu > 0)) throw new ArgumentException($"every x is {x[0].ToString("G6", CultureInfo.InvariantCulture)}: expected at least 2 distinct x values", nameof(x));
        double k = suv / suu, lnC = vMean - k * uMean;
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double e = v[i] - (lnC + k * u[i]);
            residual += e * e;
        }
        double r2 = svv > 0 ? 1 - residual / svv : 1;
        return new PowerLaw(k, Math.Exp(lnC), r2);
    }

    private static double Log(double value, string axis, int index, string parameter) =>
        double.IsFinite(value) && value > 0
            ? Math.Log(value)
            : throw new ArgumentException($"{axis}[{index}] = {value.ToString("G6", CultureInfo.InvariantCulture)}: expected a finite value above 0 on a log axis", parameter);
}
