using Market.Core.Books;
using Market.Core.Feeds;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Pipeline;

/// <summary>
/// What a recorder does around <see cref="JournalEventSink"/>: counts events, bytes and lag for the
/// status view, detects venue sequence gaps (writing a <see cref="GapReason.SequenceGap"/> record and
/// asking for a resync), and keeps each book to write periodic checkpoints. One thread writes;
/// the counters are read from others.
/// </summary>
internal sealed class RecordingSink(IJournalWriter writer, BookCheckpointOptions? checkpoints) : IMarketEventSink
{
    private const int LagSamples = 1024;
    private readonly JournalEventSink _inner = new(writer);
    private readonly BookCheckpointer _checkpointer = new(writer, checkpoints);
    private readonly Dictionary<uint, OrderBook> _books = [];
    private readonly Dictionary<uint, ulong> _expected = [];
    private readonly long[] _lags = new long[LagSamples];
    private long _lagCount;
    private long _events;
    private long _bytes;
    private long _gaps;

    /// <summary>Instruments whose sequence jumped; the driver resyncs them after the current message.</summary>
    public List<uint> ResyncWanted { get; } = [];

    public long Events => Volatile.Read(ref _events);
    public long Bytes => Volatile.Read(ref _bytes);
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>The median of the recent lag samples; racy by design (a status figure, not a measurement).</summary>
    public long LagP50()
    {
        var n = (int)Math.Min(Volatile.Read(ref _lagCount), LagSamples);
        if (n == 0) return 0;
        var copy = _lags.AsSpan(0, n).ToArray();
        Array.Sort(copy);
        return copy[n / 2];
    }

    public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => _inner.Instrument(symbolUtf8);

    public void Trade(in Trade trade)
    {
        _inner.Trade(trade);
        Count(trade.PayloadSize, trade.TsRecv - trade.TsEvent);
    }

    public void Delta(in BookDelta delta, bool endOfBatch)
    {
        if (_expected.TryGetValue(delta.InstrumentId, out var expected) && delta.VenueSequence > expected)
        {
            Gap(new Gap(delta.InstrumentId, delta.TsEvent, delta.TsRecv, GapReason.SequenceGap, expected, delta.VenueSequence));
            ResyncWanted.Add(delta.InstrumentId);
        }
        if (delta.VenueSequence != 0) _expected[delta.InstrumentId] = endOfBatch ? delta.VenueSequence + 1 : delta.VenueSequence;
        _inner.Delta(delta, endOfBatch);
        Count(delta.PayloadSize, delta.TsRecv - delta.TsEvent);
        var book = Book(delta.InstrumentId);
        book.Apply(delta);
        var before = _checkpointer.Written;
        _checkpointer.OnDelta(delta, book);
        if (_checkpointer.Written != before) AddRecord(17 + (16 * (book.BidCount + book.AskCount))); // BookSnapshot's v1 encoding
    }

    public void Snapshot(in BookSnapshot snapshot)
    {
        _inner.Snapshot(snapshot);
        Count(snapshot.PayloadSize, snapshot.TsRecv - snapshot.TsEvent);
        Book(snapshot.InstrumentId).Apply(snapshot);
        if (snapshot.VenueSequence != 0) _expected[snapshot.InstrumentId] = snapshot.VenueSequence + 1;
    }

    public void Quote(in Quote quote)
    {
        _inner.Quote(quote);
        Count(quote.PayloadSize, quote.TsRecv - quote.TsEvent);
    }

    public void Gap(in Gap gap)
    {
        _inner.Gap(gap);
        Count(gap.PayloadSize, gap.TsRecv - gap.TsEvent);
        Volatile.Write(ref _gaps, _gaps + 1);
    }

    private void Count(int payload, long lag)
    {
        AddRecord(payload);
        _lags[_lagCount % LagSamples] = lag;
        Volatile.Write(ref _lagCount, _lagCount + 1);
    }

    private void AddRecord(int payload)
    {
        Volatile.Write(ref _bytes, _bytes + Journal.Internal.JournalFormat.RecordHeaderSize + ((payload + 7) & ~7));
        Volatile.Write(ref _events, _events + 1);
    }

    private OrderBook Book(uint id) => _books.TryGetValue(id, out var book) ? book : _books[id] = new OrderBook();
}
