using System.Diagnostics;
using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

public sealed unsafe partial class JournalWriter
{
    /// <summary>
    /// Brings the journal to a state where appending can resume: leftovers of an interrupted
    /// chunk creation are removed, the unsealed tail is scanned from its newest valid checkpoint
    /// to the last whole record, and everything after that is cleared.
    /// </summary>
    private JournalRecovery Recover()
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var temp in Directory.EnumerateFiles(_journal.Directory, "*.tmp")) File.Delete(temp);

        var names = Directory.EnumerateFiles(_journal.Directory, "*" + ChunkExtension).Order(StringComparer.Ordinal).ToList();
        if (names.Count > 0) MappedChunk.RestoreDeclaredLength(names[^1]);
        var chunks = _journal.Catalog.Refresh();
        if (chunks.Length == 0)
        {
            OpenNewChunk(firstSequence: 1);
            return JournalRecovery.None;
        }

        // Only the last chunk may be unsealed. An unsealed one before it means a seal was lost
        // (power loss in page-cache mode): recover it the same way and seal it. Looking back only
        // as far as the first sealed chunk keeps opening independent of the journal's size.
        var firstUnsealed = chunks.Length;
        while (firstUnsealed > 0 && chunks[firstUnsealed - 1].GetSeal() is null) firstUnsealed--;
        JournalRecovery? recovery = null;
        for (var i = firstUnsealed; i < chunks.Length; i++)
        {
            var chunk = MappedChunk.Open(chunks[i].Path, writable: true);
            try
            {
                recovery = RecoverTail(chunk, started);
                if (i == chunks.Length - 1) return recovery;
                if (_nextSequence != chunks[i + 1].FirstSequence)
                {
                    throw new JournalCorruptException(chunk.Path, _position, _nextSequence,
                        $"unsealed chunk ends before the next chunk starts at sequence {chunks[i + 1].FirstSequence}");
                }
                SealCurrent();
                chunks[i].MarkSealed(ChunkCatalog.ReadSeal(chunk.Path)!);
            }
            finally
            {
                if (i != chunks.Length - 1) chunk.Dispose();
            }
        }

        // The last chunk was sealed (a crash between sealing it and creating the next): continue in a new one.
        var lastSeal = chunks[^1].GetSeal()!;
        _maxTsRecv = lastSeal.MaxTsRecv;
        OpenNewChunk(lastSeal.LastSequence + 1);
        return recovery ?? JournalRecovery.None;
    }

    private JournalRecovery RecoverTail(MappedChunk chunk, long started)
    {
        var first = chunk.FirstSequence;
        long position = ChunkHeaderSize, sequence = first, lastOffset = -1;
        var fromCheckpoint = chunk.TryReadCheckpoint(out var checkpoint) && ChunkEnd.Holds(chunk, checkpoint);
        if (fromCheckpoint)
        {
            position = checkpoint.DataEnd;
            sequence = checkpoint.NextSequence;
            lastOffset = checkpoint.LastRecordOffset;
        }

        long scanned = 0;
        while (position < chunk.Size
            && RecordCheck.At(chunk.Base, chunk.Size, position, sequence, verifyChecksum: true, out var length) == RecordStatus.Ok)
        {
            lastOffset = position;
            position += Align(length);
            sequence++;
            scanned++;
        }

        // Whatever lies past the last whole record is a torn write or garbage: clear it, so a
        // later append can never be mistaken for (or merged with) it.
        var rest = chunk.Slice(position, (int)(chunk.Size - position));
        var tornBytes = rest.LastIndexOfAnyExcept((byte)0) + 1;
        if (tornBytes > 0) rest[..tornBytes].Clear();

        // New chunks get this when created; here the records before position keep readahead.
        chunk.ExpectWritesFrom(position);
        AdoptChunk(chunk, position, sequence, lastOffset);
        _indexComplete = false; // entries before the checkpoint are rebuilt when the chunk is sealed
        WriteCheckpoint(position, sequence, lastOffset);
        if (_options.Durability != Durability.PageCache) chunk.Sync(0, position + tornBytes);
        return new JournalRecovery(tornBytes, scanned, fromCheckpoint, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Makes <paramref name="chunk"/> the one appends go to, continuing after its last whole record.</summary>
    private void AdoptChunk(MappedChunk chunk, long position, long nextSequence, long lastRecordOffset)
    {
        _chunk = chunk;
        _base = chunk.Base;
        _chunkSize = chunk.Size;
        _position = position;
        _nextSequence = nextSequence;
        _lastRecordOffset = lastRecordOffset;
        _index = new SparseIndex();
        _indexComplete = true;
        _sinceIndexEntry = 0;
        if (lastRecordOffset >= 0)
        {
            _chunkMinTsRecv = *(long*)(chunk.Base + ChunkHeaderSize + TsRecvOffset);
            _maxTsRecv = Math.Max(_maxTsRecv, *(long*)(chunk.Base + lastRecordOffset + TsRecvOffset));
            _sinceIndexEntry = (int)((nextSequence - chunk.FirstSequence) % _options.IndexStride);
        }
        _nextCheckpointAt = position + _options.CheckpointInterval;
        _checkpointGeneration = chunk.TryReadCheckpoint(out var existing) ? existing.Generation : 0;
        _durableEnd = Math.Min(chunk.DurableEnd, position);
    }
}
