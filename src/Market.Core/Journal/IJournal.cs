using Signals.Library;

namespace Market.Core.Journal;

/// <summary>
/// One feed's journal: the system of record. One writer at a time, any number of readers.
/// Sequences start at 1 and are gapless.
/// </summary>
public interface IJournal : IDisposable
{
    /// <summary>The feed this journal records.</summary>
    string Feed { get; }

    /// <summary>The symbol table shared by writer and readers.</summary>
    ISymbolTable Symbols { get; }

    /// <summary>The first sequence still held (retention may have dropped older ones); 1 when empty.</summary>
    long FirstSequence { get; }

    /// <summary>The last published sequence; 0 when empty.</summary>
    long LastSequence { get; }

    /// <summary>Opens the only writer; a second one gets <see cref="JournalLockedException"/>.</summary>
    IJournalWriter OpenWriter();

    /// <summary>Opens a reader positioned at the first record held.</summary>
    IJournalReader OpenReader();
}

/// <summary>Appends records. Not thread-safe: one thread appends.</summary>
public interface IJournalWriter : IDisposable
{
    /// <summary>The sequence the next append gets.</summary>
    long NextSequence { get; }

    /// <summary>The last sequence known to be on stable storage (per the durability setting).</summary>
    long DurableSequence { get; }

    /// <summary>Times the caller's receive clock went backwards and was held at the last value.</summary>
    long ClockStepBacks { get; }

    /// <summary>What recovery found when this writer opened the journal.</summary>
    JournalRecovery Recovery { get; }

    /// <summary>Appends one record and publishes it to readers; returns its sequence.</summary>
    long Append(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, ReadOnlySpan<byte> payload, RecordFlags flags = RecordFlags.None);

    /// <summary>Reserves room for a payload of <paramref name="payloadLength"/> bytes to encode in place; finish with <see cref="EndAppend"/>.</summary>
    Span<byte> BeginAppend(int payloadLength);

    /// <summary>Publishes the record started by <see cref="BeginAppend"/>; returns its sequence.</summary>
    long EndAppend(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, RecordFlags flags = RecordFlags.None);

    /// <summary>Ends a batch: with <see cref="Durability.EveryBatch"/> the batch is on disk when this returns.</summary>
    void Commit();

    /// <summary>The feed's id for <paramref name="symbol"/>, assigning and persisting a new one if needed.</summary>
    uint Intern(string symbol);

    /// <summary>Removes sealed chunks whose newest record is older than <paramref name="maxAge"/>; returns how many.</summary>
    int ApplyRetention(TimeSpan maxAge, long nowNanos);
}

/// <summary>What a writer's recovery did on open.</summary>
/// <param name="TornTailBytes">Bytes after the last whole record that were cleared.</param>
/// <param name="RecordsScanned">Records checked after the newest valid checkpoint.</param>
/// <param name="FromCheckpoint">False when no valid checkpoint existed and the tail chunk was scanned from its start.</param>
/// <param name="Elapsed">Time spent recovering.</param>
public sealed record JournalRecovery(long TornTailBytes, long RecordsScanned, bool FromCheckpoint, TimeSpan Elapsed)
{
    /// <summary>Nothing to recover (a new journal or one closed cleanly with no tail).</summary>
    public static JournalRecovery None { get; } = new(0, 0, true, TimeSpan.Zero);
}

/// <summary>Reads records in sequence order. Not thread-safe: one thread per reader.</summary>
public interface IJournalReader : IDisposable
{
    /// <summary>The sequence the next successful read returns.</summary>
    long NextSequence { get; }

    /// <summary>Reads the next record; false at the current end of the journal.</summary>
    bool TryRead(out JournalRecord record);

    /// <summary>Positions at <paramref name="sequence"/>, clamped to what is held; true if that exact sequence is held.</summary>
    bool SeekToSequence(long sequence);

    /// <summary>Positions at the first record with TsRecv at or after <paramref name="tsRecv"/> (the end if none).</summary>
    void SeekToTime(long tsRecv);

    /// <summary>Positions after the last published record, to tail only new ones.</summary>
    void SeekToEnd();

    /// <summary>Blocks until a record may be readable or the timeout passes; false on timeout.</summary>
    bool WaitForData(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Completes when a record may be readable.</summary>
    ValueTask WaitForDataAsync(CancellationToken cancellationToken = default);
}

/// <summary>A feed's symbols interned to ids; ids are never reused.</summary>
public interface ISymbolTable
{
    /// <summary>The id of a known symbol.</summary>
    bool TryGetId(string symbol, out uint id);

    /// <summary>The symbol of an id, or null if unknown.</summary>
    string? GetSymbol(uint id);

    /// <summary>Every known (id, symbol), in id order.</summary>
    IReadOnlyList<KeyValuePair<uint, string>> All();
}
