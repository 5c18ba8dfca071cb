using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

public sealed unsafe partial class JournalWriter
{
    private readonly Lock _flushGate = new();
    private long _durableEnd;
    private long _snapshotVersion;
    private Thread? _groupCommitThread;
    private readonly ManualResetEventSlim _stopping = new(false);

    private bool TracksSnapshot => _options.Durability == Durability.GroupCommit;

    private void StartDurability()
    {
        if (_options.Durability != Durability.GroupCommit) return;
        _groupCommitThread = new Thread(GroupCommitLoop) { IsBackground = true, Name = $"journal-flush {_journal.Feed}" };
        _groupCommitThread.Start();
    }

    private void GroupCommitLoop()
    {
        while (!_stopping.Wait(_options.GroupCommitInterval))
        {
            lock (_flushGate)
            {
                if (_base != null) FlushLocked();
            }
        }
    }

    // A sequence lock around the writer's (position, next sequence, last record) so the group
    // commit thread reads a consistent triple without the append path taking a lock.
    private void BeginSnapshotUpdate()
    {
        if (TracksSnapshot) Interlocked.Increment(ref _snapshotVersion);
    }

    private void EndSnapshotUpdate()
    {
        if (TracksSnapshot) Volatile.Write(ref _snapshotVersion, _snapshotVersion + 1);
    }

    private void ReadSnapshot(out long position, out long nextSequence, out long lastRecordOffset)
    {
        var spinner = new SpinWait();
        while (true)
        {
            var before = Volatile.Read(ref _snapshotVersion);
            position = Volatile.Read(ref _position);
            nextSequence = Volatile.Read(ref _nextSequence);
            lastRecordOffset = Volatile.Read(ref _lastRecordOffset);
            if ((before & 1) == 0 && Volatile.Read(ref _snapshotVersion) == before) return;
            spinner.SpinOnce();
        }
    }

    private void FlushToDisk()
    {
        lock (_flushGate) FlushLocked();
    }

    /// <summary>msync the records written since the last flush (that range only), then the checkpoint that names them.</summary>
    private void FlushLocked()
    {
        ReadSnapshot(out var position, out var nextSequence, out var lastRecordOffset);
        if (position == _durableEnd) return;
        _chunk.Sync(_durableEnd, position - _durableEnd);
        _durableEnd = position;
        WriteCheckpoint(position, nextSequence, lastRecordOffset);
        _chunk.DurableEnd = position;
        _chunk.Sync(0, ChunkHeaderSize);
        _shared.DurableSequence = nextSequence - 1;
    }

    private void OnCheckpointDue()
    {
        _nextCheckpointAt = _position + _options.CheckpointInterval;
        // With a flushing setting the flush writes checkpoints, so one never names unflushed data.
        if (_options.Durability == Durability.PageCache) WriteCheckpoint(_position, _nextSequence, _lastRecordOffset);
    }

    private void WriteCheckpoint(long dataEnd, long nextSequence, long lastRecordOffset) =>
        _chunk.WriteCheckpoint(new ChunkCheckpoint(++_checkpointGeneration, dataEnd, nextSequence, lastRecordOffset));

    private void StopBackgroundWork()
    {
        _stopping.Set();
        _groupCommitThread?.Join();
        StopPretouch();
    }
}
