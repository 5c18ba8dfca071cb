using System.Runtime.CompilerServices;
using Market.Core.Journal.Internal;
using Signals.Library;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

/// <summary>
/// The single writer of a memory-mapped journal. Appends encode straight into the mapped chunk,
/// then publish by storing the record's length last, so a reader never sees half a record.
/// </summary>
/// <remarks>
/// Split by concern: this file is the append path; recovery, rotation and durability live in
/// the partials beside it.
/// </remarks>
public sealed unsafe partial class JournalWriter : IJournalWriter
{
    private readonly MmapJournal _journal;
    private readonly JournalOptions _options;
    private readonly JournalShared _shared;
    private readonly FileStream _lock;
    private readonly int _maxPayload;

    private MappedChunk _chunk = null!;
    private byte* _base;
    private long _chunkSize;
    private long _position;            // where the next record goes in the current chunk
    private long _nextSequence;
    private long _lastRecordOffset = -1;
    private long _chunkMinTsRecv;
    private long _maxTsRecv = long.MinValue;
    private long _clockStepBacks;
    private int _pendingPayload = -1;  // payload length reserved by BeginAppend, -1 when none

    private SparseIndex _index = new();
    private bool _indexComplete;
    private int _sinceIndexEntry;
    private long _nextCheckpointAt;
    private long _checkpointGeneration;
    private bool _disposed;

    internal JournalWriter(MmapJournal journal, FileStream writerLock)
    {
        _journal = journal;
        _options = journal.Options;
        _shared = journal.Shared;
        _lock = writerLock;
        _maxPayload = _options.MaxPayloadSize;
        try
        {
            Recovery = Recover();
            StartDurability();
            StartPretouch();
            _shared.LastSequence = _nextSequence - 1;
            _shared.DurableSequence = _options.Durability == Durability.PageCache ? 0 : _nextSequence - 1;
            _shared.WriterOpen = true;
        }
        catch
        {
            StopBackgroundWork();
            _chunk?.Dispose();
            _lock.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public long NextSequence => _nextSequence;

    /// <inheritdoc />
    public long DurableSequence => _shared.DurableSequence;

    /// <inheritdoc />
    public long ClockStepBacks => _clockStepBacks;

    /// <summary>How many times this writer has sealed its chunk and moved to a new one since it opened.</summary>
    public long Rotations { get; private set; }

    /// <inheritdoc />
    public JournalRecovery Recovery { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Append(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, ReadOnlySpan<byte> payload, RecordFlags flags = RecordFlags.None)
    {
        var record = Reserve(payload.Length);
        payload.CopyTo(new Span<byte>(record + RecordHeaderSize, payload.Length));
        return Publish(record, payload.Length, kind, instrumentId, tsEvent, tsRecv, flags);
    }

    /// <inheritdoc />
    public Span<byte> BeginAppend(int payloadLength)
    {
        var record = Reserve(payloadLength);
        _pendingPayload = payloadLength;
        return new Span<byte>(record + RecordHeaderSize, payloadLength);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long EndAppend(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, RecordFlags flags = RecordFlags.None)
    {
        var payloadLength = _pendingPayload;
        if (payloadLength < 0) throw new InvalidOperationException("EndAppend without a matching BeginAppend");
        _pendingPayload = -1;
        return Publish(_base + _position, payloadLength, kind, instrumentId, tsEvent, tsRecv, flags);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* Reserve(int payloadLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)payloadLength > (uint)_maxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, $"a record payload must be 0..{_maxPayload} bytes");
        }
        if (_position + Align(RecordHeaderSize + payloadLength) > _chunkSize) Rotate();
        return _base + _position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Publish(byte* record, int payloadLength, EventKind kind, uint instrumentId, long tsEvent, long tsRecv, RecordFlags flags)
    {
        if (tsRecv < _maxTsRecv)
        {
            // Receive time is the journal's own clock and must not run backwards, or time seeks
            // would lie: hold it at the last value and count the step-back.
            tsRecv = _maxTsRecv;
            _clockStepBacks++;
        }
        var length = RecordHeaderSize + payloadLength;
        var sequence = _nextSequence;
        *(long*)(record + SequenceOffset) = sequence;
        *(long*)(record + TsEventOffset) = tsEvent;
        *(long*)(record + TsRecvOffset) = tsRecv;
        *(uint*)(record + InstrumentOffset) = instrumentId;
        record[KindOffset] = (byte)kind;
        record[FlagsOffset] = (byte)flags;
        *(ushort*)(record + FlagsOffset + 1) = 0;
        *(uint*)(record + CrcOffset) = RecordCrc(record, length);
        Volatile.Write(ref *(int*)record, length); // publish: readers see the record from here on

        if (_lastRecordOffset < 0) _chunkMinTsRecv = tsRecv;
        if (_sinceIndexEntry == 0) _index.Add(new IndexEntry(sequence, _position, tsRecv));
        if (++_sinceIndexEntry == _options.IndexStride) _sinceIndexEntry = 0;
        _maxTsRecv = tsRecv;

        BeginSnapshotUpdate();
        _lastRecordOffset = _position;
        _position += Align(length);
        _nextSequence = sequence + 1;
        EndSnapshotUpdate();

        _shared.LastSequence = sequence;
        if (_position >= _nextCheckpointAt) OnCheckpointDue();
        if (_position >= _pretouchKickAt) KickPretouch();
        _shared.Signal.Notify();
        return sequence;
    }

    /// <inheritdoc />
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.Durability == Durability.EveryBatch) FlushToDisk();
    }

    /// <inheritdoc />
    public uint Intern(string symbol)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _journal.SymbolTable.GetOrAdd(symbol, durable: _options.Durability != Durability.PageCache);
    }

    /// <summary>Releases the chunk and the writer lock. The chunk stays unsealed: the next writer continues it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        StopBackgroundWork();
        lock (_flushGate)
        {
            if (_options.Durability != Durability.PageCache) FlushLocked();
            else WriteCheckpoint(_position, _nextSequence, _lastRecordOffset);
            _chunk.Dispose();
            _base = null;
        }
        _shared.WriterOpen = false;
        _shared.Signal.Notify();
        _journal.SymbolTable.DetachWriter();
        _lock.Dispose();
    }
}
