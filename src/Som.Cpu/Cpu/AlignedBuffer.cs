using System.Runtime.InteropServices;

namespace Som.Cpu;

/// <summary>Native float memory aligned to 64 bytes (a cache line, a zmm register), freed on dispose.</summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    private float* _pointer;

    /// <summary>Allocates <paramref name="length"/> floats, zeroed.</summary>
    public AlignedBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * sizeof(float);
        _pointer = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_pointer, bytes);
    }

    /// <summary>Number of floats.</summary>
    public long Length { get; }

    /// <summary>The first float.</summary>
    public float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return _pointer;
        }
    }

    /// <summary>The floats as a span (for lengths below 2³¹).</summary>
    public Span<float> Span => new(Pointer, checked((int)Length));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
