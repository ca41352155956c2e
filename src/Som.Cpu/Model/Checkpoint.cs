namespace Som;

/// <summary>
/// What a checkpoint file holds beside its model: where the run stands and what it was trained on, so a resumed run
/// can refuse other data and report the whole run.
/// </summary>
/// <param name="State">Epoch, sample and visiting-order generator reached.</param>
/// <param name="DataName">The training data's name (for messages).</param>
/// <param name="DataSamples">Training samples N.</param>
/// <param name="DataSha256">SHA-256 of the training samples (<see cref="HashData"/>), lower-case hex.</param>
/// <param name="InitialQuantizationError">QE of the initial codebook.</param>
/// <param name="InitSeconds">Seconds the initialisation took.</param>
/// <param name="SecondsPerEpoch">Seconds of each epoch finished so far (one entry per finished epoch).</param>
/// <param name="Engine">The engine that trained it: <c>cpu</c> (any instruction set and thread count: the same bits,
/// docs/contract.md §11) or the GPU engine's device, e.g. <c>cuda: NVIDIA H200</c>; null in checkpoints that predate it.</param>
internal sealed record Checkpoint(TrainingState State, string DataName, int DataSamples, string DataSha256,
    double InitialQuantizationError, double InitSeconds, double[] SecondsPerEpoch, string? Engine = null)
{
    /// <summary>SHA-256 of N, D and the samples as float32 little-endian, lower-case hex.</summary>
    public static string HashData(SampleMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> head = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(head, data.Count);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(head[4..], data.Features);
        sha.AppendData(head);
        var values = data.Values.Span;
        if (BitConverter.IsLittleEndian)
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        }
        else
        {
            var chunk = new byte[4096];
            for (int i = 0; i < values.Length; i += chunk.Length / 4)
            {
                int n = Math.Min(chunk.Length / 4, values.Length - i);
                for (int k = 0; k < n; k++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(k * 4), values[i + k]);
                sha.AppendData(chunk, 0, n * 4);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
