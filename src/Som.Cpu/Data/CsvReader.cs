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

        var (features, header) = Columns(line, lineNumber, path);
        if (header is not null) line = null;

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

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="size"/>'s block of <see cref="Load"/>'s rows, after the first
    /// <paramref name="limit"/> when given (<see cref="DataShard.Block"/>), parsing and holding only that block (docs/contract.md §16).
    /// Rows cannot be found without reading the text before them, and the split needs the row count: a first pass
    /// reads the whole file and counts its data rows (nothing kept), a second passes the rows before the block
    /// uncounted and unparsed and parses the block's. The header, the feature count, the ragged-row, number and label
    /// checks are <see cref="Load"/>'s, with its messages and line numbers, for the rows this rank parses; a bad row
    /// in another rank's block is that rank's error.
    /// </summary>
    /// <exception cref="SomDataException">As <see cref="Load"/> for the rows parsed, and when there are fewer rows than ranks.</exception>
    internal static DataShard LoadShard(string path, string? name, bool scale, IReadOnlyList<string>? classNames, int? limit, int rank, int size)
    {
        ArgumentNullException.ThrowIfNull(path);
        DataShard.CheckRank(rank, size);
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "expected at least 1");
        if (!File.Exists(path))
        {
            throw new SomDataException(Directory.Exists(path)
                ? $"{path}: is a directory: expected a CSV file"
                : $"{path}: file not found: expected a CSV file");
        }
        name ??= Path.GetFileName(path);
        try
        {
            // Pass 1: the data rows, counted.
            long count;
            int features;
            string[]? header;
            using (var reader = OpenShardReader(path))
            {
                var lines = new CsvLines(reader);
                int lineNumber = 0;
                (_, features, header, bool firstIsData) = FirstLine(lines, path, ref lineNumber);
                count = firstIsData ? 1 : 0;
                while (lines.Skip(out bool blank))
                {
                    if (!blank) count++;
                }
            }
            if (count == 0)
            {
                throw new SomDataException(
                    $"{path}: header only, no data rows: expected at least one row of a label and {features} features");
            }
            long total = limit is { } l ? Math.Min(l, count) : count;
            var (start, end) = DataShard.Block(total, rank, size, name);
            if ((end - start) * features > Array.MaxLength)
                throw new SomDataException($"{path}: {end - start} rows of {features} features on rank {rank}: expected at most {Array.MaxLength} values per rank (more ranks)");
            int rows = (int)(end - start);

            // Pass 2: the rows before the block passed, the block's parsed.
            var values = new float[(long)rows * features];
            var labels = new int[rows];
            using (var reader = OpenShardReader(path))
            {
                var lines = new CsvLines(reader);
                int lineNumber = 0;
                var (first, _, _, firstIsData) = FirstLine(lines, path, ref lineNumber);
                long row = 0;
                string? line = firstIsData ? first : null;
                if (line is not null && start > 0)
                {
                    line = null;
                    row = 1;
                }
                while (row < start)
                {
                    if (!lines.Skip(out bool blank)) break;
                    lineNumber++;
                    if (!blank) row++;
                }
                for (int i = 0; i < rows;)
                {
                    if (line is null)
                    {
                        line = lines.ReadLine();
                        lineNumber++;
                        if (line is null)
                            throw new SomDataException($"{path} line {lineNumber}: the file ended at row {start + i}: expected {total} rows, as counted before (did it change while read?)");
                        if (string.IsNullOrWhiteSpace(line))
                        {
                            line = null;
                            continue;
                        }
                    }
                    labels[i] = ParseRow(line, lineNumber, path, header, features, scale, values.AsSpan(i * features, features));
                    i++;
                    line = null;
                }
            }

            int side = (int)Math.Round(Math.Sqrt(features));
            ImageShape? image = side * side == features ? new ImageShape(side, side, 1) : null;
            var data = new Dataset(name, SampleMatrix.Wrap(values, rows, features), labels, image, classNames?.ToArray());
            return new DataShard(data, start, total, classCount: null);
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

    // A shard read holds its block, not the file: buffers of 64 KiB, not Load's megabyte.
    private static StreamReader OpenShardReader(string path) =>
        new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    /// <summary>
    /// The first line that is not blank, as <see cref="Load"/> reads it: the feature count from its columns, and the
    /// header's column names unless its first field is a number (then the line is the first data row).
    /// </summary>
    private static (string Line, int Features, string[]? Header, bool IsData) FirstLine(CsvLines lines, string path, ref int lineNumber)
    {
        string? line;
        do
        {
            line = lines.ReadLine();
            lineNumber++;
        } while (line is not null && string.IsNullOrWhiteSpace(line));
        if (line is null)
            throw new SomDataException($"{path}: empty file: expected a header row (label,feature1,…) and data rows");
        var (features, header) = Columns(line, lineNumber, path);
        return (line, features, header, header is null);
    }

    /// <summary>The feature count of a first line and, when it is a header (its first field not a number), its column names.</summary>
    private static (int Features, string[]? Header) Columns(string line, int lineNumber, string path)
    {
        int columns = line.AsSpan().Count(',') + 1;
        if (columns < 2)
        {
            throw new SomDataException(
                $"{path} line {lineNumber}: 1 column: expected a label column and at least one feature column");
        }
        if (IsNumber(Unquote(FirstField(line)))) return (columns - 1, null);
        var header = line.Split(',');
        for (int c = 0; c < header.Length; c++) header[c] = Unquote(header[c].AsSpan().Trim()).ToString();
        return (columns - 1, header);
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
