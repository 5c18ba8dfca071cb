using System.Runtime.CompilerServices;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>What was found at a record position.</summary>
internal enum RecordStatus
{
    /// <summary>A whole record with the expected sequence and a matching CRC.</summary>
    Ok,

    /// <summary>Length zero: nothing published here yet.</summary>
    Empty,

    /// <summary>The length field cannot be right (too small, or runs past the chunk).</summary>
    BadLength,

    /// <summary>Whole, but not the sequence that must come next.</summary>
    BadSequence,

    /// <summary>The checksum does not match the bytes.</summary>
    BadChecksum,
}

/// <summary>Reads and validates the record at a position; shared by readers, recovery and verify.</summary>
internal static unsafe class RecordCheck
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RecordStatus At(byte* chunkBase, long chunkSize, long position, long expectedSequence, bool verifyChecksum, out int length)
    {
        if (position > chunkSize - RecordHeaderSize)
        {
            // A chunk filled to (almost) its last byte: no record can start here, and reading the
            // length would run past the mapping.
            length = 0;
            return RecordStatus.Empty;
        }
        var p = chunkBase + position;
        length = Volatile.Read(ref *(int*)p);
        if (length == 0) return RecordStatus.Empty;
        if (length < RecordHeaderSize || length > chunkSize - position) return RecordStatus.BadLength;
        if (*(long*)(p + SequenceOffset) != expectedSequence) return RecordStatus.BadSequence;
        if (verifyChecksum && *(uint*)(p + CrcOffset) != RecordCrc(p, length))
        {
            return RecordStatus.BadChecksum;
        }
        return RecordStatus.Ok;
    }

    public static string Describe(RecordStatus status, int length) => status switch
    {
        RecordStatus.Empty => "no record where the chunk's seal says there is one",
        RecordStatus.BadLength => $"impossible record length {length}",
        RecordStatus.BadSequence => "sequence out of order",
        RecordStatus.BadChecksum => "CRC32C mismatch",
        _ => status.ToString(),
    };
}
