using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>Where the whole records of an unsealed chunk end.</summary>
internal readonly record struct ChunkEnd(long DataEnd, long NextSequence, long LastRecordOffset)
{
    /// <summary>
    /// Finds the end of the published records: from the newest checkpoint that still holds (the
    /// record it names as last is whole and ends where it says), otherwise from the chunk's start.
    /// </summary>
    public static unsafe ChunkEnd Find(MappedChunk chunk)
    {
        long position = ChunkHeaderSize, sequence = chunk.FirstSequence, last = -1;
        if (chunk.TryReadCheckpoint(out var cp) && Holds(chunk, cp))
        {
            (position, sequence, last) = (cp.DataEnd, cp.NextSequence, cp.LastRecordOffset);
        }
        while (position < chunk.Size
            && RecordCheck.At(chunk.Base, chunk.Size, position, sequence, verifyChecksum: true, out var length) == RecordStatus.Ok)
        {
            last = position;
            position += Align(length);
            sequence++;
        }
        return new ChunkEnd(position, sequence, last);
    }

    /// <summary>A checkpoint is trusted only if the record it names as last is whole and ends where it says.</summary>
    public static unsafe bool Holds(MappedChunk chunk, in ChunkCheckpoint checkpoint)
    {
        if (checkpoint.DataEnd < ChunkHeaderSize || checkpoint.DataEnd > chunk.Size || (checkpoint.DataEnd & (Alignment - 1)) != 0) return false;
        if (checkpoint.NextSequence < chunk.FirstSequence) return false;
        if (checkpoint.LastRecordOffset < 0) return checkpoint.NextSequence == chunk.FirstSequence && checkpoint.DataEnd == ChunkHeaderSize;
        return checkpoint.LastRecordOffset >= ChunkHeaderSize
            && RecordCheck.At(chunk.Base, chunk.Size, checkpoint.LastRecordOffset, checkpoint.NextSequence - 1, verifyChecksum: true, out var length) == RecordStatus.Ok
            && checkpoint.LastRecordOffset + Align(length) == checkpoint.DataEnd;
    }
}
