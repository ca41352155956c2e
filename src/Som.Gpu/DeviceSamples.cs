using ILGPU;
using ILGPU.Runtime;
using Som.Cpu;

namespace Som.Gpu;

/// <summary>
/// The samples on the device. A data set that fits in one chunk is uploaded once with its norm terms and stays
/// resident while the same <see cref="SampleMatrix"/> comes back (the trainer passes the same one every epoch; a
/// matrix is immutable, so the device copy cannot go stale). A larger one is streamed: each call uploads the chunk
/// it needs into a reused buffer, on the engine's stream, so the upload waits for the kernels still reading the
/// previous chunk.
/// <para>The norm term of a sample (‖x‖² for the Euclidean distance, 1/‖x‖ for the cosine) is a property of the
/// data: it is computed once on the host by <see cref="SampleMatrix.SquaredNorms"/>, with the same bits the CPU
/// engine uses, and uploaded beside the values.</para>
/// </summary>
internal sealed class DeviceSamples(Accelerator accelerator, int features, DistanceMetric metric) : IDisposable
{
    private MemoryBuffer1D<float, Stride1D.Dense>? _values;
    private MemoryBuffer1D<float, Stride1D.Dense>? _terms;
    private SampleMatrix? _resident;
    private SampleMatrix? _termsOwner;
    private float[] _hostTerms = [];

    /// <summary>Whether <paramref name="data"/> is on the device as a whole.</summary>
    public bool IsResident(SampleMatrix data) => ReferenceEquals(_resident, data);

    /// <summary>
    /// Samples start … start + count − 1 of <paramref name="data"/> and their norm terms on the device. With
    /// count = N the whole set is made resident; otherwise the rows go into a chunk buffer of
    /// <paramref name="chunk"/> samples.
    /// </summary>
    public (ArrayView<float> Values, ArrayView<float> Terms) Rows(SampleMatrix data, int start, int count, int chunk,
        AcceleratorStream stream)
    {
        if (count == data.Count)
        {
            if (!IsResident(data))
            {
                Ensure(data.Count);
                _values!.View.SubView(0, (long)data.Count * features).CopyFromCPU(stream, data.Values.Span);
                _terms!.View.SubView(0, data.Count).CopyFromCPU(stream, HostTerms(data).AsSpan());
                _resident = data;
            }
            return (_values!.View.SubView(0, (long)data.Count * features), _terms!.View.SubView(0, data.Count));
        }
        _resident = null;
        Ensure(chunk);
        var values = _values!.View.SubView(0, (long)count * features);
        var terms = _terms!.View.SubView(0, count);
        values.CopyFromCPU(stream, data.Values.Span.Slice(start * features, count * features));
        terms.CopyFromCPU(stream, HostTerms(data).AsSpan(start, count));
        return (values, terms);
    }

    /// <summary>The norm terms of every sample, computed once per matrix.</summary>
    public float[] HostTerms(SampleMatrix data)
    {
        if (!ReferenceEquals(_termsOwner, data))
        {
            _hostTerms = ExpandedDistance.SampleTerms(data, metric);
            _termsOwner = data;
        }
        return _hostTerms;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _values?.Dispose();
        _terms?.Dispose();
        _values = null;
        _terms = null;
        _resident = null;
    }

    private void Ensure(int samples)
    {
        if (_values is not null && _terms is not null && _terms.Length >= samples) return;
        _values?.Dispose();
        _terms?.Dispose();
        _values = null;
        _terms = null;
        _values = accelerator.Allocate1D<float>((long)samples * features);
        _terms = accelerator.Allocate1D<float>(samples);
    }
}
