using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Binance;

/// <summary>
/// Spot's sync procedure (no <c>pu</c>: drop <c>u</c> &lt;= the book's id, gap when <c>U</c> &gt; it + 1)
/// and its trade stream, on synthetic messages in the shapes Binance's spot docs show.
/// </summary>
public sealed class BinanceSpotParserTests
{
    private const long Now = 1_626_992_741_000_000_000;
    private static readonly byte[] Bnb = "BNBBTC"u8.ToArray();

    private static string Depth(long first, long last, string bids = "[[\"0.00240000\",\"10.00000000\"]]", string asks = "[[\"0.00260000\",\"0.00000000\"]]") =>
        $"{{\"stream\":\"bnbbtc@depth@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":1626992741037,\"s\":\"BNBBTC\",\"U\":{first},\"u\":{last},\"b\":{bids},\"a\":{asks}}}}}";

    /// <summary>Spot's REST body: no <c>E</c> or <c>T</c>.</summary>
    private static string Snapshot(long lastUpdateId) =>
        $"{{\"lastUpdateId\":{lastUpdateId},\"bids\":[[\"0.00240000\",\"431.00000000\"],[\"0.00239000\",\"5.50000000\"]],\"asks\":[[\"0.00260000\",\"12.00000000\"]]}}";

    private static ParseOutcome Parse(BinanceParser parser, IMarketEventSink sink, string json, out string reason) =>
        parser.Parse(Encoding.UTF8.GetBytes(json), Now, sink, out reason);

    private static ParseOutcome Parse(BinanceParser parser, IMarketEventSink sink, string json) => Parse(parser, sink, json, out _);

    private static ParseOutcome ApplySnapshot(BinanceParser parser, IMarketEventSink sink, long lastUpdateId) =>
        parser.ApplyDepthSnapshot(Encoding.UTF8.GetBytes(Snapshot(lastUpdateId)), Bnb, Now, sink, out _);

    private static BinanceParser Spot() => new(BinanceMarket.Spot);

    [Fact]
    public void Depth_BeforeTheSnapshot_IsBufferedThenBridgedOnLastUpdateIdPlusOne()
    {
        var parser = Spot();
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(90, 100)));   // u == lastUpdateId: covered on spot
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(101, 105, asks: "[[\"0.00260000\",\"0\"],[\"0.00270000\",\"7.25\"]]"))); // U == lastUpdateId + 1
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(106, 108, bids: "[[\"0.00239000\",\"0\"]]", asks: "[]")));
        var id = sink.Instrument(Bnb);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 0, 3, 0, 0), parser.Status(id));
        Assert.Empty(sink.Deltas);

        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 100));

        var snapshot = Assert.Single(sink.Snapshots);
        Assert.Equal((100UL, Now), (snapshot.VenueSequence, snapshot.TsEvent)); // no venue time in a spot snapshot
        Assert.Equal([new BookLevel(2_400_000, 431_000_000_000), new BookLevel(2_390_000, 5_500_000_000)], snapshot.Bids.ToArray());
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 108, 0, 1, 0), parser.Status(id));
        Assert.Equal(
            [
                (BookSide.Bid, BookAction.Set, 2_400_000L, 10_000_000_000L, 105UL, false),
                (BookSide.Ask, BookAction.Delete, 2_600_000L, 0L, 105UL, false),
                (BookSide.Ask, BookAction.Set, 2_700_000L, 7_250_000_000L, 105UL, true),
                (BookSide.Bid, BookAction.Delete, 2_390_000L, 0L, 108UL, true),
            ],
            sink.Deltas.Select(d => (d.Delta.Side, d.Delta.Action, d.Delta.Price, d.Delta.Size, d.Delta.VenueSequence, d.End)));
        Assert.Equal("2021-07-22T22:25:41.037000000Z", UnixNanos.Format(sink.Deltas[0].Delta.TsEvent)); // E: spot depth has no T
        Assert.Empty(sink.Gaps);
    }

    [Theory]
    [InlineData(95, 105, true)]   // spans lastUpdateId + 1 from below
    [InlineData(101, 101, true)]  // exactly lastUpdateId + 1
    [InlineData(101, 105, true)]  // starts at lastUpdateId + 1
    [InlineData(102, 105, false)] // starts past it: update 101 was missed
    public void Depth_FirstAfterTheSnapshot_BridgesOnlyWhenUIsAtMostLastUpdateIdPlusOne(long first, long last, bool bridges)
    {
        var parser = Spot();
        var sink = new RecordingSink();
        ApplySnapshot(parser, sink, 100);

        Assert.Equal(bridges ? ParseOutcome.Events : ParseOutcome.Gap, Parse(parser, sink, Depth(first, last)));

        var status = parser.Status(sink.Instrument(Bnb));
        if (bridges)
        {
            Assert.Equal((BinanceDepthState.Synced, last), (status.State, status.LastUpdateId));
            Assert.Empty(sink.Gaps);
        }
        else
        {
            Assert.Equal(BinanceDepthState.NeedsSnapshot, status.State);
            var gap = Assert.Single(sink.Gaps);
            Assert.Equal((GapReason.SequenceGap, 101UL, 102UL), (gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
            Assert.Empty(sink.Deltas);
        }
    }

    [Fact]
    public void Depth_EndingAtTheSnapshotId_IsDroppedOnSpotButBridgesOnFutures()
    {
        // The same U/u against lastUpdateId 100: spot's first event must reach 101, futures' 100.
        var spot = new RecordingSink();
        var spotParser = Spot();
        ApplySnapshot(spotParser, spot, 100);
        Assert.Equal(ParseOutcome.Events, Parse(spotParser, spot, Depth(98, 100)));
        Assert.Empty(spot.Deltas);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Bridging, 100, 0, 1, 0), spotParser.Status(spot.Instrument(Bnb)));

        var futures = new RecordingSink();
        var futuresParser = new BinanceParser();
        ApplySnapshot(futuresParser, futures, 100);
        Parse(futuresParser, futures, Depth(98, 100).Replace("\"U\":98", "\"U\":98,\"pu\":97", StringComparison.Ordinal));
        Assert.Equal(BinanceDepthState.Synced, futuresParser.Status(futures.Instrument(Bnb)).State);
    }

    [Fact]
    public void Depth_WhoseUSkipsPastPreviousUPlusOne_EmitsAGapAndNeedsASnapshotThenResyncs()
    {
        var parser = Spot();
        var sink = new RecordingSink();
        ApplySnapshot(parser, sink, 100);
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(101, 103)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(104, 104)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(103, 104))); // a repeat (u <= book id): ignored
        var id = sink.Instrument(Bnb);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 104, 0, 1, 0), parser.Status(id));

        Assert.Equal(ParseOutcome.Gap, Parse(parser, sink, Depth(106, 107))); // 105 missing

        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((id, GapReason.SequenceGap, 105UL, 106UL), (gap.InstrumentId, gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 104, 0, 1, 1), parser.Status(id));
        Assert.Equal(1, parser.SequenceGaps);
        var applied = sink.Deltas.Count;

        // Until the next snapshot events are held, then the one spanning 111 bridges.
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(108, 109)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(110, 112)));
        Assert.Equal(applied, sink.Deltas.Count);
        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 110));
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 112, 0, 2, 1), parser.Status(id));
        Assert.Equal(112UL, sink.Deltas[^1].Delta.VenueSequence);
    }

    [Fact]
    public void Snapshot_WithABreakInTheBuffer_AppliesUpToItAndNeedsAnother()
    {
        var parser = Spot();
        var sink = new RecordingSink();
        Parse(parser, sink, Depth(99, 102));
        Parse(parser, sink, Depth(103, 105));
        Parse(parser, sink, Depth(107, 109)); // 106 never came

        Assert.Equal(ParseOutcome.Gap, ApplySnapshot(parser, sink, 100));

        Assert.Equal([102UL, 102UL, 105UL, 105UL], sink.Deltas.Select(d => d.Delta.VenueSequence));
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 105, 1, 0, 1), parser.Status(sink.Instrument(Bnb)));
    }

    [Fact]
    public void Depth_WithoutPu_IsSpotsShapeAndFuturesRejectsIt()
    {
        var spot = new RecordingSink();
        Assert.Equal(ParseOutcome.Events, Parse(Spot(), spot, Depth(1, 2), out var spotReason));
        Assert.Equal("", spotReason);

        var futures = new RecordingSink();
        Assert.Equal(ParseOutcome.Rejected, Parse(new BinanceParser(), futures, Depth(1, 2), out var futuresReason));
        Assert.Equal("malformed-field: depthUpdate needs U, u, pu, b and a", futuresReason);
    }

    [Theory]
    [InlineData(true, Side.Sell)]  // the buyer rested: the seller crossed
    [InlineData(false, Side.Buy)]
    public void Trade_WithOrderIds_KeepsTradeIdExactPriceAndAggressorFromM(bool buyerIsMaker, Side aggressor)
    {
        var sink = new RecordingSink();
        var json = $"{{\"stream\":\"bnbbtc@trade\",\"data\":{{\"e\":\"trade\",\"E\":1626992741500,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.00123457\",\"q\":\"100.10000000\",\"b\":88,\"a\":50,\"T\":1626992741421,\"m\":{(buyerIsMaker ? "true" : "false")},\"M\":true}}}}";

        Assert.Equal(ParseOutcome.Events, Parse(Spot(), sink, json, out var reason));

        Assert.Equal("", reason);
        var trade = Assert.Single(sink.Trades);
        Assert.Equal((1_234_570L, 100_100_000_000L, aggressor, 12345UL, Now), (trade.Price, trade.Size, trade.Aggressor, trade.TradeId, trade.TsRecv));
        Assert.Equal("2021-07-22T22:25:41.421000000Z", UnixNanos.Format(trade.TsEvent));
        Assert.Equal("BNBBTC", sink.Symbol(trade.InstrumentId));
    }

    [Fact]
    public void Trade_WithoutOrderIds_AndOnFutures_IsAccepted()
    {
        // Newer spot payloads drop b and a; the trade channel is accepted on either market.
        const string Json = "{\"e\":\"trade\",\"E\":1626992741500,\"s\":\"BTCUSDT\",\"t\":7,\"p\":\"31000.01\",\"q\":\"0.001\",\"T\":1626992741421,\"m\":false}";
        foreach (var parser in new[] { Spot(), new BinanceParser() })
        {
            var sink = new RecordingSink();
            Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Json));
            Assert.Equal((31_000_010_000_000L, 1_000_000L, Side.Buy, 7UL), (sink.Trades[0].Price, sink.Trades[0].Size, sink.Trades[0].Aggressor, sink.Trades[0].TradeId));
        }
    }

    [Fact]
    public void Trade_WithoutT_IsRejected()
    {
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Rejected, Parse(Spot(), sink, "{\"e\":\"trade\",\"s\":\"BNBBTC\",\"a\":50,\"p\":\"1\",\"q\":\"1\",\"m\":true}", out var reason));
        Assert.StartsWith("malformed-field: trade needs t", reason, StringComparison.Ordinal);
        Assert.Empty(sink.Trades);
    }

    [Fact]
    public void AggTrade_OnSpot_UsesA()
    {
        var sink = new RecordingSink();
        const string Json = "{\"stream\":\"bnbbtc@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":123456789,\"s\":\"BNBBTC\",\"a\":12345,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":123456785,\"m\":true,\"M\":true}}";
        Assert.Equal(ParseOutcome.Events, Parse(Spot(), sink, Json));
        Assert.Equal((1_000_000L, 100_000_000_000L, Side.Sell, 12345UL), (sink.Trades[0].Price, sink.Trades[0].Size, sink.Trades[0].Aggressor, sink.Trades[0].TradeId));
    }

    [Fact]
    public void BookTicker_OnSpotWithoutE_IsAQuote()
    {
        var sink = new RecordingSink();
        const string Json = "{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}";
        Assert.Equal(ParseOutcome.Events, Parse(Spot(), sink, Json));
        var quote = Assert.Single(sink.Quotes);
        Assert.Equal((25_351_900_000L, 31_210_000_000L, 25_365_200_000L, 40_660_000_000L, 400900217UL, Now),
            (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize, quote.VenueSequence, quote.TsEvent));

        // Futures always sends e, so there the same object is still an unknown event.
        Assert.Equal(ParseOutcome.Rejected, Parse(new BinanceParser(), new RecordingSink(), Json));
    }
}
