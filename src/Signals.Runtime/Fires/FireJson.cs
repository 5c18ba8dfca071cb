using System.Buffers;
using System.Text.Json;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>A fire as JSON, for webhooks, logs and tools: the same field names everywhere.</summary>
public static class FireJson
{
    /// <summary>Writes <paramref name="fire"/> as one JSON object.</summary>
    /// <param name="json">The writer.</param>
    /// <param name="fire">The fire.</param>
    public static void Write(Utf8JsonWriter json, in SignalFire fire)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("signal", fire.Signal);
        json.WriteString("type", TypeName(fire.Type));
        if (fire.Side != Side.None) json.WriteString("side", fire.Side == Side.Buy ? "buy" : "sell");
        json.WriteString("time", UnixNanos.Format(fire.TsEvent));
        json.WriteString("feed", fire.Feed);
        json.WriteString("symbol", fire.Symbol);
        json.WriteString("message", fire.Message);
        json.WriteStartObject("fields");
        foreach (var field in fire.Fields)
        {
            switch (field.Kind)
            {
                case FireFieldKind.Number:
                    json.WriteNumber(field.Name, field.Number);
                    break;
                case FireFieldKind.Integer:
                    json.WriteNumber(field.Name, field.Integer);
                    break;
                case FireFieldKind.Flag:
                    json.WriteBoolean(field.Name, field.Integer != 0);
                    break;
                default:
                    json.WriteString(field.Name, field.Text);
                    break;
            }
        }
        json.WriteEndObject();
        json.WriteNumber("trigger_sequence", fire.TriggerSequence);
        json.WriteString("commit", fire.Commit);
        json.WriteString("source_hash", fire.SourceHash);
        json.WriteEndObject();
    }

    /// <summary><paramref name="fire"/> as UTF-8 JSON.</summary>
    /// <param name="fire">The fire.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ToUtf8(in SignalFire fire)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer)) Write(json, fire);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON name of a fire type: <c>fire</c>, <c>alert</c>, <c>trade_signal</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name.</returns>
    public static string TypeName(FireKind type) => type switch
    {
        FireKind.Alert => "alert",
        FireKind.TradeSignal => "trade_signal",
        _ => "fire",
    };
}
