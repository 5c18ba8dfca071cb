using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Binance;

/// <summary>The sync procedure and rejects, on messages made to the venue's documented shapes.</summary>
public sealed class BinanceParserTests
{
    private const long Now = 1_626_992_741_000_000_000;
    private static readonly byte[] Btc = "BTCUSDT"u8.ToArray();

    private static string Depth(long first, long last, long previous, string bids = "[[\"100.0\",\"1\"]]", string asks = "[[\"101.0\",\"0\"]]") =>
        $"{{\"stream\":\"btcusdt@depth@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":1626992741037,\"T\":1626992741024,\"s\":\"BTCUSDT\",\"U\":{first},\"u\":{last},\"pu\":{previous},\"b\":{bids},\"a\":{asks}}}}}";

    private static string Snapshot(long lastUpdateId) =>
        $"{{\"lastUpdateId\":{lastUpdateId},\"E\":1626992741264,\"T\":1626992741261,\"bids\":[[\"100.0\",\"5\"],[\"99.5\",\"2\"]],\"asks\":[[\"101.0\",\"3\"]]}}";

    private static ParseOutcome Parse(BinanceParser parser, IMarketEventSink sink, string json, out string reason) =>
        parser.Parse(Encoding.UTF8.GetBytes(json), Now, sink, out reason);

    private static ParseOutcome Parse(BinanceParser parser, IMarketEventSink sink, string json) => Parse(parser, sink, json, out _);

    private static ParseOutcome ApplySnapshot(BinanceParser parser, IMarketEventSink sink, long lastUpdateId) =>
        parser.ApplyDepthSnapshot(Encoding.UTF8.GetBytes(Snapshot(lastUpdateId)), Btc, Now, sink, out _);

    [Fact]
    public void Depth_BeforeTheSnapshot_IsBufferedThenBridged()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(90, 95, 89)));   // covered by the snapshot
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(96, 102, 95, asks: "[[\"101.0\",\"0\"],[\"102.0\",\"7.5\"]]"))); // spans 100
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(103, 105, 102)));
        var id = sink.Instrument(Btc);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 0, 3, 0, 0), parser.Status(id));
        Assert.Empty(sink.Deltas);

        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 100));

        var snapshot = Assert.Single(sink.Snapshots);
        Assert.Equal(100UL, snapshot.VenueSequence);
        Assert.Equal([new BookLevel(100_000_000_000, 5_000_000_000), new BookLevel(99_500_000_000, 2_000_000_000)], snapshot.Bids.ToArray());
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 105, 0, 1, 0), parser.Status(id));
        Assert.Equal(
            [
                (BookSide.Bid, BookAction.Set, 100_000_000_000L, 1_000_000_000L, 102UL, false),
                (BookSide.Ask, BookAction.Delete, 101_000_000_000L, 0L, 102UL, false),
                (BookSide.Ask, BookAction.Set, 102_000_000_000L, 7_500_000_000L, 102UL, true),
                (BookSide.Bid, BookAction.Set, 100_000_000_000L, 1_000_000_000L, 105UL, false),
                (BookSide.Ask, BookAction.Delete, 101_000_000_000L, 0L, 105UL, true),
            ],
            sink.Deltas.Select(d => (d.Delta.Side, d.Delta.Action, d.Delta.Price, d.Delta.Size, d.Delta.VenueSequence, d.End)));
        Assert.Equal("2021-07-22T22:25:41.024000000Z", UnixNanos.Format(sink.Deltas[0].Delta.TsEvent));
    }

    [Fact]
    public void Depth_OlderThanTheSnapshot_IsDroppedAsStale()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 100));
        Assert.Equal(BinanceDepthState.Bridging, parser.Status(sink.Instrument(Btc)).State);
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(97, 99, 96)));
        Assert.Empty(sink.Deltas);
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(100, 100, 99)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(101, 104, 100)));
        Assert.Equal(4, sink.Deltas.Count);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 104, 0, 1, 0), parser.Status(sink.Instrument(Btc)));
    }

    [Fact]
    public void Depth_WhosePuSkips_EmitsAGapAndNeedsASnapshot()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        ApplySnapshot(parser, sink, 100);
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(99, 101, 98)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(102, 103, 101)));

        Assert.Equal(ParseOutcome.Gap, Parse(parser, sink, Depth(111, 112, 110)));

        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((sink.Instrument(Btc), GapReason.SequenceGap, 103UL, 110UL), (gap.InstrumentId, gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 103, 0, 0, 1), parser.Status(sink.Instrument(Btc)));
        Assert.Equal(1, parser.SequenceGaps);
        Assert.Equal(4, sink.Deltas.Count);

        // Until a new snapshot, events wait in the buffer; the new one resyncs the book.
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Depth(113, 120, 112)));
        Assert.Equal(4, sink.Deltas.Count);
        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 115));
        Assert.Equal(6, sink.Deltas.Count);
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.Synced, 120, 0, 0, 1), parser.Status(sink.Instrument(Btc)));
    }

    [Fact]
    public void Snapshot_ThatNoEventBridges_EmitsAGap()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Depth(105, 110, 104));
        Assert.Equal(ParseOutcome.Gap, ApplySnapshot(parser, sink, 100));
        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((100UL, 105UL), (gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Empty(sink.Deltas);
        // The unbridgeable event stays buffered for the next snapshot.
        Assert.Equal(new BinanceDepthStatus(BinanceDepthState.NeedsSnapshot, 100, 1, 0, 1), parser.Status(sink.Instrument(Btc)));
        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 107));
        Assert.Equal(2, sink.Deltas.Count);
    }

    [Fact]
    public void Snapshot_WithABreakInTheBuffer_AppliesUpToItAndKeepsTheRest()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Depth(99, 101, 98));
        Parse(parser, sink, Depth(105, 106, 104)); // pu 104, but 101 came before: 102..104 are missing
        Parse(parser, sink, Depth(107, 108, 106));
        Assert.Equal(ParseOutcome.Gap, ApplySnapshot(parser, sink, 100));
        Assert.Equal(2, sink.Deltas.Count);
        Assert.Equal((101UL, 104UL), (sink.Gaps[0].ExpectedVenueSequence, sink.Gaps[0].ReceivedVenueSequence));
        Assert.Equal(2, parser.Status(sink.Instrument(Btc)).Buffered);
    }

    [Fact]
    public void Buffer_WhenFull_DropsTheOldestEvent()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        for (var u = 1; u <= BinanceParser.MaxBufferedEvents + 1; u++) Parse(parser, sink, Depth(u, u, u - 1));
        var status = parser.Status(sink.Instrument(Btc));
        Assert.Equal((BinanceParser.MaxBufferedEvents, 1L), (status.Buffered, status.DroppedStale));
        Assert.Equal(ParseOutcome.Events, ApplySnapshot(parser, sink, 2));
        Assert.Equal(BinanceParser.MaxBufferedEvents * 2, sink.Deltas.Count);
    }

    [Fact]
    public void Reset_AfterAReconnect_NeedsSnapshotsAgain()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        ApplySnapshot(parser, sink, 100);
        Parse(parser, sink, Depth(99, 101, 98));
        parser.Reset();
        Assert.Equal(BinanceDepthState.NeedsSnapshot, parser.Status(sink.Instrument(Btc)).State);
        Parse(parser, sink, Depth(150, 151, 149));
        Assert.Equal(2, sink.Deltas.Count);
        Assert.Empty(sink.Gaps);
    }

    [Fact]
    public void AggTrade_InAnyKeyOrder_WithBuyerAsMaker_IsASell()
    {
        var sink = new RecordingSink();
        const string Json = "{\"data\":{\"m\":true,\"T\":1626992741421,\"q\":\"0.5\",\"p\":\"31000.10\",\"s\":\"BTCUSDT\",\"a\":42,\"e\":\"aggTrade\"},\"stream\":\"btcusdt@aggTrade\"}";
        Assert.Equal(ParseOutcome.Events, Parse(new BinanceParser(), sink, Json));
        var trade = Assert.Single(sink.Trades);
        Assert.Equal((31_000_100_000_000L, 500_000_000L, Side.Sell, 42UL, Now), (trade.Price, trade.Size, trade.Aggressor, trade.TradeId, trade.TsRecv));
    }

    [Fact]
    public void RawStreamEvent_WithoutTheCombinedEnvelope_IsParsed()
    {
        var sink = new RecordingSink();
        const string Json = "{\"e\":\"bookTicker\",\"u\":7,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\",\"T\":1626992741012,\"E\":1626992741017}";
        Assert.Equal(ParseOutcome.Events, Parse(new BinanceParser(), sink, Json));
        Assert.Equal(7UL, Assert.Single(sink.Quotes).VenueSequence);
    }

    [Theory]
    [InlineData("{\"result\":null,\"id\":1}")]
    [InlineData("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\",\"k\":{\"t\":1,\"s\":\"BTCUSDT\",\"B\":\"0\"}}}")]
    [InlineData("{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"P\":\"1\",\"r\":\"0.0001\",\"T\":1}}")]
    public void ControlMessage_IsNotAnEvent(string json)
    {
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Control, Parse(new BinanceParser(), sink, json, out var reason));
        Assert.Equal("", reason);
        Assert.Empty(sink.Trades);
    }

    [Theory]
    [InlineData("{\"stream\":\"x\",\"data\":{\"e\":\"aggTrade\"", "malformed-json")]
    [InlineData("[1,2]", "malformed-json")]
    [InlineData("{\"stream\":\"x\",\"data\":[1]}", "malformed-json")]
    [InlineData("{\"stream\":\"x\",\"data\":{\"e\":\"liquidationSnapshot\",\"s\":\"BTCUSDT\"}}", "unknown-type: event 'liquidationSnapshot'")]
    [InlineData("{\"stream\":\"x\",\"data\":{\"s\":\"BTCUSDT\"}}", "unknown-type")]
    [InlineData("{\"ping\":1}", "unknown-type")]
    [InlineData("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", "venue-error: Invalid symbol.")]
    [InlineData("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}", "venue-error: {\"code\":2,\"msg\":\"Invalid request\"}")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":7,\"s\":\"BTCUSDT\",\"b\":\"abc\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\"}}", "malformed-field: 'b' in bookTicker")]
    [InlineData("{\"data\":{\"e\":\"bookTicker\",\"u\":7,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"a\":\"1.6\",\"A\":\"3\"}}", "malformed-field: bookTicker needs")]
    [InlineData("{\"data\":{\"e\":\"aggTrade\",\"a\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"m\":false}}", "malformed-field: aggTrade needs")]
    [InlineData("{\"data\":{\"e\":\"aggTrade\",\"a\":1,\"p\":\"1\",\"q\":\"1\",\"m\":false}}", "malformed-field: aggTrade without 's'")]
    [InlineData("{\"data\":{\"e\":\"aggTrade\",\"a\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"-1\",\"m\":false}}", "malformed-field: aggTrade needs")]
    [InlineData("{\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"b\":[],\"a\":[]}}", "malformed-field: depthUpdate needs")]
    [InlineData("{\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[[\"1\",\"-1\"]],\"a\":[]}}", "malformed-field: a level")]
    [InlineData("{\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[],\"a\":[[\"1\"]]}}", "malformed-field: a level")]
    public void BadMessage_IsRejectedWithAReason(string json, string expected)
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Rejected, Parse(parser, sink, json, out var reason));
        Assert.StartsWith(expected, reason, StringComparison.Ordinal);
        Assert.Equal(0, parser.Status(sink.Instrument(Btc)).Buffered);
    }

    [Theory]
    [InlineData("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", "venue-error: Invalid symbol.")]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[", "malformed-json")]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[[\"1\",\"x\"]],\"asks\":[]}", "malformed-field")]
    [InlineData("{\"bids\":[],\"asks\":[]}", "malformed-field")]
    public void BadSnapshot_IsRejectedWithAReason_AndEmitsNothing(string body, string expected)
    {
        var sink = new RecordingSink();
        var outcome = new BinanceParser().ApplyDepthSnapshot(Encoding.UTF8.GetBytes(body), Btc, Now, sink, out var reason);
        Assert.Equal(ParseOutcome.Rejected, outcome);
        Assert.StartsWith(expected, reason, StringComparison.Ordinal);
        Assert.Empty(sink.Snapshots);
    }
}
