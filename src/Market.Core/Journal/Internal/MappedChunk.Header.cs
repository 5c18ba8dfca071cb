using System.Diagnostics.CodeAnalysis;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>What a sealed chunk declares about its records.</summary>
internal sealed record ChunkSeal(long LastSequence, long RecordCount, long MinTsRecv, long MaxTsRecv, long DataEnd);

/// <summary>
/// A point the writer reached: every record before <see cref="DataEnd"/> was whole, the next one
/// gets <see cref="NextSequence"/>, and the last one starts at <see cref="LastRecordOffset"/> (-1 if none).
/// </summary>
internal readonly record struct ChunkCheckpoint(long Generation, long DataEnd, long NextSequence, long LastRecordOffset);

internal sealed unsafe partial class MappedChunk
{
    private const int DurableEndOffset = 256;

    /// <summary>True once the writer has sealed the chunk; the flag is written after the seal fields.</summary>
    public bool IsSealed => Volatile.Read(ref *(uint*)(_base + SealFlagOffset)) == SealedFlag;

    /// <summary>Reads the seal; false if the chunk is not sealed or its seal fails its checksum.</summary>
    public bool TryReadSeal([NotNullWhen(true)] out ChunkSeal? seal)
    {
        seal = null;
        return IsSealed && TryParseSeal(new ReadOnlySpan<byte>(_base, ChunkHeaderSize), out seal);
    }

    /// <summary>Parses the seal out of a header copy; false if unsealed or the seal fails its checksum.</summary>
    public static bool TryParseSeal(ReadOnlySpan<byte> header, [NotNullWhen(true)] out ChunkSeal? seal)
    {
        seal = null;
        if (ReadUInt32(header, SealFlagOffset) != SealedFlag) return false;
        var block = header.Slice(SealOffset, SealLength);
        if (ReadUInt32(header, SealCrcOffset) != Crc32C.Compute(block)) return false;
        seal = new ChunkSeal(ReadInt64(block, 0), ReadInt64(block, 8), ReadInt64(block, 16), ReadInt64(block, 24), ReadInt64(block, 32));
        return true;
    }

    /// <summary>Writes the seal fields and checksum, then the flag, so a reader never sees half a seal.</summary>
    public void WriteSeal(in ChunkSeal seal)
    {
        var block = new Span<byte>(_base + SealOffset, SealLength);
        WriteInt64(block, 0, seal.LastSequence);
        WriteInt64(block, 8, seal.RecordCount);
        WriteInt64(block, 16, seal.MinTsRecv);
        WriteInt64(block, 24, seal.MaxTsRecv);
        WriteInt64(block, 32, seal.DataEnd);
        WriteUInt32(new Span<byte>(_base, ChunkHeaderSize), SealCrcOffset, Crc32C.Compute(block));
        Volatile.Write(ref *(uint*)(_base + SealFlagOffset), SealedFlag);
    }

    /// <summary>The newest checkpoint whose checksum holds, if any.</summary>
    public bool TryReadCheckpoint(out ChunkCheckpoint checkpoint)
    {
        checkpoint = default;
        var found = false;
        for (var slot = 0; slot < 2; slot++)
        {
            var block = new ReadOnlySpan<byte>(_base + CheckpointSlot0 + slot * CheckpointSlotSize, CheckpointSlotSize);
            if (ReadUInt32(block, CheckpointLength) != Crc32C.Compute(block[..CheckpointLength])) continue;
            var candidate = new ChunkCheckpoint(ReadInt64(block, 0), ReadInt64(block, 8), ReadInt64(block, 16), ReadInt64(block, 24));
            if (candidate.Generation <= 0 || (found && candidate.Generation <= checkpoint.Generation)) continue;
            checkpoint = candidate;
            found = true;
        }
        return found;
    }

    /// <summary>Writes a checkpoint into the slot its generation selects; the other slot keeps the previous one.</summary>
    public void WriteCheckpoint(in ChunkCheckpoint checkpoint)
    {
        var block = new Span<byte>(_base + CheckpointSlot0 + (int)(checkpoint.Generation & 1) * CheckpointSlotSize, CheckpointSlotSize);
        WriteInt64(block, 0, checkpoint.Generation);
        WriteInt64(block, 8, checkpoint.DataEnd);
        WriteInt64(block, 16, checkpoint.NextSequence);
        WriteInt64(block, 24, checkpoint.LastRecordOffset);
        block[32..CheckpointLength].Clear();
        WriteUInt32(block, CheckpointLength, Crc32C.Compute(block[..CheckpointLength]));
    }

    /// <summary>End of the data known to be on stable storage (the durable watermark), or 0.</summary>
    public long DurableEnd
    {
        get => Volatile.Read(ref *(long*)(_base + DurableEndOffset));
        set => Volatile.Write(ref *(long*)(_base + DurableEndOffset), value);
    }
}
