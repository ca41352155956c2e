using System.Text;

namespace Som;

/// <summary>
/// The lines of a text, split as <see cref="TextReader.ReadLine"/> splits them (at \n, \r or \r\n; no empty line
/// after a final terminator), where a line can also be passed without being kept: <see cref="Skip"/> allocates
/// nothing, so a shard read can count and pass the rows before its block at the cost of reading them only.
/// </summary>
internal sealed class CsvLines
{
    private readonly TextReader _reader;
    private readonly char[] _buffer;
    private readonly StringBuilder _pending = new();
    private int _at, _length;
    private bool _end;

    /// <summary>Lines of <paramref name="reader"/>, read in blocks of <paramref name="bufferChars"/> characters.</summary>
    public CsvLines(TextReader reader, int bufferChars = 1 << 15)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _buffer = new char[bufferChars];
    }

    /// <summary>The next line without its terminator, or null at the end.</summary>
    public string? ReadLine()
    {
        _pending.Clear();
        bool any = false;
        while (Fill())
        {
            any = true;
            var rest = _buffer.AsSpan(_at, _length - _at);
            int stop = rest.IndexOfAny('\r', '\n');
            if (stop < 0)
            {
                _pending.Append(rest);
                _at = _length;
                continue;
            }
            string line = _pending.Length == 0 ? new string(rest[..stop]) : _pending.Append(rest[..stop]).ToString();
            Terminate(stop);
            return line;
        }
        return any ? _pending.ToString() : null;
    }

    /// <summary>Passes the next line; false at the end. <paramref name="blank"/>: the line is empty or all white space.</summary>
    public bool Skip(out bool blank)
    {
        blank = true;
        bool any = false;
        while (Fill())
        {
            any = true;
            var rest = _buffer.AsSpan(_at, _length - _at);
            int stop = rest.IndexOfAny('\r', '\n');
            if (stop < 0)
            {
                blank &= rest.IsWhiteSpace();
                _at = _length;
                continue;
            }
            blank &= rest[..stop].IsWhiteSpace();
            Terminate(stop);
            return true;
        }
        return any;
    }

    /// <summary>Moves past the terminator at <paramref name="stop"/> (relative to the position), a \r\n as one.</summary>
    private void Terminate(int stop)
    {
        char terminator = _buffer[_at + stop];
        _at += stop + 1;
        if (terminator == '\r' && Fill() && _buffer[_at] == '\n') _at++;
    }

    /// <summary>True when a character is buffered, reading the next block when the buffer is spent.</summary>
    private bool Fill()
    {
        if (_at < _length) return true;
        if (_end) return false;
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _at = 0;
        if (_length > 0) return true;
        _end = true;
        return false;
    }
}
