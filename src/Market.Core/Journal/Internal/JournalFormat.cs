using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Market.Core.Journal.Internal;

/// <summary>
/// The on-disk layout of chunks and records, version 1. Everything is little-endian and every
/// record starts 8-byte aligned.
/// </summary>
/// <remarks>
/// Record: <c>u32 length | u32 crc | i64 seq | i64 tsEvent | i64 tsRecv | u32 instrument | u8 kind |
/// u8 flags | u16 reserved | payload</c>. <c>length</c> counts header and payload, not padding; it
/// is stored last, so a reader that sees a non-zero length sees a whole record. The CRC32C covers the
/// length and bytes [8, length).
/// </remarks>
internal static class JournalFormat
{
    public const uint FormatVersion = 1;
    public const ulong ChunkMagic = 0x314B4E4843574400; // "\0DWCHNK1" read as little-endian
    public const int ChunkHeaderSize = 4096;
    public const int RecordHeaderSize = 40;
    public const int Alignment = 8;
    public const string ChunkExtension = ".chunk";
    public const string IndexExtension = ".index";

    // Record header offsets.
    public const int LengthOffset = 0;
    public const int CrcOffset = 4;
    public const int SequenceOffset = 8;
    public const int TsEventOffset = 16;
    public const int TsRecvOffset = 24;
    public const int InstrumentOffset = 32;
    public const int KindOffset = 36;
    public const int FlagsOffset = 37;

    // Chunk header offsets: identity (written once at creation) ...
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int ChunkSizeOffset = 16;
    public const int FirstSequenceOffset = 24;
    public const int CreatedOffset = 32;
    public const int IdentityCrcOffset = 40;
    public const int IdentityLength = 40;

    // ... the seal, written once when the chunk is full, flag last ...
    public const int SealOffset = 64;
    public const int SealLength = 40; // last seq, count, min ts, max ts, data end
    public const int SealCrcOffset = SealOffset + SealLength;
    public const int SealFlagOffset = SealCrcOffset + 4;
    public const uint SealedFlag = 0x5EA1ED01;

    // ... and two alternating checkpoint slots the writer refreshes as it goes, so recovery
    // scans only what came after the newest valid one.
    public const int CheckpointSlot0 = 128;
    public const int CheckpointSlotSize = 64;
    public const int CheckpointLength = 56; // generation, data end, next seq, last record offset, reserved

    /// <summary>Rounds a record length up to the next record boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Align(int length) => (length + (Alignment - 1)) & ~(Alignment - 1);

    /// <summary>CRC32C of a record: the length, then everything after the CRC field.</summary>
    /// <remarks>Pointer-based: this runs once per append and per read, and span slicing per word showed in profiles.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint RecordCrc(byte* record, int length)
    {
        var crc = BitOperations.Crc32C(0xFFFFFFFFu, (uint)length);
        var p = record + SequenceOffset;
        var end = record + length;
        for (; p + 8 <= end; p += 8) crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(p));
        if (p + 4 <= end)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<uint>(p));
            p += 4;
        }
        for (; p < end; p++) crc = BitOperations.Crc32C(crc, *p);
        return ~crc;
    }

    /// <summary>The chunk file name: its first sequence, zero-padded so names sort in order.</summary>
    public static string ChunkFileName(long firstSequence) =>
        firstSequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ChunkExtension;

    /// <summary>The index file that belongs to a chunk.</summary>
    public static string IndexFileName(long firstSequence) =>
        firstSequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + IndexExtension;

    /// <summary>Parses a chunk or index file name back to its first sequence.</summary>
    public static bool TryParseFirstSequence(string fileName, string extension, out long firstSequence)
    {
        firstSequence = 0;
        if (!fileName.EndsWith(extension, StringComparison.Ordinal)) return false;
        var stem = fileName.AsSpan(0, fileName.Length - extension.Length);
        return stem.Length == 20
            && long.TryParse(stem, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out firstSequence);
    }

    public static long ReadInt64(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadInt64LittleEndian(span[offset..]);
    public static uint ReadUInt32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
    public static void WriteInt64(Span<byte> span, int offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(span[offset..], value);
    public static void WriteUInt32(Span<byte> span, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], value);
}
