using System.Globalization;
using System.Text;

namespace Som;

/// <summary>
/// Reads labelled samples from a CSV file laid out like the Fashion-MNIST CSV: a header row
/// (<c>label,pixel1,…,pixel784</c>), then one row per sample, the class label first and then the D features.
/// D is taken from the header. A first row whose first field is a number is data, not a header, so header-less
/// files load too. Numbers use the invariant culture; blank lines are skipped.
/// </summary>
public static class CsvReader
{
    // Samples are gathered in blocks of this many rows so that the file's row count need not be known up front
    // and growing never copies what was already read.
    private const int BlockRows = 4096;

    /// <summary>Loads <paramref name="path"/>; when D is a perfect square s², the samples get image shape (s, s, 1).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="name">The data set name; the file name when null.</param>
    /// <param name="scale">True to divide features by 255 (pixels into [0, 1]); false to keep them as written.</param>
    /// <param name="classNames">Class names indexed by label, or null.</param>
    /// <exception cref="SomDataException">The file is missing or empty, has no data rows, a row with the wrong number
    /// of columns, a value that is not a finite number, or a label that is not an integer ≥ 0; the message names the
    /// file and line.</exception>
    public static Dataset Load(string path, string? name = null, bool scale = true, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SomDataException(Directory.Exists(path)
                ? $"{path}: is a directory: expected a CSV file"
                : $"{path}: file not found: expected a CSV file");
        }

        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
                new FileStreamOptions { BufferSize = 1 << 20, Options = FileOptions.SequentialScan });
            return Read(reader, reader.BaseStream.Length, path, name ?? Path.GetFileName(path), scale, classNames);
        }
        catch (IOException e)
        {
            throw new SomDataException($"{path}: cannot read: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SomDataException($"{path}: cannot open: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static Dataset Read(StreamReader reader, long fileLength, string path, string name, bool scale, IReadOnlyList<string>? classNames)
    {
        int lineNumber = 0;
        string? line;
        do
        {
            line = reader.ReadLine();
            lineNumber++;
        } while (line is not null && string.IsNullOrWhiteSpace(line));
        if (line is null)
            throw new SomDataException($"{path}: empty file: expected a header row (label,feature1,…) and data rows");

        int columns = line.AsSpan().Count(',') + 1;
        if (columns < 2)
        {
            throw new SomDataException(
                $"{path} line {lineNumber}: 1 column: expected a label column and at least one feature column");
        }
        int features = columns - 1;
        string[]? header = null;
        if (!IsNumber(Unquote(FirstField(line))))
        {
            header = line.Split(',');
            for (int c = 0; c < header.Length; c++) header[c] = Unquote(header[c].AsSpan().Trim()).ToString();
            line = null;
        }

        // A row of D features has D commas, so the file holds at most length / D rows: a block never outgrows the
        // file, however many columns a (corrupt) header claims.
        int blockRows = (int)Math.Clamp(Math.Min(fileLength / features, Array.MaxLength / features), 1, BlockRows);
        var blocks = new List<float[]>();
        var labels = new List<int>();
        float[] block = new float[blockRows * features];
        int inBlock = 0;
        while (true)
        {
            if (line is null)
            {
                line = reader.ReadLine();
                lineNumber++;
                if (line is null) break;
                if (string.IsNullOrWhiteSpace(line))
                {
                    line = null;
                    continue;
                }
            }
            if (inBlock == blockRows)
            {
                if ((long)(labels.Count + blockRows) * features > Array.MaxLength)
                    throw new SomDataException($"{path} line {lineNumber}: more than {labels.Count} rows of {features} features: expected at most {Array.MaxLength} values in all");
                blocks.Add(block);
                block = new float[blockRows * features];
                inBlock = 0;
            }
            labels.Add(ParseRow(line, lineNumber, path, header, features, scale, block.AsSpan(inBlock * features, features)));
            inBlock++;
            line = null;
        }

        if (labels.Count == 0)
        {
            throw new SomDataException(
                $"{path}: header only, no data rows: expected at least one row of a label and {features} features");
        }

        var values = new float[(long)labels.Count * features];
        int offset = 0;
        foreach (var full in blocks)
        {
            full.CopyTo(values, offset);
            offset += full.Length;
        }
        block.AsSpan(0, inBlock * features).CopyTo(values.AsSpan(offset));

        int side = (int)Math.Round(Math.Sqrt(features));
        ImageShape? image = side * side == features ? new ImageShape(side, side, 1) : null;
        return new Dataset(name, SampleMatrix.Wrap(values, labels.Count, features), [.. labels], image, classNames?.ToArray());
    }

    /// <summary>Parses one data row into <paramref name="target"/> and returns its label.</summary>
    private static int ParseRow(string line, int lineNumber, string path, string[]? header, int features, bool scale, Span<float> target)
    {
        var rest = line.AsSpan();
        int found = rest.Count(',') + 1;
        if (found != features + 1)
        {
            throw new SomDataException(
                $"{path} line {lineNumber}: {found} columns: expected {features + 1} (a label and {features} features{(header is null ? ", as in line 1" : ", as in the header")})");
        }

        int comma = rest.IndexOf(',');
        var labelText = Unquote(rest[..comma].Trim());
        rest = rest[(comma + 1)..];
        if (!double.TryParse(labelText, NumberStyles.Float, CultureInfo.InvariantCulture, out double label)
            || !double.IsFinite(label) || label < 0 || label != Math.Floor(label) || label > int.MaxValue)
        {
            throw new SomDataException(
                $"{path} line {lineNumber}: label '{Shorten(labelText)}': expected a class index, an integer ≥ 0");
        }

        for (int f = 0; f < features; f++)
        {
            comma = rest.IndexOf(',');
            var field = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            if (!TryParseValue(field, out float value))
            {
                throw new SomDataException(
                    $"{path} line {lineNumber}, column {f + 2}{ColumnName(header, f + 1)}: '{Shorten(field)}' is not a number");
            }
            if (!float.IsFinite(value))
            {
                throw new SomDataException(
                    $"{path} line {lineNumber}, column {f + 2}{ColumnName(header, f + 1)}: {Shorten(field.Trim())}: expected a finite number");
            }
            target[f] = scale ? value / 255f : value;
        }
        return (int)label;
    }

    /// <summary>Parses a value; plain digit strings, the bulk of pixel data, skip the general parser.</summary>
    private static bool TryParseValue(ReadOnlySpan<char> field, out float value)
    {
        if (field.Length is > 0 and <= 7)
        {
            int n = 0;
            int i = 0;
            for (; i < field.Length; i++)
            {
                int digit = field[i] - '0';
                if ((uint)digit > 9) break;
                n = n * 10 + digit;
            }
            if (i == field.Length)
            {
                // At most 7 digits: exactly representable as float, so this equals what float.Parse returns.
                value = n;
                return true;
            }
        }
        return float.TryParse(Unquote(field.Trim()), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsNumber(ReadOnlySpan<char> field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static ReadOnlySpan<char> FirstField(string line)
    {
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? line.AsSpan() : line.AsSpan(0, comma)).Trim();
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;

    private static string ColumnName(string[]? header, int column) =>
        header is null ? "" : $" ({Shorten(header[column])})";

    // Keeps a bad value from turning the one-line message into a screenful.
    private static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
