using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Evaluation;

/// <summary>A feed registered with an evaluator; cheap to pass with every event.</summary>
public readonly record struct FeedHandle
{
    internal FeedHandle(int index, string name)
    {
        Index = index;
        Name = name;
    }

    /// <summary>The feed's name.</summary>
    public string Name { get; }

    internal int Index { get; }
}

/// <summary>
/// One market event as the replay and live drivers hand it to <see cref="SignalEvaluator.Process"/>:
/// the journal record's fields and payload, tagged with its feed. A view: valid for the call only.
/// </summary>
public readonly ref struct EventEnvelope
{
    /// <summary>Wraps a journal record.</summary>
    /// <param name="feed">The record's feed.</param>
    /// <param name="record">The record.</param>
    public EventEnvelope(FeedHandle feed, in JournalRecord record)
        : this(feed, record.Sequence, record.Kind, record.Flags, record.InstrumentId, record.TsEvent, record.TsRecv, record.Payload)
    {
    }

    /// <summary>Builds an envelope from its parts.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="sequence">The feed's journal sequence.</param>
    /// <param name="kind">What the payload encodes.</param>
    /// <param name="flags">Writer flags (end of batch, resync).</param>
    /// <param name="instrumentId">The feed's instrument id; 0 for feed-wide records.</param>
    /// <param name="tsEvent">Exchange time, UTC ns.</param>
    /// <param name="tsRecv">Receive time, UTC ns: the event clock.</param>
    /// <param name="payload">The encoded event.</param>
    public EventEnvelope(FeedHandle feed, long sequence, EventKind kind, RecordFlags flags, uint instrumentId, long tsEvent, long tsRecv, ReadOnlySpan<byte> payload)
    {
        Feed = feed;
        Sequence = sequence;
        Kind = kind;
        Flags = flags;
        InstrumentId = instrumentId;
        TsEvent = tsEvent;
        TsRecv = tsRecv;
        Payload = payload;
    }

    /// <summary>The feed.</summary>
    public FeedHandle Feed { get; }

    /// <summary>The feed's journal sequence.</summary>
    public long Sequence { get; }

    /// <summary>What the payload encodes.</summary>
    public EventKind Kind { get; }

    /// <summary>Writer flags.</summary>
    public RecordFlags Flags { get; }

    /// <summary>The feed's instrument id.</summary>
    public uint InstrumentId { get; }

    /// <summary>Exchange time, UTC ns.</summary>
    public long TsEvent { get; }

    /// <summary>Receive time, UTC ns.</summary>
    public long TsRecv { get; }

    /// <summary>The encoded event.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
