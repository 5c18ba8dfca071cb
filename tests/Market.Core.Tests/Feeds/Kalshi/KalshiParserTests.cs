using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Kalshi;

public sealed class KalshiParserTests
{
    private const long Now = 1_770_897_990_000_000_000;

    private static IEnumerable<byte[]> Lines(string name) =>
        File.ReadLines(SharedData.File(name)).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes);

    private static Dictionary<ParseOutcome, int> ParseAll(KalshiParser parser, RecordingSink sink, string name)
    {
        var outcomes = new Dictionary<ParseOutcome, int>();
        foreach (var line in Lines(name))
        {
            var outcome = parser.Parse(line, Now, sink, out var reason);
            Assert.True(outcome != ParseOutcome.Rejected, reason);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        return outcomes;
    }

    [Fact]
    public void TradeSample_EveryLineParses_WithOneSequenceGapWhereTheSampleSkips()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        var outcomes = ParseAll(parser, sink, "kalshi_ws_trade_sample.jsonl");

        Assert.Equal(10, sink.Trades.Count);
        // The sample is a selection from a longer stream, all on sid 2: seq 10, then 48…56. One
        // parser reads the file as one connection, so the jump is reported exactly once (expected
        // 11, received 48) and 48…56 are contiguous; the trade on the gap line is still emitted.
        Assert.Equal((9, 1), (outcomes[ParseOutcome.Events], outcomes[ParseOutcome.Gap]));
        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((GapReason.SequenceGap, 11UL, 48UL), (gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Equal(1, parser.SequenceGaps);
    }

    [Fact]
    public void TradeSample_FirstTrades_HaveTheFilesExactValues()
    {
        var sink = new RecordingSink();
        ParseAll(new KalshiParser(), sink, "kalshi_ws_trade_sample.jsonl");

        // Line 1: f851595a-…, yes_price_dollars "0.7700", count_fp "75.00", taker yes, ts 1770897981.
        var first = sink.Trades[0];
        Assert.Equal("KXSOLD-26FEB1217-T79.9999", sink.Symbol(first.InstrumentId));
        Assert.Equal(770_000_000, first.Price);
        Assert.Equal(75_000_000_000, first.Size);
        Assert.Equal(Side.Buy, first.Aggressor);
        Assert.Equal(1_770_897_981_000_000_000, first.TsEvent);
        Assert.Equal(Now, first.TsRecv);
        // FNV-1a 64 of the uuid text, computed independently (Python) from the file's trade_id.
        Assert.Equal(15582038861131779287UL, first.TradeId);

        // Line 2: taker_side "no" buys no, which sells yes.
        var second = sink.Trades[1];
        Assert.Equal((570_000_000L, 90_000_000_000L, Side.Sell, 9478402726378737978UL), (second.Price, second.Size, second.Aggressor, second.TradeId));
        Assert.Equal(10, sink.Trades.Select(t => t.TradeId).Distinct().Count());
    }

    [Fact]
    public void TickerSample_EveryLineParses_IntoQuotesWithTheFilesExactValues()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        var outcomes = ParseAll(parser, sink, "kalshi_ws_ticker_sample.jsonl");

        Assert.Equal(10, outcomes[ParseOutcome.Events]); // tickers carry no seq: never a gap
        Assert.Empty(sink.Gaps);
        Assert.Equal(10, sink.Quotes.Count);

        // Line 4: yes_bid_dollars "0.3700" × "333.00", yes_ask_dollars "0.4200" × "333.00", ts 1770897976.
        var quote = sink.Quotes[3];
        Assert.Equal("KXETHMINMON-ETH-26FEB28-175000", sink.Symbol(quote.InstrumentId));
        Assert.Equal((370_000_000L, 333_000_000_000L, 420_000_000L, 333_000_000_000L), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Equal(1_770_897_976_000_000_000, quote.TsEvent);

        // Line 2: ask at 1.0000 with size 0.00 is Kalshi's "no ask".
        Assert.Equal((980_000_000L, 195_000_000_000L, FixedPoint.Scale, 0L), (sink.Quotes[1].BidPrice, sink.Quotes[1].BidSize, sink.Quotes[1].AskPrice, sink.Quotes[1].AskSize));
    }

    [Fact]
    public void Trade_WithCentsOnly_UsesFromCentsAndCount()
    {
        var sink = new RecordingSink();
        const string Json = "{\"type\":\"trade\",\"sid\":1,\"seq\":1,\"msg\":{\"trade_id\":\"x\",\"market_ticker\":\"M\",\"yes_price\":3,\"count\":7,\"taker_side\":\"no\",\"ts\":1770897981}}";
        Assert.Equal(ParseOutcome.Events, new KalshiParser().Parse(Encoding.UTF8.GetBytes(Json), Now, sink, out _));
        var trade = Assert.Single(sink.Trades);
        Assert.Equal((FixedPoint.FromCents(3), FixedPoint.FromInteger(7), Side.Sell), (trade.Price, trade.Size, trade.Aggressor));
    }

    [Theory]
    [InlineData("{\"type\":\"trade\",\"msg\":{", "malformed-json")]
    [InlineData("[1,2,3]", "malformed-json: not a JSON object")]
    [InlineData("{\"type\":\"ticker_v9\",\"sid\":1,\"msg\":{}}", "unknown-type: 'ticker_v9'")]
    [InlineData("{\"sid\":1,\"msg\":{}}", "unknown-type: no type")]
    [InlineData("{\"id\":123,\"type\":\"error\",\"msg\":{\"code\":6,\"msg\":\"Params required\"}}", "venue-error: code 6: Params required")]
    [InlineData("{\"type\":\"trade\",\"sid\":2,\"seq\":1,\"msg\":{\"trade_id\":\"a\",\"market_ticker\":\"M\",\"count\":1}}", "malformed-field: a trade needs")]
    [InlineData("{\"type\":\"ticker\",\"sid\":1,\"msg\":{\"market_ticker\":\"M\",\"yes_bid_dollars\":\"abc\",\"yes_ask\":5}}", "malformed-field: a ticker needs")]
    [InlineData("{\"type\":\"orderbook_delta\",\"sid\":5,\"seq\":2,\"msg\":{\"market_ticker\":\"M\",\"price\":40,\"delta\":1,\"side\":\"maybe\"}}", "malformed-field: orderbook_delta needs")]
    [InlineData("{\"type\":\"orderbook_snapshot\",\"sid\":5,\"seq\":1,\"msg\":{\"market_ticker\":\"M\",\"yes\":[[40]]}}", "malformed-field: a book level")]
    [InlineData("{\"type\":\"trade\",\"sid\":2,\"seq\":1}", "malformed-field: a data message needs a msg object")]
    public void BadMessage_IsRejectedWithAReason(string json, string expected)
    {
        var outcome = new KalshiParser().Parse(Encoding.UTF8.GetBytes(json), Now, new RecordingSink(), out var reason);
        Assert.Equal(ParseOutcome.Rejected, outcome);
        Assert.StartsWith(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"subscribed\",\"id\":1,\"msg\":{\"channel\":\"trade\",\"sid\":2}}")]
    [InlineData("{\"id\":123,\"sid\":456,\"seq\":222,\"type\":\"ok\",\"market_tickers\":[\"M\"]}")]
    public void Acknowledgement_IsControl_AndTouchesNoSequence(string json)
    {
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Control, new KalshiParser().Parse(Encoding.UTF8.GetBytes(json), Now, sink, out _));
        Assert.Empty(sink.Gaps);
    }

    [Fact]
    public void TradeId_IsStableAndNeverZero()
    {
        Assert.Equal(KalshiParser.TradeId("f851595a-6d92-424e-09f8-0d2669de70ae"u8), KalshiParser.TradeId("f851595a-6d92-424e-09f8-0d2669de70ae"u8));
        Assert.NotEqual(0UL, KalshiParser.TradeId("a"u8));
        Assert.Equal(0UL, KalshiParser.TradeId([]));
    }
}
