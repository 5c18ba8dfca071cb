using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Kalshi;

public sealed partial class KalshiParser
{
    /// <summary>
    /// <c>trade</c>: price is the yes price, size the contract count, and the aggressor the taker's
    /// side (buying yes is a buy of the one book; buying no is selling yes, so a sell).
    /// </summary>
    private static bool ParseTrade(ReadOnlySpan<byte> msg, in Context context, out string reason)
    {
        uint instrument = 0;
        ulong id = 0;
        long time = 0, cents = 0, dollars = 0, count = 0, countFp = 0;
        bool hasCents = false, hasDollars = false, hasCount = false, hasCountFp = false;
        var aggressor = Side.None;
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); }
            else if (reader.ValueTextEquals("trade_id"u8)) { reader.Read(); id = TradeId(reader.ValueSpan); }
            else if (reader.ValueTextEquals("yes_price"u8)) { reader.Read(); hasCents = TryCents(ref reader, out cents); }
            else if (reader.ValueTextEquals("yes_price_dollars"u8)) { reader.Read(); hasDollars = TryDecimal(ref reader, out dollars); }
            else if (reader.ValueTextEquals("count"u8)) { reader.Read(); hasCount = TryDecimal(ref reader, out count) && count >= 0; }
            else if (reader.ValueTextEquals("count_fp"u8)) { reader.Read(); hasCountFp = TryDecimal(ref reader, out countFp) && countFp >= 0; }
            else if (reader.ValueTextEquals("ts"u8)) { reader.Read(); time = ReadTime(ref reader); }
            else if (reader.ValueTextEquals("taker_side"u8))
            {
                reader.Read();
                aggressor = reader.ValueTextEquals("yes"u8) ? Side.Buy : reader.ValueTextEquals("no"u8) ? Side.Sell : Side.None;
            }
            else { reader.Read(); reader.Skip(); }
        }
        if (instrument == 0 || !(hasDollars || hasCents) || !(hasCount || hasCountFp))
        {
            reason = "malformed-field: a trade needs market_ticker, yes_price_dollars or yes_price, and count_fp or count";
            return false;
        }
        context.Sink.Trade(new Trade(instrument, time == 0 ? context.TsRecv : time, context.TsRecv,
            hasDollars ? dollars : cents, hasCountFp ? countFp : count, aggressor, id));
        reason = "";
        return true;
    }

    /// <summary>
    /// A stable 64-bit id for Kalshi's UUID trade ids: FNV-1a over the id's UTF-8 text as sent (so
    /// the same trade gets the same id in every run and every process); never 0, which means "no id".
    /// The UUID itself stays out of the event, which has room for 64 bits only.
    /// </summary>
    /// <param name="uuidUtf8">The <c>trade_id</c> text.</param>
    /// <returns>The hash, or 0 for an empty id.</returns>
    public static ulong TradeId(ReadOnlySpan<byte> uuidUtf8)
    {
        if (uuidUtf8.IsEmpty) return 0;
        var hash = 14695981039346656037UL;
        foreach (var b in uuidUtf8) hash = (hash ^ b) * 1099511628211UL;
        return hash == 0 ? 1 : hash;
    }

    /// <summary><c>ticker</c>: the yes bid and ask as a quote, sizes from <c>yes_*_size_fp</c> (0 when absent).</summary>
    private static bool ParseTicker(ReadOnlySpan<byte> msg, in Context context, out string reason)
    {
        uint instrument = 0;
        long time = 0, bidCents = 0, askCents = 0, bidDollars = 0, askDollars = 0, bidSize = 0, askSize = 0;
        bool hasBidCents = false, hasAskCents = false, hasBidDollars = false, hasAskDollars = false;
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); }
            else if (reader.ValueTextEquals("yes_bid"u8)) { reader.Read(); hasBidCents = TryCents(ref reader, out bidCents); }
            else if (reader.ValueTextEquals("yes_ask"u8)) { reader.Read(); hasAskCents = TryCents(ref reader, out askCents); }
            else if (reader.ValueTextEquals("yes_bid_dollars"u8)) { reader.Read(); hasBidDollars = TryDecimal(ref reader, out bidDollars); }
            else if (reader.ValueTextEquals("yes_ask_dollars"u8)) { reader.Read(); hasAskDollars = TryDecimal(ref reader, out askDollars); }
            else if (reader.ValueTextEquals("yes_bid_size_fp"u8)) { reader.Read(); if (!TryDecimal(ref reader, out bidSize)) bidSize = 0; }
            else if (reader.ValueTextEquals("yes_ask_size_fp"u8)) { reader.Read(); if (!TryDecimal(ref reader, out askSize)) askSize = 0; }
            else if (reader.ValueTextEquals("ts"u8)) { reader.Read(); time = ReadTime(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }
        if (instrument == 0 || !(hasBidDollars || hasBidCents) || !(hasAskDollars || hasAskCents))
        {
            reason = "malformed-field: a ticker needs market_ticker and yes_bid_dollars or yes_bid, yes_ask_dollars or yes_ask";
            return false;
        }
        context.Sink.Quote(new Quote(instrument, time == 0 ? context.TsRecv : time, context.TsRecv,
            hasBidDollars ? bidDollars : bidCents, bidSize, hasAskDollars ? askDollars : askCents, askSize, context.Sequence));
        reason = "";
        return true;
    }
}
