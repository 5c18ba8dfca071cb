using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Coinbase;

/// <summary>
/// Turns Coinbase Advanced Trade WebSocket messages into events: <c>l2_data</c> (snapshot and
/// updates, absolute sizes), <c>market_trades</c>, <c>ticker</c>, <c>heartbeats</c>. One instance per
/// connection: <c>sequence_num</c> runs across all channels of a connection, and a skip in it emits
/// a <see cref="Gap"/> and invalidates the books until their next snapshot.
/// </summary>
/// <remarks>
/// Reads UTF-8 with <see cref="Utf8JsonReader"/> in two passes (the envelope, then the events), so
/// key order does not matter; nothing is allocated per message except for book snapshots.
/// </remarks>
public sealed partial class CoinbaseParser
{
    private readonly HashSet<uint> _validBooks = [];
    private long _expectedSequence = -1;

    /// <summary>Messages whose sequence number skipped ahead since this parser started.</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>Book updates dropped because their book awaits a snapshot after a gap.</summary>
    public long DeltasAwaitingSnapshot { get; private set; }

    /// <summary>Forgets the connection's sequence: call after a reconnect, which starts a new one.</summary>
    public void Reset()
    {
        _expectedSequence = -1;
        _validBooks.Clear();
    }

    /// <summary>Parses one message; on <see cref="ParseOutcome.Rejected"/>, <paramref name="reason"/> says why (dead-letter it).</summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> message, long tsRecv, IMarketEventSink sink, out string reason)
    {
        reason = "";
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
        var gap = CheckSequence(envelope.Sequence, envelope.Timestamp, tsRecv, sink);
        var events = message[envelope.EventsStart..envelope.EventsEnd];
        var context = new Context(envelope.Sequence, envelope.Timestamp, tsRecv, sink);
        bool parsed;
        try
        {
            switch (envelope.Channel)
            {
                case "l2_data": parsed = ParseBook(events, context, out reason); break;
                case "market_trades": parsed = ParseTrades(events, context, out reason); break;
                case "ticker" or "ticker_batch": parsed = ParseTicker(events, context, out reason); break;
                case "heartbeats": return gap ? ParseOutcome.Gap : ParseOutcome.Heartbeat;
                case "subscriptions" or "candles" or "status": return gap ? ParseOutcome.Gap : ParseOutcome.Control;
                default:
                    reason = $"unknown-type: channel '{envelope.Channel}'";
                    return ParseOutcome.Rejected;
            }
        }
        catch (JsonException e)
        {
            parsed = false;
            reason = $"malformed-json: {e.Message}";
        }
        if (!parsed) return ParseOutcome.Rejected;
        return gap ? ParseOutcome.Gap : ParseOutcome.Events;
    }

    private readonly record struct Envelope(string Channel, long Timestamp, long Sequence, int EventsStart, int EventsEnd);

    private readonly record struct Context(long Sequence, long Timestamp, long TsRecv, IMarketEventSink Sink);

    private static bool TryReadEnvelope(ReadOnlySpan<byte> message, out Envelope envelope, out string reason)
    {
        envelope = default;
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "malformed-json: not a JSON object";
            return false;
        }
        string? channel = null, type = null, error = null;
        long timestamp = 0, sequence = -1;
        int start = 0, end = 0;
        bool hasTimestamp = false, hasSequence = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8)) channel = ReadString(ref reader);
            else if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader);
            else if (reader.ValueTextEquals("message"u8)) error = ReadString(ref reader);
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (!TryTime(reader.ValueSpan, out timestamp))
                {
                    reason = $"malformed-field: timestamp '{Encoding.UTF8.GetString(reader.ValueSpan)}'";
                    return false;
                }
                hasTimestamp = true;
            }
            else if (reader.ValueTextEquals("sequence_num"u8))
            {
                reader.Read();
                if (!reader.TryGetInt64(out sequence)) sequence = -1;
                hasSequence = true;
            }
            else if (reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                start = (int)reader.TokenStartIndex;
                if (channel is not null && hasTimestamp && hasSequence)
                {
                    // Coinbase's own key order puts events last: hand the rest of the message to the
                    // channel parser, which stops at the array's end, instead of tokenising it twice.
                    end = message.Length;
                    break;
                }
                reader.Skip();
                end = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type == "error")
        {
            reason = $"venue-error: {error}";
            return false;
        }
        if (channel is null)
        {
            reason = "unknown-type: no channel";
            return false;
        }
        if (end == 0 && channel is "l2_data" or "market_trades" or "ticker" or "ticker_batch")
        {
            reason = $"malformed-field: {channel} without events";
            return false;
        }
        envelope = new Envelope(channel, timestamp, sequence, start, end);
        reason = "";
        return true;
    }

    /// <summary>True when the sequence skipped: emits the gap and marks every book as needing a snapshot.</summary>
    private bool CheckSequence(long sequence, long timestamp, long tsRecv, IMarketEventSink sink)
    {
        if (sequence < 0) return false;
        var expected = _expectedSequence;
        _expectedSequence = sequence + 1;
        if (expected < 0 || sequence == expected) return false;
        SequenceGaps++;
        _validBooks.Clear();
        sink.Gap(new Gap(0, timestamp, tsRecv, GapReason.SequenceGap, (ulong)expected, (ulong)sequence));
        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>An RFC 3339 time as Coinbase sends it (nanosecond or microsecond fractions, Z).</summary>
    private static bool TryTime(ReadOnlySpan<byte> utf8, out long nanos)
    {
        Span<char> text = stackalloc char[48];
        nanos = 0;
        return utf8.Length <= text.Length && Encoding.UTF8.TryGetChars(utf8, text, out var written) && UnixNanos.TryParseIso(text[..written], out nanos);
    }
}
