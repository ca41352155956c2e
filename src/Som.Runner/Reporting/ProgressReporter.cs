using System.Globalization;

namespace Som.Runner.Reporting;

/// <summary>
/// Epoch progress: a bar redrawn in place on a terminal, one plain line per epoch when output is redirected
/// (logs and CI stay readable).
/// </summary>
internal sealed class ProgressReporter(TextWriter output, bool interactive)
{
    private const int BarWidth = 30;
    private double _elapsed;
    private bool _midLine;

    /// <summary>A reporter for the console: interactive unless stdout is redirected.</summary>
    public static ProgressReporter ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Shows one finished epoch.</summary>
    public void Epoch(EpochReport report)
    {
        _elapsed += report.Seconds;
        int done = report.Epoch + 1;
        string kept = report.UnitsKept > 0 ? $"  kept {report.UnitsKept} units (denominator <= 0)" : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {done}/{report.Epochs}  sigma {report.Sigma:F3}  {report.Seconds:F3} s{kept}");
        if (!interactive)
        {
            output.WriteLine(line);
            return;
        }
        int filled = (int)Math.Round(BarWidth * (double)done / report.Epochs);
        double eta = _elapsed / done * (report.Epochs - done);
        string bar = new string('#', filled) + new string('.', BarWidth - filled);
        output.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{bar}] {line}  eta {eta:F1} s   "));
        _midLine = done < report.Epochs;
        if (!_midLine) output.WriteLine();
    }

    /// <summary>The writer the lines go to (help and version text go there too).</summary>
    public TextWriter Output => output;

    /// <summary>A plain status line.</summary>
    public void Line(string text) => output.WriteLine(text);

    /// <summary>Ends a half-drawn bar and flushes, so an error message starts on its own line.</summary>
    public void Flush()
    {
        if (_midLine) output.WriteLine();
        _midLine = false;
        output.Flush();
    }
}
