using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceParser
{
    private readonly List<BookLevel> _bids = [];
    private readonly List<BookLevel> _asks = [];

    /// <summary>
    /// Applies a REST depth snapshot (<c>GET /fapi/v1/depth</c>: <c>lastUpdateId</c>, <c>E</c>,
    /// <c>T</c>, <c>bids</c>, <c>asks</c>; spot's <c>GET /api/v3/depth</c> has no times, so the receive
    /// time stands in): emits it as a <see cref="BookSnapshot"/> with
    /// <c>VenueSequence</c> = <c>lastUpdateId</c>, then replays the buffered depth events, dropping
    /// those it already covers and applying the rest from the one that bridges it.
    /// </summary>
    /// <param name="restBody">The HTTP response body as UTF-8.</param>
    /// <param name="symbolUtf8">The symbol the snapshot was requested for, as in the stream's <c>s</c> (e.g. <c>BTCUSDT</c>).</param>
    /// <param name="tsRecv">When the response arrived, UTC ns.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="reason">Empty unless the body was rejected.</param>
    /// <returns><see cref="ParseOutcome.Events"/>; <see cref="ParseOutcome.Gap"/> when a buffered event broke the chain
    /// (the symbol needs another snapshot); <see cref="ParseOutcome.Rejected"/> for a bad body or a venue error.</returns>
    public ParseOutcome ApplyDepthSnapshot(ReadOnlySpan<byte> restBody, ReadOnlySpan<byte> symbolUtf8, long tsRecv, IMarketEventSink sink, out string reason)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (symbolUtf8.IsEmpty)
        {
            reason = "malformed-field: a depth snapshot needs its symbol";
            return ParseOutcome.Rejected;
        }
        long lastUpdateId, tsEvent;
        try
        {
            if (!TryReadSnapshot(restBody, out lastUpdateId, out tsEvent, out reason)) return ParseOutcome.Rejected;
        }
        catch (JsonException e)
        {
            reason = $"malformed-json: {e.Message}";
            return ParseOutcome.Rejected;
        }
        var instrument = sink.Instrument(symbolUtf8);
        sink.Snapshot(new BookSnapshot(instrument, tsEvent == 0 ? tsRecv : tsEvent, tsRecv, (ulong)lastUpdateId, _bids.ToArray(), _asks.ToArray()));
        var book = Book(instrument);
        book.State = BinanceDepthState.Bridging;
        book.LastUpdateId = lastUpdateId;
        return Replay(book, instrument, sink) ? ParseOutcome.Events : ParseOutcome.Gap;
    }

    /// <summary>The buffered events in arrival order; on a break the events from the breaking one on stay buffered.</summary>
    private bool Replay(SymbolBook book, uint instrument, IMarketEventSink sink)
    {
        for (var i = 0; i < book.Count; i++)
        {
            var evt = book.Event(i, out var tsRecv);
            TryReadFields(evt, out var fields, out _); // read once already when it was buffered
            if (!Apply(book, evt, fields, instrument, tsRecv, sink))
            {
                book.RemoveFirst(i);
                return false;
            }
        }
        book.Clear();
        return true;
    }

    private bool TryReadSnapshot(ReadOnlySpan<byte> body, out long lastUpdateId, out long tsEvent, out string reason)
    {
        _bids.Clear();
        _asks.Clear();
        lastUpdateId = tsEvent = 0;
        long eventTime = 0;
        bool hasId = false, hasBids = false, hasAsks = false;
        string? error = null;
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "malformed-json: depth snapshot is not a JSON object";
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("lastUpdateId"u8)) { reader.Read(); hasId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out lastUpdateId) && lastUpdateId >= 0; }
            else if (reader.ValueTextEquals("T"u8)) { reader.Read(); if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var t)) tsEvent = t * 1_000_000; }
            else if (reader.ValueTextEquals("E"u8)) { reader.Read(); if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var e)) eventTime = e * 1_000_000; }
            else if (reader.ValueTextEquals("msg"u8)) { reader.Read(); error = reader.TokenType == JsonTokenType.String ? reader.GetString() : "?"; }
            else if (reader.ValueTextEquals("bids"u8)) { reader.Read(); hasBids = TryReadLevels(ref reader, _bids); }
            else if (reader.ValueTextEquals("asks"u8)) { reader.Read(); hasAsks = TryReadLevels(ref reader, _asks); }
            else { reader.Read(); reader.Skip(); }
        }
        if (error is not null)
        {
            reason = $"venue-error: {error}";
            return false;
        }
        if (!hasId || !hasBids || !hasAsks)
        {
            reason = "malformed-field: a depth snapshot needs lastUpdateId and bids and asks as [price, qty] decimal strings";
            return false;
        }
        if (tsEvent == 0) tsEvent = eventTime;
        // Binance sends both sides best first; sorting costs little and makes that an assumption no longer.
        _bids.Sort((a, b) => b.Price.CompareTo(a.Price));
        _asks.Sort((a, b) => a.Price.CompareTo(b.Price));
        reason = "";
        return true;
    }

    private static bool TryReadLevels(ref Utf8JsonReader reader, List<BookLevel> levels)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        while (TryNextLevel(ref reader, out var price, out var size))
        {
            if (size > 0) levels.Add(new BookLevel(price, size));
        }
        return reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1;
    }
}
