using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace Som.Runner.Rendering;

/// <summary>
/// Writes an animated PNG (APNG) frame by frame, so no frame is held after it is written: the PNG signature, IHDR
/// (8-bit RGB), acTL (frame count, plays), then per frame an fcTL and its pixels — the first frame in IDAT, so
/// a decoder without APNG support shows it as the still image, the others in fdAT — and IEND. fcTL and fdAT
/// chunks share one sequence number, 0, 1, 2, … without gaps. Each frame after the first stores only the
/// rectangle where it differs from the one before (dispose none, blend source: the rest of the canvas stays).
/// Rows are filtered with the PNG filter (None, Sub, Up, Average, Paeth) of the least sum of absolute values, the
/// usual heuristic, and compressed with the BCL's zlib stream (level 2); every chunk carries its CRC-32.
/// </summary>
internal sealed class ApngWriter
{
    /// <summary>Largest data part of one IDAT or fdAT chunk; a frame's stream is split over as many as it needs.</summary>
    public const int MaxChunkData = 1 << 20;

    private const int Channels = 3;
    private const int CompressionLevel = 2;
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private readonly Stream _output;
    private readonly byte[] _canvas;
    private uint _sequence;

    /// <summary>Writes the signature, IHDR and acTL for <paramref name="frames"/> frames of <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="output">Where the file goes.</param>
    /// <param name="width">Canvas width in pixels.</param>
    /// <param name="height">Canvas height in pixels.</param>
    /// <param name="frames">Frames that will be added (at least 1).</param>
    /// <param name="plays">Times the animation plays; 0 loops forever.</param>
    public ApngWriter(Stream output, int width, int height, int frames, int plays = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(plays);
        if ((long)width * height * Channels > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(width), $"a {width}x{height} canvas is too large for one frame");
        _output = output;
        Width = width;
        Height = height;
        Frames = frames;
        _canvas = new byte[width * height * Channels];
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour (RGB)
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering, a filter byte per row
        header[12] = 0; // no interlace
        Chunk("IHDR", header);
        Span<byte> animation = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(animation, frames);
        BinaryPrimitives.WriteInt32BigEndian(animation[4..], plays);
        Chunk("acTL", animation);
    }

    /// <summary>Canvas width.</summary>
    public int Width { get; }
    /// <summary>Canvas height.</summary>
    public int Height { get; }
    /// <summary>Frames declared in acTL.</summary>
    public int Frames { get; }
    /// <summary>Frames added so far.</summary>
    public int Added { get; private set; }

    /// <summary>
    /// Adds a frame: the whole canvas as RGBA8 rows of <paramref name="rowBytes"/> bytes (alpha ignored, the frame
    /// is opaque), shown for <paramref name="delayNumerator"/>/<paramref name="delayDenominator"/> seconds.
    /// </summary>
    public void Add(ReadOnlySpan<byte> rgba, int rowBytes, ushort delayNumerator, ushort delayDenominator)
    {
        if (Added == Frames) throw new InvalidOperationException($"acTL declared {Frames} frames: no room for another");
        if (rowBytes < 4 * Width || rgba.Length < (long)rowBytes * (Height - 1) + 4 * Width)
            throw new ArgumentException($"{rgba.Length} bytes in rows of {rowBytes}: expected a {Width}x{Height} RGBA canvas", nameof(rgba));
        // The rectangle that changed; the first frame is always the whole canvas (the APNG rule for IDAT).
        int x0 = 0, y0 = 0, x1 = Width, y1 = Height;
        if (Added > 0) (x0, y0, x1, y1) = Changed(rgba, rowBytes);
        for (int y = y0; y < y1; y++)
        {
            var row = rgba.Slice(y * rowBytes, 4 * Width);
            var canvas = _canvas.AsSpan(y * Width * Channels, Width * Channels);
            for (int x = x0; x < x1; x++)
            {
                canvas[3 * x] = row[4 * x];
                canvas[3 * x + 1] = row[4 * x + 1];
                canvas[3 * x + 2] = row[4 * x + 2];
            }
        }
        Span<byte> control = stackalloc byte[26];
        BinaryPrimitives.WriteUInt32BigEndian(control, _sequence++);
        BinaryPrimitives.WriteInt32BigEndian(control[4..], x1 - x0);
        BinaryPrimitives.WriteInt32BigEndian(control[8..], y1 - y0);
        BinaryPrimitives.WriteInt32BigEndian(control[12..], x0);
        BinaryPrimitives.WriteInt32BigEndian(control[16..], y0);
        BinaryPrimitives.WriteUInt16BigEndian(control[20..], delayNumerator);
        BinaryPrimitives.WriteUInt16BigEndian(control[22..], delayDenominator);
        control[24] = 0; // dispose: none, the canvas keeps this frame
        control[25] = 0; // blend: source, the rectangle replaces what was there
        Chunk("fcTL", control);
        byte[] stream = Compress(x0, y0, x1 - x0, y1 - y0);
        for (int at = 0; at < stream.Length; at += MaxChunkData)
        {
            var part = stream.AsSpan(at, Math.Min(MaxChunkData, stream.Length - at));
            if (Added == 0)
            {
                Chunk("IDAT", part);
            }
            else
            {
                var data = new byte[4 + part.Length];
                BinaryPrimitives.WriteUInt32BigEndian(data, _sequence++);
                part.CopyTo(data.AsSpan(4));
                Chunk("fdAT", data);
            }
        }
        Added++;
    }

    /// <summary>Writes IEND once every declared frame was added.</summary>
    public void Finish()
    {
        if (Added != Frames) throw new InvalidOperationException($"acTL declared {Frames} frames but {Added} were added");
        Chunk("IEND", []);
        _output.Flush();
    }

    /// <summary>The bounding rectangle [x0, x1) × [y0, y1) of the pixels that differ from the canvas; one pixel when none do.</summary>
    private (int X0, int Y0, int X1, int Y1) Changed(ReadOnlySpan<byte> rgba, int rowBytes)
    {
        int x0 = Width, y0 = Height, x1 = 0, y1 = 0;
        for (int y = 0; y < Height; y++)
        {
            var row = rgba.Slice(y * rowBytes, 4 * Width);
            var canvas = _canvas.AsSpan(y * Width * Channels, Width * Channels);
            for (int x = 0; x < Width; x++)
            {
                if (row[4 * x] == canvas[3 * x] && row[4 * x + 1] == canvas[3 * x + 1] && row[4 * x + 2] == canvas[3 * x + 2]) continue;
                x0 = Math.Min(x0, x);
                x1 = Math.Max(x1, x + 1);
                y0 = Math.Min(y0, y);
                y1 = y + 1;
            }
        }
        return x1 == 0 ? (0, 0, 1, 1) : (x0, y0, x1, y1);
    }

    /// <summary>The zlib stream of the canvas rectangle: each row a filter byte and its filtered bytes.</summary>
    private byte[] Compress(int x0, int y0, int width, int height)
    {
        int stride = width * Channels;
        var filtered = new byte[(long)height * (1 + stride)];
        // A row's filter reads only that row and the one above, so rows are filtered in parallel; the bytes are the same.
        Parallel.For(0, height, () => (new byte[stride], new byte[stride], new byte[stride], new byte[stride]), (y, _, buffers) =>
        {
            var (current, above, trial, best) = buffers;
            _canvas.AsSpan(((y0 + y) * Width + x0) * Channels, stride).CopyTo(current);
            if (y > 0) _canvas.AsSpan(((y0 + y - 1) * Width + x0) * Channels, stride).CopyTo(above);
            else Array.Clear(above);
            byte filter = 0;
            long bestCost = long.MaxValue;
            for (byte f = 0; f <= 4; f++)
            {
                long cost = Filter(f, current, above, trial);
                if (cost < bestCost)
                {
                    (bestCost, filter) = (cost, f);
                    trial.CopyTo(best, 0);
                }
            }
            long at = (long)y * (1 + stride);
            filtered[at] = filter;
            best.CopyTo(filtered, at + 1);
            return buffers;
        }, _ => { });
        using var buffer = new MemoryStream();
        // zlib level 2: on a 1090 × 1138 prototype frame, 4× faster than the default 6 for a 13 % larger stream
        // (benchmarks/RESULTS.md), so frames do not slow a run down much.
        using (var zlib = new ZLibStream(buffer, new ZLibCompressionOptions { CompressionLevel = CompressionLevel }, leaveOpen: true)) zlib.Write(filtered);
        return buffer.ToArray();
    }

    /// <summary>
    /// Filters <paramref name="row"/> with PNG filter <paramref name="type"/> into <paramref name="into"/>; returns
    /// Σ min(v, 256 − v) over the filtered bytes (their absolute values as signed bytes). The predictors read only
    /// the unfiltered rows, so every byte is computed independently: in vectors of bytes (Avg and Paeth widened to
    /// 16 bits), exact integer arithmetic, so the bytes do not depend on the vector width.
    /// </summary>
    internal static long Filter(byte type, byte[] row, byte[] above, byte[] into)
    {
        int n = row.Length, head = Math.Min(Channels, n), w = Vector<byte>.Count;
        // The first pixel has no left neighbour: a = c = 0, so Sub is None and Paeth is Up.
        for (int i = 0; i < head; i++)
        {
            int b = above[i];
            into[i] = (byte)(row[i] - type switch { 0 or 1 => 0, 3 => b >> 1, _ => b });
        }
        int k = head;
        if (type == 0)
        {
            Array.Copy(row, head, into, head, n - head);
            k = n;
        }
        for (; k + w <= n; k += w)
        {
            Vector<byte> predictor;
            switch (type)
            {
                case 1:
                    predictor = new Vector<byte>(row, k - Channels);
                    break;
                case 2:
                    predictor = new Vector<byte>(above, k);
                    break;
                case 3:
                {
                    Vector.Widen(new Vector<byte>(row, k - Channels), out var a0, out var a1);
                    Vector.Widen(new Vector<byte>(above, k), out var b0, out var b1);
                    predictor = Vector.Narrow((a0 + b0) >> 1, (a1 + b1) >> 1);
                    break;
                }
                default:
                {
                    Vector.Widen(new Vector<byte>(row, k - Channels), out var a0, out var a1);
                    Vector.Widen(new Vector<byte>(above, k), out var b0, out var b1);
                    Vector.Widen(new Vector<byte>(above, k - Channels), out var c0, out var c1);
                    predictor = Vector.Narrow(Paeth(a0, b0, c0), Paeth(a1, b1, c1));
                    break;
                }
            }
            (new Vector<byte>(row, k) - predictor).CopyTo(into, k);
        }
        for (; k < n; k++)
        {
            int a = row[k - Channels], b = above[k], c = above[k - Channels];
            into[k] = (byte)(row[k] - type switch { 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) });
        }
        var sum = Vector<uint>.Zero;
        int j = 0;
        for (; j + w <= n; j += w)
        {
            var v = new Vector<byte>(into, j);
            Vector.Widen(Vector.Min(v, Vector<byte>.Zero - v), out var m0, out var m1);
            Vector.Widen(m0 + m1, out var s0, out var s1); // each lane ≤ 2·128: no overflow in 16 bits
            sum += s0 + s1;
        }
        long cost = Vector.Sum(sum);
        for (; j < n; j++)
        {
            byte v = into[j];
            cost += v < 128 ? v : 256 - v;
        }
        return cost;
    }

    /// <summary>The Paeth predictor lane by lane on 16-bit lanes holding bytes (as <see cref="Paeth(int, int, int)"/>).</summary>
    private static Vector<ushort> Paeth(Vector<ushort> a, Vector<ushort> b, Vector<ushort> c)
    {
        var (sa, sb, sc) = (Vector.AsVectorInt16(a), Vector.AsVectorInt16(b), Vector.AsVectorInt16(c));
        // p = a + b − c: |p − a| = |b − c|, |p − b| = |a − c|, |p − c| = |a + b − 2c|.
        var pa = Vector.Abs(sb - sc);
        var pb = Vector.Abs(sa - sc);
        var pc = Vector.Abs(sa + sb - sc - sc);
        var useA = Vector.BitwiseAnd(Vector.LessThanOrEqual(pa, pb), Vector.LessThanOrEqual(pa, pc));
        var useB = Vector.LessThanOrEqual(pb, pc);
        return Vector.AsVectorUInt16(Vector.ConditionalSelect(useA, sa, Vector.ConditionalSelect(useB, sb, sc)));
    }

    /// <summary>The PNG Paeth predictor: whichever of left, above, upper-left is nearest a + b − c (ties in that order).</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>One chunk: data length, type, data, CRC-32 of type and data (all big-endian).</summary>
    private void Chunk(string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        _output.Write(word);
        Span<byte> name = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, name);
        _output.Write(name);
        _output.Write(data);
        var crc = new Crc32();
        crc.Append(name);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        _output.Write(word);
    }
}
