using System.Buffers.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Coinbase;

public sealed partial class CoinbaseParser
{
    private readonly Dictionary<uint, ulong> _lastTradeId = [];
    private readonly List<Trade> _snapshotTrades = [];

    /// <summary>
    /// <c>market_trades</c>. The venue's <c>side</c> is the maker's (a trade at the best ask comes
    /// as SELL), so the aggressor is the other side. A snapshot lists recent trades newest first;
    /// trades are emitted oldest first and each trade id once, so a resubscribe repeats nothing.
    /// </summary>
    private bool ParseTrades(ReadOnlySpan<byte> events, in Context context, out string reason)
    {
        var reader = new Utf8JsonReader(events);
        reader.Read();
        _snapshotTrades.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("trades"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (!TryReadTrade(ref reader, context, out var trade, out reason)) return false;
                    _snapshotTrades.Add(trade);
                }
            }
        }
        _snapshotTrades.Sort((a, b) => a.TradeId.CompareTo(b.TradeId));
        foreach (var trade in _snapshotTrades)
        {
            if (_lastTradeId.TryGetValue(trade.InstrumentId, out var last) && trade.TradeId <= last) continue;
            _lastTradeId[trade.InstrumentId] = trade.TradeId;
            context.Sink.Trade(trade);
        }
        reason = "";
        return true;
    }

    private static bool TryReadTrade(ref Utf8JsonReader reader, in Context context, out Trade trade, out string reason)
    {
        uint instrument = 0;
        ulong id = 0;
        long price = 0, size = 0, time = 0;
        var aggressor = Side.None;
        bool hasPrice = false, hasSize = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product_id"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); }
            else if (reader.ValueTextEquals("trade_id"u8)) { reader.Read(); Utf8Parser.TryParse(reader.ValueSpan, out id, out _); }
            else if (reader.ValueTextEquals("price"u8)) { reader.Read(); hasPrice = FixedPoint.TryParse(reader.ValueSpan, out price); }
            else if (reader.ValueTextEquals("size"u8)) { reader.Read(); hasSize = FixedPoint.TryParse(reader.ValueSpan, out size); }
            else if (reader.ValueTextEquals("time"u8)) { reader.Read(); if (!TryTime(reader.ValueSpan, out time)) time = 0; }
            else if (reader.ValueTextEquals("side"u8))
            {
                reader.Read();
                aggressor = reader.ValueTextEquals("SELL"u8) ? Side.Buy : reader.ValueTextEquals("BUY"u8) ? Side.Sell : Side.None;
            }
            else { reader.Read(); reader.Skip(); }
        }
        trade = new Trade(instrument, time == 0 ? context.Timestamp : time, context.TsRecv, price, size, aggressor, id);
        reason = instrument == 0 || !hasPrice || !hasSize ? "malformed-field: a trade needs product_id, price and size as decimals" : "";
        return reason.Length == 0;
    }

    /// <summary><c>ticker</c>: best bid and ask with their quantities, as a quote.</summary>
    private static bool ParseTicker(ReadOnlySpan<byte> events, in Context context, out string reason)
    {
        var reader = new Utf8JsonReader(events);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("tickers"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (!TryReadTicker(ref reader, context, out reason)) return false;
                }
            }
        }
        reason = "";
        return true;
    }

    private static bool TryReadTicker(ref Utf8JsonReader reader, in Context context, out string reason)
    {
        uint instrument = 0;
        long bid = 0, ask = 0, bidSize = 0, askSize = 0;
        var fields = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product_id"u8)) { reader.Read(); instrument = context.Sink.Instrument(reader.ValueSpan); }
            else if (reader.ValueTextEquals("best_bid"u8)) { reader.Read(); fields += FixedPoint.TryParse(reader.ValueSpan, out bid) ? 1 : 0; }
            else if (reader.ValueTextEquals("best_ask"u8)) { reader.Read(); fields += FixedPoint.TryParse(reader.ValueSpan, out ask) ? 1 : 0; }
            else if (reader.ValueTextEquals("best_bid_quantity"u8)) { reader.Read(); fields += FixedPoint.TryParse(reader.ValueSpan, out bidSize) ? 1 : 0; }
            else if (reader.ValueTextEquals("best_ask_quantity"u8)) { reader.Read(); fields += FixedPoint.TryParse(reader.ValueSpan, out askSize) ? 1 : 0; }
            else { reader.Read(); reader.Skip(); }
        }
        if (instrument == 0 || fields != 4)
        {
            reason = "malformed-field: a ticker needs product_id, best_bid, best_ask and their quantities as decimals";
            return false;
        }
        context.Sink.Quote(new Quote(instrument, context.Timestamp, context.TsRecv, bid, bidSize, ask, askSize, (ulong)Math.Max(0, context.Sequence)));
        reason = "";
        return true;
    }
}
