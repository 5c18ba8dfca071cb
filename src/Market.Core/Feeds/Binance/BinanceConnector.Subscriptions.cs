using System.Buffers;
using System.Text.Json;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceConnector
{
    /// <summary>A stream name for one symbol and channel, e.g. <c>btcusdt@depth@100ms</c>.</summary>
    internal static string StreamName(string symbol, string channel) =>
        symbol.ToLowerInvariant() + "@" + (channel == DepthChannel ? "depth@100ms" : channel);

    /// <summary><c>{"method":"SUBSCRIBE","params":[…],"id":N}</c> for every channel of one symbol, as UTF-8; ids count up per connector.</summary>
    internal ReadOnlyMemory<byte> Subscribe(string symbol)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("method", "SUBSCRIBE");
            json.WriteStartArray("params");
            foreach (var channel in Channels) json.WriteStringValue(StreamName(symbol, channel));
            json.WriteEndArray();
            json.WriteNumber("id", ++_requestId);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
