using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

public sealed unsafe partial class JournalWriter
{
    /// <summary>
    /// The current chunk is full: seal it (metadata, then the flag), persist its index, and
    /// continue in a new chunk named after the next sequence. If the disk has no room for the new
    /// chunk the append fails with <see cref="JournalFullException"/>, the sealed chunk stands,
    /// and the next append tries again.
    /// </summary>
    private void Rotate()
    {
        lock (_flushGate)
        {
            if (!_chunk.IsSealed) SealCurrent();
            var next = _nextSequence;
            MappedChunk created;
            try
            {
                created = NameOrCreate(next);
            }
            catch (JournalFullException)
            {
                throw;
            }
            catch (IOException e)
            {
                throw new JournalException($"cannot create chunk {ChunkFileName(next)} in {_journal.Directory}: {e.Message}", e);
            }
            StopPretouchingChunk();
            Retire(_chunk);
            AdoptChunk(created, ChunkHeaderSize, next, lastRecordOffset: -1);
            WriteCheckpoint(_position, _nextSequence, _lastRecordOffset);
            Rotations++;
        }
        RestartPretouch();
        _shared.Signal.Notify(); // readers parked at the end of the sealed chunk move on
        if (_options.Retention is { } keep) ApplyRetention(keep, _journal.NowNanos());
    }

    /// <summary>The chunk prepared in the background, named for <paramref name="firstSequence"/>; or a new one made now.</summary>
    private MappedChunk NameOrCreate(long firstSequence)
    {
        if (TakePrepared() is { } prepared)
        {
            try
            {
                prepared.Name(firstSequence, _journal.NowNanos());
                return prepared;
            }
            catch (IOException)
            {
                prepared.DisposeAndDelete(); // fall back to creating one in place
            }
        }
        return MappedChunk.Create(_journal.Directory, firstSequence, _options.ChunkSize, _journal.NowNanos());
    }

    /// <summary>Seals the current chunk: durable first when the setting asks for it, then the seal, then the index.</summary>
    private void SealCurrent()
    {
        if (_options.Durability != Durability.PageCache) FlushLocked();
        var count = _nextSequence - _chunk.FirstSequence;
        var seal = new ChunkSeal(
            LastSequence: _nextSequence - 1,
            RecordCount: count,
            MinTsRecv: count > 0 ? _chunkMinTsRecv : 0,
            MaxTsRecv: count > 0 ? _maxTsRecv : 0,
            DataEnd: _position);
        _chunk.WriteSeal(seal);
        _chunkSize = _position; // nothing more goes into a sealed chunk, even if it would fit
        if (_options.Durability != Durability.PageCache) _chunk.Sync(0, ChunkHeaderSize);

        var index = _indexComplete ? _index : SparseIndex.Build(_chunk, _position, _options.IndexStride);
        var indexPath = Path.Combine(_journal.Directory, IndexFileName(_chunk.FirstSequence));
        try
        {
            index.Save(indexPath, _chunk.FirstSequence, _options.IndexStride);
        }
        catch (IOException)
        {
            // The index is derived data: readers rebuild a missing one. Do not fail the append for it.
        }
    }

    /// <summary>Starts an empty journal or continues after a sealed last chunk.</summary>
    private void OpenNewChunk(long firstSequence)
    {
        var chunk = MappedChunk.Create(_journal.Directory, firstSequence, _options.ChunkSize, _journal.NowNanos());
        AdoptChunk(chunk, ChunkHeaderSize, firstSequence, lastRecordOffset: -1);
        WriteCheckpoint(_position, _nextSequence, _lastRecordOffset);
    }
}
