using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Som;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number whose last byte is the number
/// of dimensions, one big-endian 32-bit size per dimension, then the values. Files may be raw or gzip-compressed;
/// gzip is recognised by its magic bytes (1f 8b), not by the file name.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an images file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a labels file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    // Big enough that the per-call overhead of Stream.Read and the decompressor vanishes; small enough to stay in cache.
    private const int BlockSize = 1 << 20;

    // A shard read reads straight into its own buffer of this size, so the file stream needs none of its own.
    private const int ScratchSize = 64 * 1024;
    private const int ShardBufferSize = 1;

    // Bytes before the data: the magic number and one 32-bit size per dimension.
    private const long ImagesHeaderBytes = 16;
    private const long LabelsHeaderBytes = 8;

    // i / 255f for every byte: the division is correctly rounded, so 51 maps to exactly 0.2f and 255 to 1f,
    // and a table lookup is as fast as the multiply it replaces.
    private static readonly float[] ScaledByte = BuildScaleTable();

    /// <summary>The ten Fashion-MNIST class names, indexed by label.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } = Array.AsReadOnly(
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    /// <summary>The ten MNIST class names (the digits), indexed by label.</summary>
    public static IReadOnlyList<string> MnistClassNames { get; } = Array.AsReadOnly(
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>
    /// Loads an images file and, when <paramref name="labelsPath"/> is given, its labels: N images of rows × columns
    /// become N samples of rows·columns features with image shape (columns, rows, 1).
    /// </summary>
    /// <param name="imagesPath">An idx3 unsigned-byte file (magic 0x00000803), raw or gzip.</param>
    /// <param name="labelsPath">An idx1 unsigned-byte file (magic 0x00000801) with one label per image, or null.</param>
    /// <param name="name">The data set name.</param>
    /// <param name="scale">True to divide pixels by 255 into [0, 1]; false to keep 0..255.</param>
    /// <param name="classNames">Class names indexed by label, or null.</param>
    /// <exception cref="SomDataException">A file is missing, has the wrong magic number, is truncated or too long,
    /// has no images or a zero dimension, or the label count differs from the image count.</exception>
    public static Dataset Load(string imagesPath, string? labelsPath, string name, bool scale = true,
        IReadOnlyList<string>? classNames = null) =>
        LoadConcatenated([(imagesPath, labelsPath)], name, scale, classNames);

    /// <summary>
    /// Loads several images files (with their labels) as one data set, in the order given. Reading straight into one
    /// array, rather than loading each and concatenating, avoids allocating and filling the samples twice.
    /// </summary>
    /// <exception cref="SomDataException">As <see cref="Load"/>; also when the parts' image sizes differ or only some have labels.</exception>
    internal static Dataset LoadConcatenated(IReadOnlyList<(string Images, string? Labels)> parts, string name, bool scale,
        IReadOnlyList<string>? classNames)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(name);
        if (parts.Count == 0) throw new ArgumentException("expected at least one part", nameof(parts));
        if (parts.Any(p => p.Labels is null) && parts.Any(p => p.Labels is not null))
        {
            var missing = parts.First(p => p.Labels is null).Images;
            throw new SomDataException($"{missing}: no labels file: expected labels for every part of {name}, as the others have");
        }

        // A missing labels file is found before the images are read, not after.
        foreach (var (images, labelsPath) in parts)
        {
            if (labelsPath is not null && !File.Exists(labelsPath))
                throw new SomDataException($"{labelsPath}: file not found: expected the labels of {images}");
        }

        var headers = new ImagesHeader[parts.Count];
        var compressed = new List<byte[]>?[parts.Count];
        try
        {
            long total = 0;
            for (int p = 0; p < parts.Count; p++)
            {
                headers[p] = OpenImages(parts[p].Images);
                if (headers[p].Rows != headers[0].Rows || headers[p].Columns != headers[0].Columns)
                {
                    throw new SomDataException(
                        $"{parts[p].Images}: images are {headers[p].Rows} × {headers[p].Columns}: expected {headers[0].Rows} × {headers[0].Columns} as in {parts[0].Images}");
                }
                CheckRawLength(headers[p].Stream, parts[p].Images, headers[p].Pixels, $"{headers[p].Describe()} pixel bytes", "pixel bytes");
                total += headers[p].Pixels;
            }
            if (total > Array.MaxLength)
                throw new SomDataException($"{name}: {total} pixels in all: expected at most {Array.MaxLength}");

            // A gzip part's length is known only once it is decompressed: its bytes are read first, in blocks that
            // grow with the data, so a header claiming more than the stream holds fails at the stream's end before
            // the samples are allocated. Each part decompresses on its own thread.
            ParallelLoop.For(parts.Count, p =>
            {
                if (headers[p].Stream is not FileStream)
                    compressed[p] = ReadCompressed(headers[p].Stream, parts[p].Images, headers[p].Pixels, $"{headers[p].Describe()} pixel bytes", "pixel bytes");
            });

            var values = new float[total];
            var offsets = new long[parts.Count];
            for (int p = 1; p < parts.Count; p++) offsets[p] = offsets[p - 1] + headers[p - 1].Pixels;
            // The parts fill disjoint ranges of the one array.
            ParallelLoop.For(parts.Count, p =>
                ReadPixels(headers[p], parts[p].Images, compressed[p], values.AsSpan((int)offsets[p], (int)headers[p].Pixels), scale));

            int count = headers.Sum(h => h.Count);
            int[]? labels = null;
            if (parts[0].Labels is not null)
            {
                labels = new int[count];
                int at = 0;
                for (int p = 0; p < parts.Count; p++)
                {
                    var part = ReadLabels(parts[p].Labels!);
                    if (part.Length != headers[p].Count)
                    {
                        throw new SomDataException(
                            $"{parts[p].Labels}: {part.Length} labels for the {headers[p].Count} images of {parts[p].Images}: expected one label per image");
                    }
                    part.CopyTo(labels, at);
                    at += part.Length;
                }
            }
            var shape = new ImageShape(headers[0].Columns, headers[0].Rows, 1);
            return new Dataset(name, SampleMatrix.Wrap(values, count, shape.Width * shape.Height), labels, shape, classNames?.ToArray());
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is SomDataException))
        {
            // Parallel.For (more than one part) wraps what the parts throw; the caller wants the data error itself.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
        finally
        {
            foreach (var header in headers) header.Stream?.Dispose();
        }
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="size"/>'s block of <see cref="LoadConcatenated"/>'s data, after
    /// its first <paramref name="limit"/> samples when a limit is given (<see cref="DataShard.Block"/>), reading and
    /// holding only that block's pixels and labels (docs/contract.md §16). Every rank checks every part as the full
    /// read does, so a damaged file gives every rank the full read's one-line error:
    /// <list type="bullet">
    /// <item>a raw file: its header, and its length against the header's count (a length comparison, nothing read);
    /// then the block's rows are read after one seek;</item>
    /// <item>a gzip file cannot seek: it is decompressed from its start, the bytes before the block read and discarded,
    /// and on to its end, discarded too, since only its end shows whether it is truncated or over-long. Only a 64 KiB
    /// buffer is held besides the block, but every rank decompresses the whole file.</item>
    /// </list>
    /// The block may span several parts (fashion-mnist:all's train and test files).
    /// </summary>
    /// <exception cref="SomDataException">As <see cref="LoadConcatenated"/>, and when there are fewer samples than ranks.</exception>
    internal static DataShard LoadShard(IReadOnlyList<(string Images, string? Labels)> parts, string name, bool scale,
        IReadOnlyList<string>? classNames, int? limit, int rank, int size)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(name);
        DataShard.CheckRank(rank, size);
        if (parts.Count == 0) throw new ArgumentException("expected at least one part", nameof(parts));
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "expected at least 1");
        if (parts.Any(p => p.Labels is null) && parts.Any(p => p.Labels is not null))
        {
            var missing = parts.First(p => p.Labels is null).Images;
            throw new SomDataException($"{missing}: no labels file: expected labels for every part of {name}, as the others have");
        }
        foreach (var (images, labelsPath) in parts)
        {
            if (labelsPath is not null && !File.Exists(labelsPath))
                throw new SomDataException($"{labelsPath}: file not found: expected the labels of {images}");
        }

        var headers = new ImagesHeader[parts.Count];
        try
        {
            long count = 0;
            for (int p = 0; p < parts.Count; p++)
            {
                headers[p] = OpenImages(parts[p].Images, ShardBufferSize);
                if (headers[p].Rows != headers[0].Rows || headers[p].Columns != headers[0].Columns)
                {
                    throw new SomDataException(
                        $"{parts[p].Images}: images are {headers[p].Rows} × {headers[p].Columns}: expected {headers[0].Rows} × {headers[0].Columns} as in {parts[0].Images}");
                }
                CheckRawLength(headers[p].Stream, parts[p].Images, headers[p].Pixels, $"{headers[p].Describe()} pixel bytes", "pixel bytes");
                count += headers[p].Count;
            }
            long total = limit is { } l ? Math.Min(l, count) : count;
            var (start, end) = DataShard.Block(total, rank, size, name);
            int features = headers[0].Rows * headers[0].Columns;
            if ((end - start) * features > Array.MaxLength)
                throw new SomDataException($"{name}: {end - start} samples of {features} pixels on rank {rank}: expected at most {Array.MaxLength} values per rank (more ranks)");
            int rows = (int)(end - start);

            var scratch = new byte[ScratchSize];
            var values = new float[(long)rows * features];
            var table = scale ? ScaledByte : null;
            long first = 0;
            for (int p = 0; p < parts.Count; p++)
            {
                // This part's rows [from, to) that fall in the block; none, for a part before or after it.
                long from = Math.Clamp(start - first, 0, headers[p].Count), to = Math.Clamp(end - first, 0, headers[p].Count);
                var header = headers[p];
                string announced = $"{header.Describe()} pixel bytes";
                var target = to > from ? values.AsSpan((int)((first + from - start) * features), (int)((to - from) * features)) : [];
                long done = SkipTo(header.Stream, parts[p].Images, ImagesHeaderBytes, from * features, announced, scratch);
                for (int at = 0; at < target.Length; at += scratch.Length)
                {
                    int want = Math.Min(scratch.Length, target.Length - at);
                    Take(header.Stream, parts[p].Images, scratch.AsSpan(0, want), ref done, announced);
                    Convert(scratch.AsSpan(0, want), target.Slice(at, want), table);
                }
                Finish(header.Stream, parts[p].Images, header.Pixels, done, announced, "pixel bytes", scratch);
                first += header.Count;
            }

            int[]? labels = null;
            if (parts[0].Labels is not null)
            {
                labels = new int[rows];
                first = 0;
                for (int p = 0; p < parts.Count; p++)
                {
                    long from = Math.Clamp(start - first, 0, headers[p].Count), to = Math.Clamp(end - first, 0, headers[p].Count);
                    var target = to > from ? labels.AsSpan((int)(first + from - start), (int)(to - from)) : [];
                    ReadLabelSlice(parts[p].Labels!, parts[p].Images, headers[p].Count, from, target, scratch);
                    first += headers[p].Count;
                }
            }
            var shape = new ImageShape(headers[0].Columns, headers[0].Rows, 1);
            var data = new Dataset(name, SampleMatrix.Wrap(values, rows, features), labels, shape, classNames?.ToArray());
            return new DataShard(data, start, total, classCount: null);
        }
        finally
        {
            foreach (var header in headers) header.Stream?.Dispose();
        }
    }

    /// <summary>
    /// Labels <paramref name="from"/> … <paramref name="from"/> + target.Length − 1 of a labels file whose count must be
    /// <paramref name="images"/>'s <paramref name="imageCount"/>, checked as <see cref="ReadLabels"/> and the full read check it.
    /// </summary>
    private static void ReadLabelSlice(string path, string images, int imageCount, long from, Span<int> target, byte[] scratch)
    {
        using var stream = Open(path, ShardBufferSize);
        var dims = ReadHeader(stream, path, LabelsMagic, "idx1 unsigned-byte labels");
        int count = Dimension(dims[0], path, "labels");
        string announced = $"{count} label bytes";
        CheckRawLength(stream, path, count, announced, "label bytes");
        if (count != imageCount)
        {
            // As the full read: a gzip file is read to its end first, so a truncated one says so.
            Finish(stream, path, count, SkipTo(stream, path, LabelsHeaderBytes, 0, announced, scratch), announced, "label bytes", scratch);
            throw new SomDataException($"{path}: {count} labels for the {imageCount} images of {images}: expected one label per image");
        }
        long done = SkipTo(stream, path, LabelsHeaderBytes, from, announced, scratch);
        for (int at = 0; at < target.Length; at += scratch.Length)
        {
            int want = Math.Min(scratch.Length, target.Length - at);
            Take(stream, path, scratch.AsSpan(0, want), ref done, announced);
            for (int i = 0; i < want; i++) target[at + i] = scratch[i];
        }
        Finish(stream, path, count, done, announced, "label bytes", scratch);
    }

    /// <summary>
    /// Moves a stream that stands at the start of its data to data byte <paramref name="from"/>: one seek in a raw file,
    /// which <see cref="CheckRawLength"/> has found long enough; read and discarded in a gzip one. Returns the data bytes
    /// passed.
    /// </summary>
    private static long SkipTo(Stream stream, string path, long headerBytes, long from, string announced, byte[] scratch)
    {
        if (stream is FileStream file)
        {
            file.Position = headerBytes + from;
            return from;
        }
        long done = 0;
        while (done < from)
        {
            int want = (int)Math.Min(scratch.Length, from - done);
            Take(stream, path, scratch.AsSpan(0, want), ref done, announced);
        }
        return done;
    }

    /// <summary>Fills <paramref name="target"/> from the stream; a short read is the full read's truncation error.</summary>
    private static void Take(Stream stream, string path, Span<byte> target, ref long done, string announced)
    {
        int got = ReadFully(stream, path, target);
        done += got;
        if (got < target.Length)
            throw new SomDataException($"{path}: truncated: header says {announced}, {Describe(stream)} has {done}");
    }

    /// <summary>
    /// After the block: a gzip stream is read and discarded to the <paramref name="expected"/> data bytes and must end
    /// there, as the full read checks; a raw file's length was checked before anything was read.
    /// </summary>
    private static void Finish(Stream stream, string path, long expected, long done, string announced, string unit, byte[] scratch)
    {
        if (stream is FileStream) return;
        while (done < expected)
        {
            int want = (int)Math.Min(scratch.Length, expected - done);
            Take(stream, path, scratch.AsSpan(0, want), ref done, announced);
        }
        EnsureEnd(stream, path, $"the {expected} {unit} the header announces");
    }

    /// <summary>Reads an idx3 unsigned-byte images file into N × (rows·columns) samples and their shape.</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <param name="scale">True to divide pixels by 255 into [0, 1]; false to keep 0..255.</param>
    /// <exception cref="SomDataException">See <see cref="Load"/>.</exception>
    public static (SampleMatrix Samples, ImageShape Shape) ReadImages(string path, bool scale = true)
    {
        var header = OpenImages(path);
        using var stream = header.Stream;
        if (header.Pixels > Array.MaxLength)
            throw new SomDataException($"{path}: header says {header.Describe()} pixels: expected at most {Array.MaxLength}");
        CheckRawLength(stream, path, header.Pixels, $"{header.Describe()} pixel bytes", "pixel bytes");
        var compressed = stream is FileStream ? null : ReadCompressed(stream, path, header.Pixels, $"{header.Describe()} pixel bytes", "pixel bytes");
        var values = new float[header.Pixels];
        ReadPixels(header, path, compressed, values, scale);
        return (SampleMatrix.Wrap(values, header.Count, header.Rows * header.Columns), new ImageShape(header.Columns, header.Rows, 1));
    }

    /// <summary>Opens an images file and reads its header; the stream is left just before the pixels.</summary>
    private static ImagesHeader OpenImages(string path, int bufferSize = BlockSize)
    {
        var stream = Open(path, bufferSize);
        try
        {
            var dims = ReadHeader(stream, path, ImagesMagic, "idx3 unsigned-byte images");
            return new ImagesHeader(stream, Dimension(dims[0], path, "images"), Dimension(dims[1], path, "rows"),
                Dimension(dims[2], path, "columns"));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Puts the pixels the header announces into <paramref name="target"/>: from <paramref name="compressed"/> when the
    /// file was gzip (already read to its end), else from the raw file, then checks that the file ends.
    /// </summary>
    private static void ReadPixels(ImagesHeader header, string path, List<byte[]>? compressed, Span<float> target, bool scale)
    {
        var table = scale ? ScaledByte : null;
        if (compressed is not null)
        {
            int at = 0;
            foreach (var chunk in compressed)
            {
                Convert(chunk, target.Slice(at, chunk.Length), table);
                at += chunk.Length;
            }
            return;
        }
        var block = new byte[(int)Math.Min(BlockSize, header.Pixels)];
        int done = 0;
        while (done < target.Length)
        {
            int want = Math.Min(block.Length, target.Length - done);
            int got = ReadFully(header.Stream, path, block.AsSpan(0, want));
            Convert(block.AsSpan(0, got), target.Slice(done, got), table);
            done += got;
            if (got < want)
            {
                throw new SomDataException(
                    $"{path}: truncated: header says {header.Describe()} pixel bytes, {Describe(header.Stream)} has {done}");
            }
        }
        EnsureEnd(header.Stream, path, $"the {header.Pixels} pixel bytes the header announces");
    }

    /// <summary>Reads an idx1 unsigned-byte labels file; every byte 0..255 is a valid label.</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <exception cref="SomDataException">See <see cref="Load"/>.</exception>
    public static int[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var dims = ReadHeader(stream, path, LabelsMagic, "idx1 unsigned-byte labels");
        int count = Dimension(dims[0], path, "labels");
        if (count > Array.MaxLength)
            throw new SomDataException($"{path}: header says {count} labels: expected at most {Array.MaxLength}");
        CheckRawLength(stream, path, count, $"{count} label bytes", "label bytes");
        var chunks = stream is FileStream ? [ReadRaw(stream, path, count)] : ReadCompressed(stream, path, count, $"{count} label bytes", "label bytes");
        var labels = new int[count];
        int at = 0;
        foreach (var chunk in chunks)
        {
            for (int i = 0; i < chunk.Length; i++) labels[at + i] = chunk[i];
            at += chunk.Length;
        }
        return labels;
    }

    /// <summary>The <paramref name="count"/> bytes after a raw file's header, which <see cref="CheckRawLength"/> has found there.</summary>
    private static byte[] ReadRaw(Stream stream, string path, int count)
    {
        var bytes = new byte[count];
        int got = ReadFully(stream, path, bytes);
        if (got < count)
            throw new SomDataException($"{path}: truncated: header says {count} label bytes, {Describe(stream)} has {got}");
        EnsureEnd(stream, path, $"the {count} label bytes the header announces");
        return bytes;
    }

    /// <summary>
    /// For a raw file, compares the <paramref name="expected"/> data bytes its header announces with what the file
    /// holds after the header, before anything of that size is allocated: a header claiming 10¹² samples fails here.
    /// A gzip stream, whose length is unknown, passes; <see cref="ReadCompressed"/> bounds it.
    /// </summary>
    private static void CheckRawLength(Stream stream, string path, long expected, string announced, string unit)
    {
        if (stream is not FileStream file) return;
        long actual = file.Length - file.Position;
        if (actual < expected)
            throw new SomDataException($"{path}: truncated: header says {announced}, file has {actual}");
        if (actual > expected)
            throw new SomDataException($"{path}: {actual - expected} bytes after the {expected} {unit} the header announces: expected the file to end there");
    }

    /// <summary>
    /// Reads the <paramref name="expected"/> bytes a gzip file's header announces, in blocks allocated only as the data
    /// arrives (so a corrupt header costs at most one block), then checks that the stream ends there.
    /// </summary>
    private static List<byte[]> ReadCompressed(Stream stream, string path, long expected, string announced, string unit)
    {
        var chunks = new List<byte[]>();
        long done = 0;
        while (done < expected)
        {
            var chunk = new byte[(int)Math.Min(BlockSize, expected - done)];
            int got = ReadFully(stream, path, chunk);
            done += got;
            if (got < chunk.Length)
                throw new SomDataException($"{path}: truncated: header says {announced}, {Describe(stream)} has {done}");
            chunks.Add(chunk);
        }
        EnsureEnd(stream, path, $"the {expected} {unit} the header announces");
        return chunks;
    }

    /// <summary>Opens <paramref name="path"/>, wrapping it in a gzip decompressor when it starts with 1f 8b.</summary>
    private static Stream Open(string path, int bufferSize = BlockSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SomDataException(Directory.Exists(path)
                ? $"{path}: is a directory: expected an IDX file"
                : $"{path}: file not found: expected an IDX file");
        }
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SomDataException($"{path}: cannot open: {OneLine(e.Message)}", e);
        }
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        return file;
    }

    /// <summary>Reads the magic number and the dimension sizes, checking the magic against <paramref name="expected"/>.</summary>
    private static uint[] ReadHeader(Stream stream, string path, int expected, string what)
    {
        Span<byte> head = stackalloc byte[4];
        int got = ReadFully(stream, path, head);
        if (got < 4)
            throw new SomDataException($"{path}: truncated: {Describe(stream)} has {got} bytes: expected a 4-byte IDX magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        if (magic != expected)
        {
            throw new SomDataException(
                $"{path}: magic number 0x{magic.ToString("x8", CultureInfo.InvariantCulture)}: expected 0x{expected.ToString("x8", CultureInfo.InvariantCulture)} ({what})");
        }
        int rank = expected & 0xff;
        Span<byte> sizes = stackalloc byte[4 * rank];
        got = ReadFully(stream, path, sizes);
        if (got < sizes.Length)
            throw new SomDataException($"{path}: truncated: header has {4 + got} bytes: expected {4 + sizes.Length}");
        var dims = new uint[rank];
        for (int d = 0; d < rank; d++) dims[d] = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * d)..]);
        return dims;
    }

    private static int Dimension(uint size, string path, string what)
    {
        if (size == 0) throw new SomDataException($"{path}: header says 0 {what}: expected at least 1");
        if (size > int.MaxValue) throw new SomDataException($"{path}: header says {size} {what}: expected at most {int.MaxValue}");
        return (int)size;
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream allows; a corrupt gzip stream becomes a <see cref="SomDataException"/>.</summary>
    private static int ReadFully(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new SomDataException($"{path}: corrupt gzip data: {OneLine(e.Message)}", e);
        }
        catch (IOException e)
        {
            throw new SomDataException($"{path}: cannot read: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Throws when anything follows the announced data: a longer file means the header and the data disagree.</summary>
    private static void EnsureEnd(Stream stream, string path, string what)
    {
        var rest = new byte[64 * 1024];
        long extra = 0;
        int got;
        while ((got = ReadFully(stream, path, rest)) > 0) extra += got;
        if (extra > 0)
            throw new SomDataException($"{path}: {extra} bytes after {what}: expected the {Describe(stream)} to end there");
    }

    private static string Describe(Stream stream) => stream is GZipStream ? "decompressed data" : "file";

    // Called a few dozen times per file, each on a megabyte: fully optimised from the first call, not after tiering up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Convert(ReadOnlySpan<byte> source, Span<float> target, float[]? table)
    {
        if (table is null)
        {
            for (int i = 0; i < source.Length; i++) target[i] = source[i];
        }
        else
        {
            for (int i = 0; i < source.Length; i++) target[i] = table[source[i]];
        }
    }

    private static float[] BuildScaleTable()
    {
        var table = new float[256];
        for (int i = 0; i < table.Length; i++) table[i] = i / 255f;
        return table;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>An images file opened past its header.</summary>
    private readonly record struct ImagesHeader(Stream Stream, int Count, int Rows, int Columns)
    {
        public long Pixels => (long)Count * Rows * Columns;

        public string Describe() => $"{Count} × {Rows} × {Columns} = {Pixels}";
    }
}
