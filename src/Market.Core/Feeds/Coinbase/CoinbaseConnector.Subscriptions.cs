using System.Buffers;
using System.Text.Json;

namespace Market.Core.Feeds.Coinbase;

public sealed partial class CoinbaseConnector
{
    /// <summary>
    /// Drops and retakes <c>level2</c> alone (subscriptions change one at a time), so Coinbase sends a
    /// new snapshot and the parser's invalidated books become valid again.
    /// </summary>
    private async ValueTask ResyncAsync(Connectors.IFeedTransport transport, CancellationToken cancellationToken)
    {
        if (!Channels.Contains(Level2Channel)) return;
        Metrics.RecordResync();
        await transport.SendTextAsync(Request("unsubscribe", Level2Channel), cancellationToken).ConfigureAwait(false);
        await transport.SendTextAsync(Request("subscribe", Level2Channel), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>{"type":…,"product_ids":[…],"channel":…}</c> as UTF-8.</summary>
    internal ReadOnlyMemory<byte> Request(string type, string channel)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteStartArray("product_ids");
            foreach (var product in ProductIds) json.WriteStringValue(product);
            json.WriteEndArray();
            json.WriteString("channel", channel);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
