using System.Buffers;
using System.Text.Json;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Feeds.Kalshi;

public sealed partial class KalshiConnector
{
    private const long NoSid = -1;

    /// <summary>Command ids are unique within a WebSocket session, so they count from 1 per connection.</summary>
    private int _commandId;

    /// <summary>The live <c>orderbook_delta</c> subscription's sid, or <see cref="NoSid"/> until Kalshi confirms one.</summary>
    private long _orderbookSid = NoSid;

    /// <summary>The order book subscription's sid on this connection, or null before Kalshi has confirmed it.</summary>
    public long? OrderbookSid => _orderbookSid == NoSid ? null : _orderbookSid;

    /// <summary>
    /// Drops the order book subscription and takes it again, so Kalshi sends a fresh
    /// <c>orderbook_snapshot</c> per market under a new sid and the parser's invalidated books become
    /// valid again. Deltas still arriving on the old sid meanwhile are dropped by the parser.
    /// </summary>
    private async ValueTask ResyncAsync(IFeedTransport transport, CancellationToken cancellationToken)
    {
        var sid = _orderbookSid;
        _orderbookSid = NoSid;
        Metrics.RecordResync();
        await transport.SendTextAsync(Unsubscribe(sid), cancellationToken).ConfigureAwait(false);
        await transport.SendTextAsync(Subscribe([OrderbookChannel]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>{"id":N,"cmd":"subscribe","params":{"channels":[…],"market_tickers":[…]}}</c> as UTF-8.</summary>
    internal ReadOnlyMemory<byte> Subscribe(IReadOnlyList<string> channels) => Command("subscribe", json =>
    {
        json.WriteStartArray("channels");
        foreach (var channel in channels) json.WriteStringValue(channel);
        json.WriteEndArray();
        json.WriteStartArray("market_tickers");
        foreach (var ticker in MarketTickers) json.WriteStringValue(ticker);
        json.WriteEndArray();
    });

    /// <summary><c>{"id":N,"cmd":"unsubscribe","params":{"sids":[sid]}}</c> as UTF-8.</summary>
    internal ReadOnlyMemory<byte> Unsubscribe(long sid) => Command("unsubscribe", json =>
    {
        json.WriteStartArray("sids");
        json.WriteNumberValue(sid);
        json.WriteEndArray();
    });

    private ReadOnlyMemory<byte> Command(string cmd, Action<Utf8JsonWriter> writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", ++_commandId);
            json.WriteString("cmd", cmd);
            json.WriteStartObject("params");
            writeParams(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>
    /// Notes the sid of a <c>{"type":"subscribed","msg":{"channel":"orderbook_delta","sid":N}}</c>
    /// reply. Control messages are rare, and this reads the bytes without allocating.
    /// </summary>
    private void NoteSubscription(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        bool subscribed = false, orderbook = false;
        long sid = NoSid;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                subscribed = reader.ValueTextEquals("subscribed"u8);
            }
            else if (reader.ValueTextEquals("msg"u8) && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("channel"u8)) { reader.Read(); orderbook = reader.ValueTextEquals(OrderbookChannelUtf8); }
                    else if (reader.ValueTextEquals("sid"u8)) { reader.Read(); if (!reader.TryGetInt64(out sid)) sid = NoSid; }
                    else { reader.Read(); reader.Skip(); }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (subscribed && orderbook && sid != NoSid) _orderbookSid = sid;
    }

    /// <summary>True when the message's top-level <c>sid</c> is the order book subscription's.</summary>
    private bool IsOrderbookSubscription(ReadOnlySpan<byte> message)
    {
        if (_orderbookSid == NoSid) return false;
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSid = reader.ValueTextEquals("sid"u8);
            reader.Read();
            if (isSid) return reader.TryGetInt64(out var sid) && sid == _orderbookSid;
            reader.Skip();
        }
        return false;
    }

    private static ReadOnlySpan<byte> OrderbookChannelUtf8 => "orderbook_delta"u8;
}
