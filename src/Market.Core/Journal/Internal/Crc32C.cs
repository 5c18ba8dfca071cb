using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Market.Core.Journal.Internal;

/// <summary>CRC32C (Castagnoli) over spans, hardware-backed through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
internal static class Crc32C
{
    /// <summary>CRC32C of a whole span, with the usual pre- and post-inversion.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFFu, data);

    /// <summary>Continues a running (non-inverted) CRC over more bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
