using Market.Core.Books;
using Market.Core.Feeds;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Hosting;

/// <summary>
/// What every recorder does around <see cref="JournalEventSink"/>: counts records and bytes for the
/// status view, keeps each book to write periodic checkpoints (venue snapshots, journaled with the
/// Resync flag, restart the count), and, where the venue's sequence is per instrument and steps by
/// one (the sim), detects gaps itself (writing a <see cref="GapReason.SequenceGap"/> record and
/// asking for a resync). One thread writes; the counters are read from others.
/// </summary>
/// <param name="writer">The feed's journal writer.</param>
/// <param name="checkpoints">When to checkpoint books; null for the defaults.</param>
/// <param name="checkSequences">
/// True to check venue sequences here. Real venues' parsers check their own sequences (Coinbase's
/// is per connection, Binance's jumps by design) and emit gaps themselves, so they pass false.
/// </param>
internal sealed class RecordingSink(IJournalWriter writer, BookCheckpointOptions? checkpoints, bool checkSequences) : IMarketEventSink
{
    private readonly JournalEventSink _inner = new(writer);
    private readonly BookCheckpointer _checkpointer = new(writer, checkpoints);
    private readonly Dictionary<uint, OrderBook> _books = [];
    private readonly Dictionary<uint, ulong> _expected = [];
    private long _events;
    private long _bytes;
    private long _gaps;
    private long _checkpoints;

    /// <summary>Instruments whose sequence jumped; the driver resyncs them after the current message.</summary>
    public List<uint> ResyncWanted { get; } = [];

    public long Events => Volatile.Read(ref _events);
    public long Bytes => Volatile.Read(ref _bytes);
    public long Gaps => Volatile.Read(ref _gaps);
    public long Checkpoints => Volatile.Read(ref _checkpoints);

    public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => _inner.Instrument(symbolUtf8);

    public void Trade(in Trade trade)
    {
        _inner.Trade(trade);
        AddRecord(trade.PayloadSize);
    }

    public void Delta(in BookDelta delta, bool endOfBatch)
    {
        if (checkSequences)
        {
            if (_expected.TryGetValue(delta.InstrumentId, out var expected) && delta.VenueSequence > expected)
            {
                Gap(new Gap(delta.InstrumentId, delta.TsEvent, delta.TsRecv, GapReason.SequenceGap, expected, delta.VenueSequence));
                ResyncWanted.Add(delta.InstrumentId);
            }
            if (delta.VenueSequence != 0) _expected[delta.InstrumentId] = endOfBatch ? delta.VenueSequence + 1 : delta.VenueSequence;
        }
        _inner.Delta(delta, endOfBatch);
        AddRecord(delta.PayloadSize);
        var book = Book(delta.InstrumentId);
        book.Apply(delta);
        var before = _checkpointer.Written;
        _checkpointer.OnDelta(delta, book);
        if (_checkpointer.Written != before)
        {
            AddRecord(17 + (16 * (book.BidCount + book.AskCount))); // BookSnapshot's v1 encoding
            Volatile.Write(ref _checkpoints, _checkpoints + 1);
        }
    }

    public void Snapshot(in BookSnapshot snapshot)
    {
        _inner.Snapshot(snapshot);
        AddRecord(snapshot.PayloadSize);
        Book(snapshot.InstrumentId).Apply(snapshot);
        _checkpointer.Restart(snapshot.InstrumentId, snapshot.TsRecv);
        if (checkSequences && snapshot.VenueSequence != 0) _expected[snapshot.InstrumentId] = snapshot.VenueSequence + 1;
    }

    public void Quote(in Quote quote)
    {
        _inner.Quote(quote);
        AddRecord(quote.PayloadSize);
    }

    public void Gap(in Gap gap)
    {
        _inner.Gap(gap);
        AddRecord(gap.PayloadSize);
        Volatile.Write(ref _gaps, _gaps + 1);
    }

    private void AddRecord(int payload)
    {
        Volatile.Write(ref _bytes, _bytes + Journal.Internal.JournalFormat.RecordHeaderSize + ((payload + 7) & ~7));
        Volatile.Write(ref _events, _events + 1);
    }

    private OrderBook Book(uint id) => _books.TryGetValue(id, out var book) ? book : _books[id] = new OrderBook();
}
