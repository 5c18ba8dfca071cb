using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Binance;

/// <summary>
/// Turns Binance spot or USDⓈ-M futures WebSocket messages into events: <c>trade</c> and
/// <c>aggTrade</c> (trades), <c>bookTicker</c> (quotes) and <c>depthUpdate</c> (book deltas), from the
/// combined stream (<c>{"stream":…,"data":{…}}</c>) or a raw one; <c>kline</c> and the other market
/// streams are <see cref="ParseOutcome.Control"/>. One instance per connection.
/// </summary>
/// <remarks>
/// <para>
/// Depth follows Binance's "How to manage a local order book correctly" per symbol: events are
/// buffered until <see cref="ApplyDepthSnapshot"/> gets a REST snapshot, then the
/// <see cref="BinanceMarket"/> decides the rest. Futures: events with <c>u</c> &lt; <c>lastUpdateId</c>
/// are dropped; the first applied event must have <c>U</c> &lt;= <c>lastUpdateId</c> &lt;= <c>u</c>;
/// after it each event's <c>pu</c> must equal the previous <c>u</c>. Spot (no <c>pu</c>): events with
/// <c>u</c> &lt;= the book's update id (the snapshot's <c>lastUpdateId</c>, then the last applied
/// <c>u</c>) are dropped, and every applied event, the first included, must have <c>U</c> &lt;= that
/// id + 1. A break emits a <see cref="Gap"/> and the symbol needs a new snapshot (<see cref="Status"/>
/// says which do).
/// </para>
/// <para>
/// Reads UTF-8 with <see cref="Utf8JsonReader"/> in two passes (the fields, then the level arrays),
/// so key order does not matter; nothing is allocated per message except for snapshots and for
/// buffers growing to their working size.
/// </para>
/// </remarks>
public sealed partial class BinanceParser
{
    /// <summary>Creates a parser for one connection to <paramref name="market"/>.</summary>
    /// <param name="market">Whose depth sync rules apply; futures unless told otherwise.</param>
    public BinanceParser(BinanceMarket market = BinanceMarket.UsdmFutures)
    {
        if (!Enum.IsDefined(market)) throw new ArgumentOutOfRangeException(nameof(market), market, "unknown Binance market");
        Market = market;
    }

    /// <summary>The market whose streams this parser reads.</summary>
    public BinanceMarket Market { get; }

    /// <summary>Parses one WebSocket message; on <see cref="ParseOutcome.Rejected"/>, <paramref name="reason"/> says why (dead-letter it).</summary>
    /// <param name="message">The frame's text as UTF-8.</param>
    /// <param name="tsRecv">Our receive time, UTC ns.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="reason">Empty unless the message was rejected.</param>
    /// <returns>What the message turned out to be.</returns>
    public ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason)
    {
        ArgumentNullException.ThrowIfNull(sink);
        try
        {
            if (!TryFindEvent(message, out var start, out var end, out var control, out reason)) return ParseOutcome.Rejected;
            if (control) return ParseOutcome.Control;
            return ParseEvent(message[start..end], tsRecv, sink, out reason);
        }
        catch (JsonException e)
        {
            reason = $"malformed-json: {e.Message}";
            return ParseOutcome.Rejected;
        }
    }

    /// <summary>
    /// The event object: <c>data</c> of a combined-stream frame, or the message itself when it has an
    /// <c>e</c>. Subscription replies (<c>result</c>, <c>id</c>) are control; <c>error</c> and
    /// <c>code</c>/<c>msg</c> are venue errors.
    /// </summary>
    private static bool TryFindEvent(ReadOnlySpan<byte> message, out int start, out int end, out bool control, out string reason)
    {
        start = end = 0;
        control = false;
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "malformed-json: not a JSON object";
            return false;
        }
        bool hasType = false, hasResult = false, hasCode = false;
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                start = (int)reader.TokenStartIndex;
                reader.Skip();
                end = (int)reader.BytesConsumed;
                continue;
            }
            if (reader.ValueTextEquals("e"u8)) hasType = true;
            else if (reader.ValueTextEquals("result"u8)) hasResult = true;
            else if (reader.ValueTextEquals("code"u8)) hasCode = true;
            else if (reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("msg"u8))
            {
                reader.Read();
                var at = (int)reader.TokenStartIndex;
                reader.Skip();
                // A bare message as text; an {code, msg} object as its JSON, so nothing the venue said is lost.
                if (reader.TokenType == JsonTokenType.Null) continue;
                error = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(message[at..(int)reader.BytesConsumed]);
                continue;
            }
            reader.Read();
            reader.Skip();
        }
        if (error is not null || (hasCode && !hasType && end == 0))
        {
            reason = $"venue-error: {error}";
            return false;
        }
        if (end == 0 && hasType) end = message.Length;
        if (end == 0)
        {
            control = hasResult;
            reason = hasResult ? "" : "unknown-type: neither a stream frame, an event nor a subscription reply";
            return hasResult;
        }
        reason = "";
        return true;
    }

    private ParseOutcome ParseEvent(ReadOnlySpan<byte> evt, long tsRecv, IMarketEventSink sink, out string reason)
    {
        if (!TryReadFields(evt, out var fields, out reason)) return ParseOutcome.Rejected;
        var type = evt[fields.Type];
        // Spot's bookTicker is the one event without an 'e'; its fields name it.
        if (type.IsEmpty && Market == BinanceMarket.Spot && fields.All(QuoteFields | Has.Last)) type = "bookTicker"u8;
        if (type.IsEmpty)
        {
            reason = "unknown-type: event without 'e'";
            return ParseOutcome.Rejected;
        }
        var kind = type.SequenceEqual("depthUpdate"u8) ? 1 : type.SequenceEqual("bookTicker"u8) ? 2 : type.SequenceEqual("aggTrade"u8) ? 3 : type.SequenceEqual("trade"u8) ? 4 : 0;
        if (kind == 0)
        {
            if (IsIgnored(type)) return ParseOutcome.Control;
            reason = $"unknown-type: event '{Encoding.UTF8.GetString(type)}'";
            return ParseOutcome.Rejected;
        }
        if (fields.BadField.End.Value != 0)
        {
            reason = $"malformed-field: '{Encoding.UTF8.GetString(evt[fields.BadField])}' in {Encoding.UTF8.GetString(type)}";
            return ParseOutcome.Rejected;
        }
        if (fields.Symbol.End.Value == 0)
        {
            reason = $"malformed-field: {Encoding.UTF8.GetString(type)} without 's'";
            return ParseOutcome.Rejected;
        }
        var instrument = sink.Instrument(evt[fields.Symbol]);
        return kind switch
        {
            1 => OnDepth(evt, fields, instrument, tsRecv, sink, out reason),
            2 => OnBookTicker(fields, instrument, tsRecv, sink, out reason),
            3 => OnAggTrade(fields, instrument, tsRecv, sink, out reason),
            _ => OnTrade(fields, instrument, tsRecv, sink, out reason),
        };
    }

    /// <summary>Market streams Deepwater does not record.</summary>
    private static bool IsIgnored(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("kline"u8) || type.SequenceEqual("continuous_kline"u8) || type.SequenceEqual("markPriceUpdate"u8)
        || type.SequenceEqual("24hrTicker"u8) || type.SequenceEqual("24hrMiniTicker"u8) || type.SequenceEqual("forceOrder"u8)
        || type.SequenceEqual("compositeIndex"u8) || type.SequenceEqual("contractInfo"u8) || type.SequenceEqual("assetIndexUpdate"u8);
}
