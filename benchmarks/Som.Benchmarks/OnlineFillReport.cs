using System.Globalization;
using Som.Cpu;

namespace Som.Benchmarks;

/// <summary>
/// The online rule's coefficients alone (<see cref="OnlineCoefficients.Fill"/>), one thread, CPU time: a 32 × 32
/// Gaussian map, one call per sample with a BMU drawn at random, over the whole map (one worker) and over its first
/// half (the first of two workers), at the σ of each fifth of an epoch's schedule (8 → 0.5, exponential), microseconds
/// per call (best of 5).
/// </summary>
public static unsafe class OnlineFillReport
{
    /// <summary>Prints the table.</summary>
    public static void Run()
    {
        var options = new SomOptions { Width = 32, Height = 32, Mode = TrainingMode.Online }.Validate();
        var offsets = new OffsetTable(new MapGrid(options));
        var coefficients = new OnlineCoefficients(options, offsets);
        const int calls = 20_000;
        var bmus = new int[calls];
        var rng = new SomRandom(3);
        for (int i = 0; i < calls; i++) bmus[i] = rng.NextInt(options.Units);
        var c = new float[options.Units];
        Console.WriteLine($"Online coefficients, 32x32 Gaussian, {calls:N0} calls per σ, µs per call (best of 5), one thread, CPU time");
        foreach (var (label, j1) in new[] { ("all 1,024 units", options.Units), ("first 512 units", options.Units / 2) })
        {
            var line = new List<string>();
            for (int fifth = 0; fifth < 5; fifth++)
            {
                double sigma = Schedule.Value(ScheduleKind.Exponential, 8, 0.5, 2 * fifth + 1, 10);
                double best = double.PositiveInfinity;
                for (int r = 0; r < 5; r++)
                {
                    double t0 = CpuClock.Thread();
                    fixed (float* p = c)
                        for (int i = 0; i < calls; i++) coefficients.Fill(bmus[i], sigma, 0.3, 0, j1, p);
                    best = Math.Min(best, CpuClock.Thread() - t0);
                }
                line.Add(string.Create(CultureInfo.InvariantCulture, $"σ {sigma:F2}: {best * 1e6 / calls:F2}"));
            }
            Console.WriteLine($"  {label,-16} {string.Join("  ", line)}");
        }
    }
}
