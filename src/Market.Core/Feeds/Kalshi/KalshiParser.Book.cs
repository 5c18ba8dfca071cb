using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Kalshi;

public sealed partial class KalshiParser
{
    private readonly Dictionary<uint, MarketBook> _books = [];
    private readonly List<BookLevel> _bids = [];
    private readonly List<BookLevel> _asks = [];

    /// <summary>
    /// The current size at each level of one market, keyed by yes-side price, because Kalshi's
    /// deltas are changes and the events carry absolute sizes.
    /// </summary>
    private sealed class MarketBook
    {
        public Dictionary<long, long> Bids { get; } = [];
        public Dictionary<long, long> Asks { get; } = [];
        public long Sid { get; set; }
        public bool Valid { get; set; }
    }

    private void InvalidateBooks(long sid)
    {
        foreach (var book in _books.Values)
        {
            if (book.Sid == sid) book.Valid = false;
        }
    }

    /// <summary>
    /// <c>orderbook_snapshot</c>: <c>yes</c>/<c>no</c> as <c>[cents, quantity]</c>, or
    /// <c>yes_dollars</c>/<c>no_dollars</c> as <c>["0.45", quantity]</c>; the dollar form wins per side.
    /// </summary>
    private bool ParseSnapshot(ReadOnlySpan<byte> msg, in Context context, out string reason)
    {
        uint instrument = 0;
        long time = 0;
        Span<Range> sides = stackalloc Range[4]; // yes, no, yes_dollars, no_dollars
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var slot = reader.ValueTextEquals("yes"u8) ? 0 : reader.ValueTextEquals("no"u8) ? 1
                : reader.ValueTextEquals("yes_dollars"u8) ? 2 : reader.ValueTextEquals("no_dollars"u8) ? 3 : -1;
            if (reader.ValueTextEquals("market_ticker"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); continue; }
            if (reader.ValueTextEquals("ts"u8)) { reader.Read(); time = ReadTime(ref reader); continue; }
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (slot >= 0 && reader.TokenType == JsonTokenType.EndArray) sides[slot] = start..(int)reader.BytesConsumed;
        }
        if (instrument == 0)
        {
            reason = "malformed-field: orderbook_snapshot needs market_ticker";
            return false;
        }
        var book = _books.TryGetValue(instrument, out var existing) ? existing : _books[instrument] = new MarketBook();
        book.Bids.Clear();
        book.Asks.Clear();
        book.Valid = false;
        bool yesDollars = sides[2].End.Value != 0, noDollars = sides[3].End.Value != 0;
        if (!TryReadLevels(msg[sides[yesDollars ? 2 : 0]], yesDollars, noSide: false, book.Bids, out reason)
            || !TryReadLevels(msg[sides[noDollars ? 3 : 1]], noDollars, noSide: true, book.Asks, out reason))
        {
            return false;
        }
        book.Sid = context.Sid;
        book.Valid = true;
        Emit(book, instrument, time == 0 ? context.TsRecv : time, context);
        reason = "";
        return true;
    }

    private void Emit(MarketBook book, uint instrument, long time, in Context context)
    {
        _bids.Clear();
        _asks.Clear();
        foreach (var (price, size) in book.Bids) _bids.Add(new BookLevel(price, size));
        foreach (var (price, size) in book.Asks) _asks.Add(new BookLevel(price, size));
        _bids.Sort((a, b) => b.Price.CompareTo(a.Price));
        _asks.Sort((a, b) => a.Price.CompareTo(b.Price));
        context.Sink.Snapshot(new BookSnapshot(instrument, time, context.TsRecv, context.Sequence, _bids.ToArray(), _asks.ToArray()));
    }

    /// <summary>Reads <c>[[price, quantity], …]</c> into absolute sizes by yes-side price; repeated prices add up.</summary>
    private static bool TryReadLevels(ReadOnlySpan<byte> levels, bool dollars, bool noSide, Dictionary<long, long> into, out string reason)
    {
        reason = "";
        if (levels.IsEmpty) return true;
        var reader = new Utf8JsonReader(levels);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var hasPrice = dollars ? TryDecimal(ref reader, out var price) : TryCents(ref reader, out price);
            reader.Read();
            var hasSize = TryDecimal(ref reader, out var size);
            if (!hasPrice || !hasSize || size < 0 || price > FixedPoint.Scale || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                reason = $"malformed-field: a book level is [price, quantity] with a price in 0..1 near byte {reader.TokenStartIndex}";
                return false;
            }
            if (size == 0) continue;
            var key = noSide ? FixedPoint.Scale - price : price;
            into[key] = into.GetValueOrDefault(key) + size;
        }
        return true;
    }

    /// <summary>
    /// <c>orderbook_delta</c>: <c>price</c>/<c>price_dollars</c>, <c>delta</c>/<c>delta_fp</c> (a change,
    /// possibly negative) and <c>side</c>; emitted as the level's new absolute size.
    /// </summary>
    private bool ParseDelta(ReadOnlySpan<byte> msg, in Context context, out string reason)
    {
        uint instrument = 0;
        long time = 0, cents = 0, dollars = 0, change = 0, changeFp = 0;
        bool hasCents = false, hasDollars = false, hasChange = false, hasChangeFp = false;
        bool? noSide = null;
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); }
            else if (reader.ValueTextEquals("price"u8)) { reader.Read(); hasCents = TryCents(ref reader, out cents); }
            else if (reader.ValueTextEquals("price_dollars"u8)) { reader.Read(); hasDollars = TryDecimal(ref reader, out dollars); }
            else if (reader.ValueTextEquals("delta"u8)) { reader.Read(); hasChange = TryDecimal(ref reader, out change); }
            else if (reader.ValueTextEquals("delta_fp"u8)) { reader.Read(); hasChangeFp = TryDecimal(ref reader, out changeFp); }
            else if (reader.ValueTextEquals("ts"u8)) { reader.Read(); time = ReadTime(ref reader); }
            else if (reader.ValueTextEquals("side"u8))
            {
                reader.Read();
                noSide = reader.ValueTextEquals("yes"u8) ? false : reader.ValueTextEquals("no"u8) ? true : null;
            }
            else { reader.Read(); reader.Skip(); }
        }
        var price = hasDollars ? dollars : cents;
        if (instrument == 0 || noSide is null || !(hasDollars || hasCents) || !(hasChange || hasChangeFp) || price > FixedPoint.Scale)
        {
            reason = "malformed-field: orderbook_delta needs market_ticker, side (yes|no), price or price_dollars in 0..1, and delta or delta_fp";
            return false;
        }
        if (!_books.TryGetValue(instrument, out var book) || !book.Valid)
        {
            // After a gap (or before the first snapshot) a change would apply to a book we do not have.
            DeltasAwaitingSnapshot++;
            reason = "";
            return true;
        }
        var side = noSide.Value ? BookSide.Ask : BookSide.Bid;
        var key = noSide.Value ? FixedPoint.Scale - price : price;
        var levels = noSide.Value ? book.Asks : book.Bids;
        var size = levels.GetValueOrDefault(key) + (hasChangeFp ? changeFp : change);
        if (size < 0)
        {
            book.Valid = false;
            reason = $"malformed-field: orderbook_delta takes the level below zero ({FixedPoint.Format(size)}); the book awaits a snapshot";
            return false;
        }
        if (size == 0) levels.Remove(key);
        else levels[key] = size;
        context.Sink.Delta(new BookDelta(instrument, time == 0 ? context.TsRecv : time, context.TsRecv, side,
            size == 0 ? BookAction.Delete : BookAction.Set, key, size, context.Sequence), endOfBatch: true);
        reason = "";
        return true;
    }
}
