using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceParser
{
    private const Has SpotDepthFields = Has.First | Has.Last | Has.Bids | Has.Asks;
    private const Has FuturesDepthFields = SpotDepthFields | Has.Previous;

    private readonly Dictionary<uint, SymbolBook> _books = [];

    /// <summary>Breaks in the update id chain, over all symbols, since this parser started.</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>A symbol's sync state and counters; <see cref="BinanceDepthState.NeedsSnapshot"/> for one never seen.</summary>
    /// <param name="instrumentId">The id the sink gave the symbol.</param>
    /// <returns>The status now.</returns>
    public BinanceDepthStatus Status(uint instrumentId) => _books.TryGetValue(instrumentId, out var book) ? book.Status : default;

    /// <summary>Forgets every book and buffer: call after a reconnect, when every symbol needs a new snapshot.</summary>
    public void Reset()
    {
        foreach (var book in _books.Values)
        {
            book.Clear();
            book.State = BinanceDepthState.NeedsSnapshot;
            book.LastUpdateId = 0;
        }
    }

    private SymbolBook Book(uint instrument)
    {
        if (!_books.TryGetValue(instrument, out var book)) _books[instrument] = book = new SymbolBook();
        return book;
    }

    private ParseOutcome OnDepth(ReadOnlySpan<byte> evt, in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink, out string reason)
    {
        if (!fields.All(Market == BinanceMarket.Spot ? SpotDepthFields : FuturesDepthFields))
        {
            reason = Market == BinanceMarket.Spot ? "malformed-field: depthUpdate needs U, u, b and a" : "malformed-field: depthUpdate needs U, u, pu, b and a";
            return ParseOutcome.Rejected;
        }
        // Checked before buffering too, so a buffered event cannot fail when the snapshot comes.
        if (!TryLevels(evt[fields.Bids], out reason) || !TryLevels(evt[fields.Asks], out reason)) return ParseOutcome.Rejected;
        var book = Book(instrument);
        if (book.State == BinanceDepthState.NeedsSnapshot)
        {
            book.Add(evt, tsRecv);
            return ParseOutcome.Events;
        }
        return Apply(book, evt, fields, instrument, tsRecv, sink) ? ParseOutcome.Events : ParseOutcome.Gap;
    }

    /// <summary>One event against a book that has its snapshot; false when the chain broke (a gap was emitted).</summary>
    private bool Apply(SymbolBook book, ReadOnlySpan<byte> evt, in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink)
    {
        var spot = Market == BinanceMarket.Spot;
        // Already in the snapshot (or, once synced, a repeat): applying it would move the book back.
        // Futures keep u == lastUpdateId, the event that bridges; spot's bridge is lastUpdateId + 1.
        if (spot ? fields.Last <= book.LastUpdateId : fields.Last < book.LastUpdateId)
        {
            book.DroppedStale++;
            return true;
        }
        var bridging = book.State == BinanceDepthState.Bridging;
        long expected, received;
        if (spot) (expected, received) = (book.LastUpdateId + 1, fields.First);
        else if (bridging) (expected, received) = (book.LastUpdateId, fields.First);
        else (expected, received) = (book.LastUpdateId, fields.Previous);
        // Spot: U may start at or before the next id (u > book id is known), never after it. Futures
        // bridge the same way on lastUpdateId, then chain exactly on pu.
        var broken = spot || bridging ? received > expected : received != expected;
        if (broken)
        {
            book.Gaps++;
            SequenceGaps++;
            book.State = BinanceDepthState.NeedsSnapshot;
            var tsEvent = fields.TsEvent == 0 ? tsRecv : fields.TsEvent;
            sink.Gap(new Gap(instrument, tsEvent, tsRecv, GapReason.SequenceGap, (ulong)Math.Max(0, expected), (ulong)Math.Max(0, received)));
            return false;
        }
        EmitDeltas(evt, fields, instrument, tsRecv, sink);
        book.LastUpdateId = fields.Last;
        book.State = BinanceDepthState.Synced;
        return true;
    }

    private static void EmitDeltas(ReadOnlySpan<byte> evt, in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink)
    {
        var tsEvent = fields.TsEvent == 0 ? tsRecv : fields.TsEvent;
        var sequence = (ulong)fields.Last;
        BookDelta pending = default;
        var hasPending = false;
        for (var pass = 0; pass < 2; pass++)
        {
            var side = pass == 0 ? BookSide.Bid : BookSide.Ask;
            var reader = new Utf8JsonReader(evt[pass == 0 ? fields.Bids : fields.Asks]);
            reader.Read();
            while (TryNextLevel(ref reader, out var price, out var size))
            {
                if (hasPending) sink.Delta(pending, endOfBatch: false);
                pending = new BookDelta(instrument, tsEvent, tsRecv, side, size == 0 ? BookAction.Delete : BookAction.Set, price, size, sequence);
                hasPending = true;
            }
        }
        if (hasPending) sink.Delta(pending, endOfBatch: true);
    }

    /// <summary>Whether every level of a <c>[[price, qty], …]</c> array is two decimals with a quantity of at least 0.</summary>
    private static bool TryLevels(ReadOnlySpan<byte> levels, out string reason)
    {
        var reader = new Utf8JsonReader(levels);
        reader.Read();
        while (TryNextLevel(ref reader, out _, out _))
        {
        }
        if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
        {
            reason = "";
            return true;
        }
        reason = $"malformed-field: a level must be [price, qty] as decimal strings, near byte {reader.TokenStartIndex}";
        return false;
    }

    /// <summary>Reads the next <c>["price","qty"]</c>; false at the end of the array or at a bad level (the reader stays on it).</summary>
    private static bool TryNextLevel(ref Utf8JsonReader reader, out long price, out long size)
    {
        price = size = 0;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || !FixedPoint.TryParse(reader.ValueSpan, out price)) return false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || !FixedPoint.TryParse(reader.ValueSpan, out size) || size < 0) return false;
        return reader.Read() && reader.TokenType == JsonTokenType.EndArray;
    }
}
