using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Replay.Internal;

/// <summary>
/// One journal's reader in the merge, holding its next record. The record is copied out (header and
/// payload into a reused buffer) because a reader's view ends when it moves on, and the merge moves
/// other readers first.
/// </summary>
internal sealed class MergeCursor(IJournalReader reader, FeedHandle feed, int rank, ISymbolTable symbols, IReadOnlyList<string>? patterns, long to)
    : IDisposable
{
    private sbyte[] _allowed = new sbyte[64];
    private byte[] _payload = new byte[256];
    private int _length;

    public FeedHandle Feed { get; } = feed;

    /// <summary>The feed's place in ordinal name order: the tie-break between equal receive times.</summary>
    public int Rank { get; } = rank;

    public long Sequence { get; private set; }

    public EventKind Kind { get; private set; }

    public RecordFlags Flags { get; private set; }

    public uint InstrumentId { get; private set; }

    public long TsEvent { get; private set; }

    public long TsRecv { get; private set; }

    public EventEnvelope Envelope => new(Feed, Sequence, Kind, Flags, InstrumentId, TsEvent, TsRecv, _payload.AsSpan(0, _length));

    /// <summary>Orders by receive time, then feed name, then sequence.</summary>
    public bool Before(MergeCursor other) =>
        TsRecv != other.TsRecv ? TsRecv < other.TsRecv : Rank != other.Rank ? Rank < other.Rank : Sequence < other.Sequence;

    /// <summary>Loads the next record in range and passing the filter; false at the end.</summary>
    public bool Advance(ref long filtered)
    {
        while (reader.TryRead(out var record))
        {
            if (record.TsRecv >= to) return false;
            if (!Allowed(record.InstrumentId))
            {
                filtered++;
                continue;
            }
            Sequence = record.Sequence;
            Kind = record.Kind;
            Flags = record.Flags;
            InstrumentId = record.InstrumentId;
            TsEvent = record.TsEvent;
            TsRecv = record.TsRecv;
            if (record.Payload.Length > _payload.Length) _payload = new byte[Math.Max(record.Payload.Length, _payload.Length * 2)];
            record.Payload.CopyTo(_payload);
            _length = record.Payload.Length;
            return true;
        }
        return false;
    }

    /// <summary>Whether the filter keeps an instrument; decided once per instrument from its symbol.</summary>
    /// <summary>The next record that passes the filters, read in place (no copy): for a replay of one journal, which needs no merge.</summary>
    public bool TryReadInPlace(out JournalRecord record, ref long filtered)
    {
        while (reader.TryRead(out record))
        {
            if (record.TsRecv >= to) return false;
            if (Allowed(record.InstrumentId)) return true;
            filtered++;
        }
        return false;
    }

    public bool Allowed(uint id)
    {
        if (patterns is null || id == 0) return true;
        if (id >= (uint)_allowed.Length) Array.Resize(ref _allowed, (int)Math.Max(id + 1, (uint)_allowed.Length * 2));
        var known = _allowed[id];
        if (known != 0) return known > 0;
        var symbol = symbols.GetSymbol(id);
        var keep = false;
        if (symbol is not null)
        {
            foreach (var pattern in patterns) keep |= SignalSubscription.Glob(pattern, symbol);
        }
        // A symbol not yet in the table is asked again next time rather than cached as excluded.
        if (symbol is not null) _allowed[id] = keep ? (sbyte)1 : (sbyte)-1;
        return keep;
    }

    public void Dispose() => reader.Dispose();
}
