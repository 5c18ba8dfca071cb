using Signals.Library;

namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceParser
{
    private const Has TradeFields = Has.AggregateId | Has.Price | Has.Quantity | Has.Maker;
    private const Has RawTradeFields = Has.TradeId | Has.Price | Has.Quantity | Has.Maker;
    private const Has QuoteFields = Has.BidPrice | Has.BidSize | Has.AskPrice | Has.AskSize;

    /// <summary>
    /// <c>aggTrade</c>: one trade per aggregate id <c>a</c> at trade time <c>T</c>. <c>m</c> true means
    /// the buyer was the maker, so the aggressor sold.
    /// </summary>
    private static ParseOutcome OnAggTrade(in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink, out string reason) =>
        EmitTrade(in fields, fields.All(TradeFields), fields.AggregateId, "aggTrade needs a (id)", instrument, tsRecv, sink, out reason);

    /// <summary>
    /// <c>trade</c>: one trade per trade id <c>t</c> at trade time <c>T</c>; <c>m</c> as in
    /// <c>aggTrade</c>. The order ids some payloads carry (<c>b</c>, <c>a</c>) are not kept.
    /// </summary>
    private static ParseOutcome OnTrade(in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink, out string reason) =>
        EmitTrade(in fields, fields.All(RawTradeFields), fields.TradeId, "trade needs t (id)", instrument, tsRecv, sink, out reason);

    /// <summary>Both trade streams: checks the fields, then emits one trade carrying the stream's own id.</summary>
    private static ParseOutcome EmitTrade(in Fields fields, bool complete, long id, string needs, uint instrument, long tsRecv, IMarketEventSink sink, out string reason)
    {
        if (!complete || id < 0 || fields.Quantity < 0)
        {
            reason = $"malformed-field: {needs}, p and q (decimals, q at least 0) and m";
            return ParseOutcome.Rejected;
        }
        var tsEvent = fields.TsEvent == 0 ? tsRecv : fields.TsEvent;
        sink.Trade(new Trade(instrument, tsEvent, tsRecv, fields.Price, fields.Quantity,
            fields.BuyerIsMaker ? Side.Sell : Side.Buy, (ulong)id));
        reason = "";
        return ParseOutcome.Events;
    }

    /// <summary><c>bookTicker</c>: best bid and ask with their quantities; <c>u</c> is the book's update id.</summary>
    private static ParseOutcome OnBookTicker(in Fields fields, uint instrument, long tsRecv, IMarketEventSink sink, out string reason)
    {
        if (!fields.All(QuoteFields))
        {
            reason = "malformed-field: bookTicker needs b, B, a and A as decimals";
            return ParseOutcome.Rejected;
        }
        var tsEvent = fields.TsEvent == 0 ? tsRecv : fields.TsEvent;
        var sequence = fields.All(Has.Last) ? (ulong)Math.Max(0, fields.Last) : 0;
        sink.Quote(new Quote(instrument, tsEvent, tsRecv, fields.BidPrice, fields.BidSize, fields.AskPrice, fields.AskSize, sequence));
        reason = "";
        return ParseOutcome.Events;
    }
}
