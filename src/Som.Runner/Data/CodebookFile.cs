using System.Globalization;
using System.Text;
using Som.Cpu;

namespace Som.Runner.Data;

/// <summary>
/// A codebook from a file, for <c>som train --init-codebook</c> and <c>som import</c>: a SomGpu model file
/// (<c>.som</c>, its weights) or a CSV of M rows × D columns, one unit per row in SomGpu's unit order (unit
/// j = y·W + x, docs/contract.md §1), no header, numbers in the invariant culture (<c>0.25</c>, <c>1e-3</c>),
/// taken as written (not divided by 255: the values are in the units of the data after reading, [0, 1] for
/// pixels). Blank lines are skipped; every value must be finite.
/// </summary>
internal static class CodebookFile
{
    /// <summary>
    /// The codebook of <paramref name="path"/> for a <paramref name="width"/> × <paramref name="height"/> map of
    /// <paramref name="features"/> features (M × D, row-major).
    /// </summary>
    /// <exception cref="SomDataException">A missing or unreadable file, a value that is not a finite number, a row
    /// of another length, another number of rows, or a model of another map or feature count; the message starts
    /// with <paramref name="flag"/> and the file.</exception>
    public static float[] Load(string flag, string path, int width, int height, int features)
    {
        int units = width * height;
        if (IsModel(path))
        {
            SomModel model;
            try
            {
                model = ModelFile.Load(path);
            }
            catch (SomDataException e)
            {
                throw new SomDataException($"{flag} {path}: {e.Message}", e);
            }
            var o = model.Options;
            if (o.Width != width || o.Height != height || model.Features != features)
                throw new SomDataException(FormattableString.Invariant(
                    $"{flag} {path}: a {o.Width}x{o.Height} model of {model.Features} features: expected {width}x{height} (--map) and {features} features (the data)"));
            return model.Weights;
        }
        var (rows, _, values) = ReadCsv(flag, path, features, "a CSV file of one codebook row per unit or a model file (.som)");
        if (rows != units)
            throw new SomDataException(FormattableString.Invariant(
                $"{flag} {path}: {rows} rows: expected {units}, one per unit of the {width}x{height} map"));
        return values;
    }

    /// <summary>True when <paramref name="path"/> starts with a model file's magic, <c>SOMMODEL</c>.</summary>
    public static bool IsModel(string path)
    {
        if (!File.Exists(path)) return false;
        Span<byte> magic = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false) == 8 && magic.SequenceEqual("SOMMODEL"u8);
    }

    /// <summary>
    /// Reads a CSV codebook: its rows, its columns (<paramref name="features"/>, or the first row's count when
    /// null) and the values, row-major; <paramref name="expected"/> says what a missing file should have been.
    /// </summary>
    /// <exception cref="SomDataException">A missing, unreadable or empty file, a value that is not a finite
    /// number, or a row of another length; the message names the file, the line and the column.</exception>
    public static (int Rows, int Columns, float[] Values) ReadCsv(string flag, string path, int? features = null,
        string expected = "a CSV file of one codebook row per unit")
    {
        if (!File.Exists(path))
            throw new SomDataException(Directory.Exists(path)
                ? $"{flag} {path}: is a directory: expected {expected}"
                : $"{flag} {path}: file not found: expected {expected}");
        var values = new List<float>();
        int columns = features ?? 0, rows = 0, lineNumber = 0;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                int count = 0;
                foreach (var range in line.AsSpan().Split(','))
                {
                    var field = line.AsSpan(range).Trim();
                    count++;
                    if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                        throw new SomDataException($"{flag} {path}: line {lineNumber}, column {count}: '{Shorten(field)}' is not a finite number: expected a codebook value");
                    values.Add(v);
                }
                if (columns == 0) columns = count;
                if (count != columns)
                    throw new SomDataException(FormattableString.Invariant(
                        $"{flag} {path}: line {lineNumber}: {count} values: expected {columns}{(features is null ? ", as the first row" : " (the data's features)")}"));
                rows++;
            }
        }
        catch (IOException e)
        {
            throw new SomDataException($"{flag} {path}: cannot read: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SomDataException($"{flag} {path}: cannot open: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        if (rows == 0) throw new SomDataException($"{flag} {path}: no rows: expected one codebook row per unit");
        return (rows, columns, [.. values]);
    }

    private static string Shorten(ReadOnlySpan<char> field) => field.Length <= 40 ? field.ToString() : string.Concat(field[..37], "...");
}
