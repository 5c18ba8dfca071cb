using Signals.Library;

namespace Market.Core.Journal;

/// <summary>Bits a writer may set on a record.</summary>
[Flags]
public enum RecordFlags : byte
{
    /// <summary>Nothing special.</summary>
    None = 0,

    /// <summary>The last record of one venue message or batch (e.g. the final delta of a book update).</summary>
    EndOfBatch = 1,

    /// <summary>Written while rebuilding state after a (re)subscribe or resync, not from the live stream.</summary>
    Resync = 2,
}

/// <summary>
/// One record as a reader sees it: a view into the mapped chunk, valid until the reader moves on.
/// Copy the payload if it must outlive the next read.
/// </summary>
public readonly ref struct JournalRecord
{
    /// <summary>Creates a view over a record's fields and payload.</summary>
    public JournalRecord(long sequence, EventKind kind, RecordFlags flags, uint instrumentId, long tsEvent, long tsRecv, ReadOnlySpan<byte> payload)
    {
        Sequence = sequence;
        Kind = kind;
        Flags = flags;
        InstrumentId = instrumentId;
        TsEvent = tsEvent;
        TsRecv = tsRecv;
        Payload = payload;
    }

    /// <summary>The feed's gapless sequence number, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary>What the payload encodes.</summary>
    public EventKind Kind { get; }

    /// <summary>Writer flags.</summary>
    public RecordFlags Flags { get; }

    /// <summary>The feed's interned symbol id; 0 for feed-wide records.</summary>
    public uint InstrumentId { get; }

    /// <summary>Exchange time, UTC nanoseconds.</summary>
    public long TsEvent { get; }

    /// <summary>Receive time, UTC nanoseconds; non-decreasing along the journal.</summary>
    public long TsRecv { get; }

    /// <summary>The encoded event.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Copies the record so it outlives the reader's position.</summary>
    public JournalEntry ToEntry() => new(Sequence, Kind, Flags, InstrumentId, TsEvent, TsRecv, Payload.ToArray());
}

/// <summary>A record copied out of the journal, for code that keeps records around. Equal when every field and payload byte is.</summary>
public sealed record JournalEntry(long Sequence, EventKind Kind, RecordFlags Flags, uint InstrumentId, long TsEvent, long TsRecv, byte[] Payload)
{
    /// <summary>Compares fields and payload contents (not the payload array's identity).</summary>
    public bool Equals(JournalEntry? other) =>
        other is not null && Sequence == other.Sequence && Kind == other.Kind && Flags == other.Flags && InstrumentId == other.InstrumentId
        && TsEvent == other.TsEvent && TsRecv == other.TsRecv && Payload.AsSpan().SequenceEqual(other.Payload);

    /// <summary>Hashes the sequence and timestamps; equal entries hash equally.</summary>
    public override int GetHashCode() => HashCode.Combine(Sequence, TsEvent, TsRecv, Payload.Length);
}
