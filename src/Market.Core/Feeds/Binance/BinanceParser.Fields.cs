using System.Text.Json;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceParser
{
    [Flags]
    private enum Has
    {
        None = 0,
        EventTime = 1 << 0,
        TradeTime = 1 << 1,
        First = 1 << 2,
        Last = 1 << 3,
        Previous = 1 << 4,
        BidPrice = 1 << 5,
        BidSize = 1 << 6,
        AskPrice = 1 << 7,
        AskSize = 1 << 8,
        AggregateId = 1 << 9,
        Price = 1 << 10,
        Quantity = 1 << 11,
        Maker = 1 << 12,
        Bids = 1 << 13,
        Asks = 1 << 14,
        TradeId = 1 << 15,
    }

    /// <summary>
    /// Every field of one event object, read in a single pass whatever the key order. Binance reuses
    /// one-letter keys across event types (<c>a</c> is an aggregate id, a spot trade's seller order
    /// id, an ask price or the ask levels), so a value is told apart by its JSON token type; strings and arrays are kept as
    /// offsets into the event for the second pass.
    /// </summary>
    private struct Fields
    {
        public Has Has;

        /// <summary>The first field whose value was not the expected type; only events Deepwater normalises reject for it.</summary>
        public Range BadField;
        public Range Type, Symbol, Bids, Asks;
        public long EventTime, TradeTime, First, Last, Previous;
        public long BidPrice, BidSize, AskPrice, AskSize, AggregateId, TradeId, Price, Quantity;
        public bool BuyerIsMaker;

        public readonly bool All(Has required) => (Has & required) == required;

        /// <summary>Exchange time in ns: the transaction time <c>T</c>, else the event time <c>E</c>, else 0.</summary>
        public readonly long TsEvent => All(Has.TradeTime) ? TradeTime * 1_000_000 : All(Has.EventTime) ? EventTime * 1_000_000 : 0;
    }

    /// <summary>Pass one over an event object; fails only when it is not a JSON object.</summary>
    private static bool TryReadFields(ReadOnlySpan<byte> evt, out Fields fields, out string reason)
    {
        fields = default;
        var reader = new Utf8JsonReader(evt);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "malformed-json: event is not a JSON object";
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            var nameStart = (int)reader.TokenStartIndex + 1;
            reader.Read();
            if (escaped || name.Length > 2)
            {
                reader.Skip();
                continue;
            }
            var ok = true;
            switch (name.Length == 1 ? (char)name[0] : name.SequenceEqual("pu"u8) ? '^' : '\0')
            {
                case 'e': ok = TryRange(ref reader, out fields.Type); break;
                case 's': ok = TryRange(ref reader, out fields.Symbol); break;
                case 'E': ok = TryInt(ref reader, ref fields, Has.EventTime, out fields.EventTime); break;
                case 'T': ok = TryInt(ref reader, ref fields, Has.TradeTime, out fields.TradeTime); break;
                case 't': ok = TryInt(ref reader, ref fields, Has.TradeId, out fields.TradeId); break;
                case 'U': ok = TryInt(ref reader, ref fields, Has.First, out fields.First); break;
                case 'u': ok = TryInt(ref reader, ref fields, Has.Last, out fields.Last); break;
                case '^': ok = TryInt(ref reader, ref fields, Has.Previous, out fields.Previous); break;
                case 'B': ok = TryDecimal(ref reader, ref fields, Has.BidSize, out fields.BidSize); break;
                case 'A': ok = TryDecimal(ref reader, ref fields, Has.AskSize, out fields.AskSize); break;
                case 'p': ok = TryDecimal(ref reader, ref fields, Has.Price, out fields.Price); break;
                case 'q': ok = TryDecimal(ref reader, ref fields, Has.Quantity, out fields.Quantity); break;
                case 'm':
                    ok = reader.TokenType is JsonTokenType.True or JsonTokenType.False;
                    fields.BuyerIsMaker = reader.TokenType == JsonTokenType.True;
                    fields.Has |= ok ? Has.Maker : Has.None;
                    break;
                case 'b':
                    ok = reader.TokenType switch
                    {
                        JsonTokenType.StartArray => TryArray(ref reader, ref fields, Has.Bids, out fields.Bids),
                        JsonTokenType.Number => true, // a spot trade's buyer order id: not kept
                        _ => TryDecimal(ref reader, ref fields, Has.BidPrice, out fields.BidPrice),
                    };
                    break;
                case 'a':
                    ok = reader.TokenType switch
                    {
                        JsonTokenType.StartArray => TryArray(ref reader, ref fields, Has.Asks, out fields.Asks),
                        JsonTokenType.Number => TryInt(ref reader, ref fields, Has.AggregateId, out fields.AggregateId),
                        _ => TryDecimal(ref reader, ref fields, Has.AskPrice, out fields.AskPrice),
                    };
                    break;
                default: reader.Skip(); break;
            }
            if (!ok && fields.BadField.End.Value == 0) fields.BadField = nameStart..(nameStart + name.Length);
            reader.Skip();
        }
        reason = "";
        return true;
    }

    private static bool TryRange(ref Utf8JsonReader reader, out Range range)
    {
        // An unescaped string's value starts one byte after its opening quote.
        range = default;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
        var start = (int)reader.TokenStartIndex + 1;
        range = start..(start + reader.ValueSpan.Length);
        return true;
    }

    private static bool TryInt(ref Utf8JsonReader reader, ref Fields fields, Has flag, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out value)) return false;
        fields.Has |= flag;
        return true;
    }

    private static bool TryDecimal(ref Utf8JsonReader reader, ref Fields fields, Has flag, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.String || !Signals.Library.FixedPoint.TryParse(reader.ValueSpan, out value)) return false;
        fields.Has |= flag;
        return true;
    }

    private static bool TryArray(ref Utf8JsonReader reader, ref Fields fields, Has flag, out Range range)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        range = start..(int)reader.BytesConsumed;
        fields.Has |= flag;
        return true;
    }
}
