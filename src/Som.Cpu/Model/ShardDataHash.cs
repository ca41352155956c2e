using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Som;

/// <summary>
/// The training data's hash in a checkpoint of a distributed run (docs/model-format.md, "Checkpoints"): one that each
/// rank computes from its own rows and the ranks combine exactly, so every split of the same rows into contiguous
/// shards, for every rank count, gives the same value. Row i (global index) hashes to
/// h_i = SHA-256(i as int64 ‖ D as int32 ‖ its D values as float32), all little-endian; each of h_i's eight 32-bit
/// little-endian words is summed over all rows as an integer (exact: below 2^63 for N &lt; 2^31), and the hash is
/// <see cref="Prefix"/> followed by the lower-case hex of SHA-256(N as int64 ‖ D as int32 ‖ the eight sums as int64).
/// The global index in h_i makes the order of the rows count.
/// </summary>
internal static class ShardDataHash
{
    /// <summary>What a distributed checkpoint's data hash starts with, telling it from the one-process <see cref="Checkpoint.HashData"/>.</summary>
    public const string Prefix = "rows-sha256:";

    private const int Words = 8;

    /// <summary>Whether <paramref name="hash"/> is one of these (else a one-process <see cref="Checkpoint.HashData"/>).</summary>
    public static bool Is(string hash) => hash.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The hash of every rank's rows; every rank calls it with its shard, global <paramref name="offset"/> and the global count.</summary>
    public static string Compute(ICommunicator communicator, SampleMatrix shard, long offset, long total)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(shard);
        var sums = new long[Words];
        var input = new byte[12 + 4 * shard.Features];
        Span<byte> digest = stackalloc byte[32];
        for (int i = 0; i < shard.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(input, offset + i);
            BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(8), shard.Features);
            var row = shard.Row(i);
            if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(row).CopyTo(input.AsSpan(12));
            else for (int f = 0; f < row.Length; f++) BinaryPrimitives.WriteSingleLittleEndian(input.AsSpan(12 + 4 * f), row[f]);
            SHA256.HashData(input, digest);
            for (int w = 0; w < Words; w++) sums[w] += BinaryPrimitives.ReadUInt32LittleEndian(digest[(4 * w)..]);
        }
        communicator.AllReduceSum(sums);
        var head = new byte[12 + 8 * Words];
        BinaryPrimitives.WriteInt64LittleEndian(head, total);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), shard.Features);
        for (int w = 0; w < Words; w++) BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(12 + 8 * w), sums[w]);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(head));
    }
}
