using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Kalshi;

/// <summary>
/// Turns Kalshi WebSocket v2 messages into events: <c>orderbook_snapshot</c> and
/// <c>orderbook_delta</c> (relative changes, turned into absolute sizes here), <c>trade</c> and
/// <c>ticker</c>. One instance per connection: <c>seq</c> counts up by one per subscription
/// (<c>sid</c>), and a skip emits a <see cref="Gap"/> and invalidates that subscription's books
/// until each gets a new snapshot.
/// </summary>
/// <remarks>
/// <para>
/// A Kalshi market is modelled as ONE book on the yes contract. Kalshi only lists bids: a bid for
/// yes at price p is a bid at p; a bid for no at price q is an offer to sell yes at 1 − q (buying
/// no at q pays the same as selling yes at 1 − q), so it is an ask at 1 − q.
/// </para>
/// <para>
/// Prices come from the <c>*_dollars</c> decimal strings when present (exact, any tick size), else
/// from the integer cents. Reads UTF-8 with <see cref="Utf8JsonReader"/> in two passes (the
/// envelope, then <c>msg</c>), so key order does not matter.
/// </para>
/// </remarks>
public sealed partial class KalshiParser
{
    private readonly Dictionary<long, long> _expectedSequence = [];

    /// <summary>Messages whose subscription sequence skipped ahead since this parser started.</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>Book deltas dropped because their book awaits a snapshot (after a gap, or before the first).</summary>
    public long DeltasAwaitingSnapshot { get; private set; }

    /// <summary>Forgets every subscription's sequence and every book: call after a reconnect.</summary>
    public void Reset()
    {
        _expectedSequence.Clear();
        _books.Clear();
    }

    /// <summary>Parses one message; on <see cref="ParseOutcome.Rejected"/>, <paramref name="reason"/> says why (dead-letter it).</summary>
    /// <param name="message">One WebSocket text frame, UTF-8.</param>
    /// <param name="tsRecv">Our receive time, UTC nanoseconds.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="reason">Why the message was rejected; empty otherwise.</param>
    /// <returns>What the message turned out to be.</returns>
    public ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason)
    {
        Envelope envelope;
        try
        {
            if (!TryReadEnvelope(message, out envelope, out reason)) return ParseOutcome.Rejected;
        }
        catch (JsonException e)
        {
            reason = $"malformed-json: {e.Message}";
            return ParseOutcome.Rejected;
        }
        if (envelope.Type is MessageType.Control) return ParseOutcome.Control;
        if (envelope.MsgEnd == 0)
        {
            reason = "malformed-field: a data message needs a msg object";
            return ParseOutcome.Rejected;
        }
        var body = message[envelope.MsgStart..envelope.MsgEnd];
        var gap = envelope.Type != MessageType.Ticker && CheckSequence(envelope.Sid, envelope.Sequence, tsRecv, sink);
        var context = new Context(envelope.Sid, envelope.Sequence < 0 ? 0 : (ulong)envelope.Sequence, tsRecv, sink);
        bool parsed;
        try
        {
            parsed = envelope.Type switch
            {
                MessageType.Snapshot => ParseSnapshot(body, context, out reason),
                MessageType.Delta => ParseDelta(body, context, out reason),
                MessageType.Trade => ParseTrade(body, context, out reason),
                _ => ParseTicker(body, context, out reason),
            };
        }
        catch (JsonException e)
        {
            parsed = false;
            reason = $"malformed-json: {e.Message}";
        }
        if (!parsed) return ParseOutcome.Rejected;
        return gap ? ParseOutcome.Gap : ParseOutcome.Events;
    }

    private enum MessageType
    {
        Control,
        Snapshot,
        Delta,
        Trade,
        Ticker,
    }

    private readonly record struct Envelope(MessageType Type, long Sid, long Sequence, int MsgStart, int MsgEnd);

    private readonly record struct Context(long Sid, ulong Sequence, long TsRecv, IMarketEventSink Sink);

    private static bool TryReadEnvelope(ReadOnlySpan<byte> message, out Envelope envelope, out string reason)
    {
        envelope = default;
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "malformed-json: not a JSON object";
            return false;
        }
        int typeStart = 0, typeEnd = 0, start = 0, end = 0;
        long sid = -1, sequence = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    typeStart = (int)reader.TokenStartIndex + 1;
                    typeEnd = typeStart + reader.ValueSpan.Length;
                }
            }
            else if (reader.ValueTextEquals("sid"u8))
            {
                reader.Read();
                if (!reader.TryGetInt64(out sid)) sid = -1;
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                if (!reader.TryGetInt64(out sequence)) sequence = -1;
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                reader.Read();
                start = (int)reader.TokenStartIndex;
                reader.Skip();
                end = reader.TokenType == JsonTokenType.EndObject ? (int)reader.BytesConsumed : 0;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var type = message[typeStart..typeEnd];
        MessageType? known = type switch
        {
            _ when type.SequenceEqual("orderbook_snapshot"u8) => MessageType.Snapshot,
            _ when type.SequenceEqual("orderbook_delta"u8) => MessageType.Delta,
            _ when type.SequenceEqual("trade"u8) => MessageType.Trade,
            _ when type.SequenceEqual("ticker"u8) => MessageType.Ticker,
            _ when IsControl(type) => MessageType.Control,
            _ => null,
        };
        if (type.SequenceEqual("error"u8))
        {
            reason = $"venue-error: {ReadError(end == 0 ? default : message[start..end])}";
            return false;
        }
        if (known is null)
        {
            reason = typeEnd == 0 ? "unknown-type: no type" : $"unknown-type: '{Encoding.UTF8.GetString(type)}'";
            return false;
        }
        envelope = new Envelope(known.Value, sid, sequence, start, end);
        reason = "";
        return true;
    }

    /// <summary>Command acknowledgements and channels Deepwater does not record.</summary>
    private static bool IsControl(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("subscribed"u8) || type.SequenceEqual("unsubscribed"u8) || type.SequenceEqual("ok"u8)
        || type.SequenceEqual("market_lifecycle_v2"u8) || type.SequenceEqual("event_lifecycle"u8);

    /// <summary>An error's <c>msg</c>: <c>{"code": 6, "msg": "Params required"}</c>.</summary>
    private static string ReadError(ReadOnlySpan<byte> msg)
    {
        if (msg.IsEmpty) return "no details";
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        string code = "?", text = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            var isText = reader.ValueTextEquals("msg"u8);
            reader.Read();
            if (isCode) code = Encoding.UTF8.GetString(reader.ValueSpan);
            else if (isText && reader.TokenType == JsonTokenType.String) text = reader.GetString() ?? "";
            else reader.Skip();
        }
        return $"code {code}: {text}";
    }

    /// <summary>True when the subscription's sequence skipped: emits the gap and invalidates its books.</summary>
    private bool CheckSequence(long sid, long sequence, long tsRecv, IMarketEventSink sink)
    {
        if (sid < 0 || sequence < 0) return false;
        var known = _expectedSequence.TryGetValue(sid, out var expected);
        _expectedSequence[sid] = sequence + 1;
        if (!known || sequence == expected) return false;
        SequenceGaps++;
        InvalidateBooks(sid);
        // Instrument 0: a subscription can cover many markets, so the gap is not one market's.
        sink.Gap(new Gap(0, tsRecv, tsRecv, GapReason.SequenceGap, (ulong)expected, (ulong)sequence));
        return true;
    }

    /// <summary>Kalshi's <c>ts</c>: Unix seconds as a number, or an RFC 3339 string; 0 when absent or unreadable.</summary>
    private static long ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var seconds) && seconds is > 0 and < 9_000_000_000 ? seconds * 1_000_000_000 : 0;
        }
        if (reader.TokenType != JsonTokenType.String) return 0;
        Span<char> text = stackalloc char[48];
        var utf8 = reader.ValueSpan;
        return utf8.Length <= text.Length && Encoding.UTF8.TryGetChars(utf8, text, out var written)
            && UnixNanos.TryParseIso(text[..written], out var nanos) ? nanos : 0;
    }

    /// <summary>A decimal given as a JSON string or number (<c>"0.7700"</c>, <c>100</c>, <c>"75.00"</c>) at scale 1e-9.</summary>
    private static bool TryDecimal(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped
            && FixedPoint.TryParse(reader.ValueSpan, out value);
    }

    /// <summary>Integer cents as a JSON number, at scale 1e-9.</summary>
    private static bool TryCents(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var cents) || cents is < 0 or > 100) return false;
        value = FixedPoint.FromCents(cents);
        return true;
    }
}
