using System.Globalization;
using Som.Benchmarks;

namespace Som.Tests.Benchmarks;

/// <summary>
/// The scaling study end to end on a tiny seeded image set (6 × 6 pixels, so D = 36 and 9 after the 2 × 2 mean),
/// odd maps, one run per figure, the GPU engine on ILGPU's CPU accelerator: the rows it must measure, the CSV, the
/// table and the charts it must write, and the ratios derived from a given peak.
/// </summary>
public class ScalingReportTests
{
    [Fact]
    public void A_tiny_study_measures_every_sweep_and_writes_the_csv_table_and_charts()
    {
        if (LogLogChart.Unavailable() is { } why) Assert.Fail(why + " (data-scripts/setup.sh installs it)");
        var rng = new Random(5);
        var values = new float[127 * 36];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextSingle();
        var set = new Dataset("tiny", new SampleMatrix(values, 127, 36), image: new ImageShape(6, 6, 1));
        var plan = new ScalingPlan
        {
            Samples = [31, 127, 1000],
            SamplesSide = 3,
            Sides = [3, 5],
            MapSamples = 0,
            NonSeparableSide = 5,
            Repeats = 1,
            WarmupSeconds = 0,
            GpuDevice = "ilgpu-cpu",
            GpuSides = [3, 5],
        };
        var peaks = new Dictionary<(int, int), double>();
        foreach (int bits in new[] { 512, 256, 32 }) peaks[(bits, Environment.ProcessorCount)] = 100;
        string folder = Path.Combine(Path.GetTempPath(), "som-scaling-" + Guid.NewGuid().ToString("N"));
        var lines = new List<string>();
        try
        {
            var rows = ScalingReport.Run(plan, set, folder, peaks, lines.Add);

            Assert.Contains(lines, l => l.Contains("N = 1000: skipped", StringComparison.Ordinal));
            string[] expected =
            [
                "samples 3x3 31 36", "samples 3x3 31 9", "samples 3x3 127 36", "samples 3x3 127 9",
                "map 3x3 127 36", "map 3x3 127 9", "map 5x5 127 36", "map 5x5 127 9",
                "non-separable 5x5 rectangular gaussian 127 36", "non-separable 5x5 rectangular bubble 127 36",
                "non-separable 5x5 hexagonal gaussian 127 36", "map 3x3 127 36", "map 5x5 127 36",
            ];
            Assert.Equal(expected, rows.Select(r => r.Sweep == "non-separable"
                ? $"{r.Sweep} {r.Map} {r.Samples} {r.Features}"
                : $"{r.Sweep} {r.Map.Split(' ')[0]} {r.Samples} {r.Features}"));
            Assert.Equal(11, rows.Count(r => r.Backend.StartsWith("cpu", StringComparison.Ordinal)));
            Assert.Equal(2, rows.Count(r => r.Backend == "gpu ilgpu-cpu"));
            foreach (var r in rows)
            {
                Assert.True(r.Epoch > 0 && r.Distance > 0 && r.Accumulate > 0 && r.Smoothing > 0, $"{r}: a stage took no time");
                if (r.Backend.StartsWith("cpu", StringComparison.Ordinal))
                    Assert.True(r.Cpu is { Epoch: > 0, Distance: > 0, Accumulate: >= 0, Smoothing: >= 0 }, $"{r}: no CPU seconds");
                else
                    Assert.Null(r.Cpu);
                Assert.Equal(r.Side * r.Side, r.Units);
                Assert.Equal(r.Side / 4.0, r.Sigma);
                Assert.Equal(r.Epoch / ((double)r.Samples * r.Units * r.Features) * 1e9, r.NanosecondsPerNmd, 1e-9);
                double floor = r.Backend.StartsWith("cpu", StringComparison.Ordinal) ? 2.0 * r.Samples * r.Units * r.Features / 100e9 : 0;
                Assert.Equal(floor, r.DistanceFloor, 1e-15);
            }

            string[] csv = File.ReadAllLines(Path.Combine(folder, "scaling.csv"));
            Assert.Equal(ScalingRow.CsvHeader, csv[0]);
            Assert.Equal(rows.Count + 1, csv.Length);
            var cells = csv[1].Split(',');
            Assert.Equal(ScalingRow.CsvHeader.Split(',').Length, cells.Length);
            Assert.Equal(rows[0].Epoch, double.Parse(cells[9], CultureInfo.InvariantCulture), rows[0].Epoch * 1e-5);
            string md = File.ReadAllText(Path.Combine(folder, "scaling.md"));
            Assert.Equal(rows.Count + 2, md.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            foreach (string png in new[] { "scaling-n.png", "scaling-map.png", "scaling-d.png", "scaling-map-gpu.png" })
                Assert.True(new FileInfo(Path.Combine(folder, png)).Length > 1000, $"{png} missing or empty");
            Assert.Contains(lines, l => l.StartsWith("  scaling-map.png: epoch, D = 36: exponent", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("  scaling-d.png: 5x5: exponent", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_are_one_error_line_and_exit_2()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, ScalingReport.Command(["--repeats", "0"]));
            Assert.Equal(2, ScalingReport.Command(["--gpu", "tpu"]));
            Assert.Equal(2, ScalingReport.Command(["--sides"]));
            Assert.Equal(2, ScalingReport.Command(["--out"]));
        }
        finally
        {
            Console.SetError(saved);
        }
        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
        Assert.Contains("--repeats 0: expected a whole number from 1 to 100", lines[0], StringComparison.Ordinal);
        Assert.Contains("--gpu tpu", lines[1], StringComparison.Ordinal);
        Assert.Contains("'--sides'", lines[2], StringComparison.Ordinal);
    }
}
