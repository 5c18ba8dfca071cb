using System.Text.Json;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Capture;
using Market.Core.Journal;
using Market.Core.Tests.Support;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Feeds.Binance;

/// <summary>The parser against the real capture, fed every WebSocket frame and depth snapshot in file order.</summary>
public sealed class BinanceParserCaptureTests
{
    private static (BinanceParser Parser, RecordingSink Sink) FeedAll(IEnumerable<CaptureFrame> frames)
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        foreach (var frame in frames)
        {
            var outcome = BinanceCapture.Feed(parser, frame, sink, out var reason);
            Assert.True(outcome is ParseOutcome.Events or ParseOutcome.Control, $"{outcome}: {reason}");
        }
        return (parser, sink);
    }

    [Fact]
    public void RealCapture_EveryFrameIsUnderstood_WithNoGapsAndNoRejects()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        var outcomes = new Dictionary<ParseOutcome, int>();
        foreach (var frame in BinanceCapture.Frames())
        {
            var outcome = BinanceCapture.Feed(parser, frame, sink, out var reason);
            Assert.True(outcome != ParseOutcome.Rejected, reason);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.Equal(764 + 613 + 91 + 67 + 4, outcomes.Values.Sum());
        Assert.Equal(67, outcomes[ParseOutcome.Control]); // kline_1m
        Assert.False(outcomes.ContainsKey(ParseOutcome.Gap));
        Assert.Empty(sink.Gaps);
        Assert.Equal(0, parser.SequenceGaps);
        foreach (var symbol in BinanceCapture.Symbols)
        {
            var status = parser.Status(sink.Instrument(System.Text.Encoding.UTF8.GetBytes(symbol)));
            Assert.Equal((BinanceDepthState.Synced, 0, 0L), (status.State, status.Buffered, status.Gaps));
        }
    }

    [Fact]
    public void RealCapture_CountsMatchAnIndependentReading()
    {
        // Expected figures read with System.Text.Json, independently of the parser.
        var lastUpdateId = new Dictionary<string, long>();
        var snapshotLevels = new Dictionary<string, int>();
        var deltas = new Dictionary<string, int>();
        var stale = new Dictionary<string, int>();
        int trades = 0, quotes = 0, batches = 0;
        foreach (var frame in BinanceCapture.Frames())
        {
            using var doc = JsonDocument.Parse(frame.Data);
            if (BinanceCapture.DepthSymbol(frame) is { } symbol)
            {
                lastUpdateId[symbol] = doc.RootElement.GetProperty("lastUpdateId").GetInt64();
                snapshotLevels[symbol] = doc.RootElement.GetProperty("bids").GetArrayLength() + doc.RootElement.GetProperty("asks").GetArrayLength();
                continue;
            }
            var data = doc.RootElement.GetProperty("data");
            switch (data.GetProperty("e").GetString())
            {
                case "aggTrade": trades++; break;
                case "bookTicker": quotes++; break;
                case "depthUpdate":
                    var s = data.GetProperty("s").GetString()!;
                    if (data.GetProperty("u").GetInt64() < lastUpdateId[s])
                    {
                        stale[s] = stale.GetValueOrDefault(s) + 1;
                        break;
                    }
                    var levels = data.GetProperty("b").GetArrayLength() + data.GetProperty("a").GetArrayLength();
                    deltas[s] = deltas.GetValueOrDefault(s) + levels;
                    batches += levels > 0 ? 1 : 0;
                    break;
            }
        }

        var (parser, sink) = FeedAll(BinanceCapture.Frames());

        Assert.Equal(91, trades);
        Assert.Equal(613, quotes);
        Assert.Equal(trades, sink.Trades.Count);
        Assert.Equal(quotes, sink.Quotes.Count);
        Assert.Equal(deltas.Values.Sum(), sink.Deltas.Count);
        Assert.Equal(6252, sink.Deltas.Count);
        Assert.Equal(batches, sink.Deltas.Count(d => d.End));
        Assert.Equal(4, sink.Snapshots.Count);
        foreach (var snapshot in sink.Snapshots)
        {
            var symbol = sink.Symbol(snapshot.InstrumentId);
            Assert.Equal((ulong)lastUpdateId[symbol], snapshot.VenueSequence);
            Assert.Equal(snapshotLevels[symbol], snapshot.Bids.Length + snapshot.Asks.Length);
            Assert.True(snapshot.Bids.Span[0].Price < snapshot.Asks.Span[0].Price, "snapshot is crossed");
            Assert.Equal(deltas[symbol], sink.Deltas.Count(d => d.Delta.InstrumentId == snapshot.InstrumentId));
            Assert.Equal(stale.GetValueOrDefault(symbol), parser.Status(snapshot.InstrumentId).DroppedStale);
        }
    }

    [Fact]
    public void RealCapture_EachSymbol_GetsOneSnapshotThenDeltasFromItsBridge()
    {
        var (parser, sink) = FeedAll(BinanceCapture.Frames());
        foreach (var symbol in BinanceCapture.Symbols)
        {
            var snapshot = Assert.Single(sink.Snapshots, s => sink.Symbol(s.InstrumentId) == symbol);
            var own = sink.Deltas.Where(d => d.Delta.InstrumentId == snapshot.InstrumentId).Select(d => d.Delta).ToList();
            Assert.NotEmpty(own);
            // The first applied event spans lastUpdateId, so its u is at least it; sequences never go back.
            Assert.True(own[0].VenueSequence >= snapshot.VenueSequence);
            Assert.Equal(own.Select(d => d.VenueSequence).Order(), own.Select(d => d.VenueSequence));
            Assert.Equal(own[^1].VenueSequence, (ulong)parser.Status(snapshot.InstrumentId).LastUpdateId);
        }
    }

    [Fact]
    public void RealCapture_TradeAndQuote_CarryTheFilesValues()
    {
        var (_, sink) = FeedAll(BinanceCapture.Frames());

        // {"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false}
        var trade = sink.Trades.Single(t => t.TradeId == 16599292);
        Assert.Equal("CTKUSDT", sink.Symbol(trade.InstrumentId));
        Assert.Equal(1_011_000_000, trade.Price);
        Assert.Equal(10_000_000_000, trade.Size);
        Assert.Equal(Side.Buy, trade.Aggressor); // m=false: the seller was the maker, a buyer took the ask
        Assert.Equal("2021-07-22T22:25:41.421000000Z", UnixNanos.Format(trade.TsEvent));
        Assert.Contains(sink.Trades, t => t.Aggressor == Side.Sell);

        // {"e":"bookTicker","u":600859600576,"s":"SUSHIUSDT","b":"7.6110","B":"2","a":"7.6120","A":"297","T":1626992741012,"E":1626992741017}
        var quote = sink.Quotes[0];
        Assert.Equal("SUSHIUSDT", sink.Symbol(quote.InstrumentId));
        Assert.Equal((7_611_000_000L, 2_000_000_000L, 7_612_000_000L, 297_000_000_000L), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Equal(600859600576UL, quote.VenueSequence);
        Assert.Equal("2021-07-22T22:25:41.012000000Z", UnixNanos.Format(quote.TsEvent));
    }

    [Fact]
    public void RealCapture_AggTradeIds_AreContiguousPerSymbol()
    {
        var (_, sink) = FeedAll(BinanceCapture.Frames());
        foreach (var group in sink.Trades.GroupBy(t => t.InstrumentId))
        {
            var ids = group.Select(t => t.TradeId).ToList();
            for (var i = 1; i < ids.Count; i++) Assert.Equal(ids[i - 1] + 1, ids[i]);
        }
    }

    [Fact]
    public void RealCapture_RebuiltBooks_AreNeverCrossed_AndMatchBookTickerWhereUpdateIdsMeet()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        var books = new Dictionary<uint, OrderBook>();
        var topAt = new Dictionary<(uint, ulong), (BookLevel Bid, BookLevel Ask)>();
        int snapshots = 0, deltas = 0;
        foreach (var frame in BinanceCapture.Frames())
        {
            BinanceCapture.Feed(parser, frame, sink, out _);
            for (; snapshots < sink.Snapshots.Count; snapshots++)
            {
                var snapshot = sink.Snapshots[snapshots];
                if (!books.TryGetValue(snapshot.InstrumentId, out var fresh)) books[snapshot.InstrumentId] = fresh = new OrderBook();
                fresh.Apply(snapshot);
                Assert.False(fresh.IsCrossed);
            }
            for (; deltas < sink.Deltas.Count; deltas++)
            {
                var (delta, end) = sink.Deltas[deltas];
                var book = books[delta.InstrumentId];
                Assert.True(book.Apply(delta));
                if (!end) continue; // within one venue event a side may move before the other
                Assert.False(book.IsCrossed, $"{sink.Symbol(delta.InstrumentId)} crossed at u={delta.VenueSequence}");
                topAt[(delta.InstrumentId, delta.VenueSequence)] = (book.BestBid!.Value, book.BestAsk!.Value);
            }
        }
        // In this capture 50 of the 613 bookTickers carry the u of a depth event; at each the rebuilt top matches exactly.
        var shared = sink.Quotes.Where(q => topAt.ContainsKey((q.InstrumentId, q.VenueSequence))).ToList();
        Assert.Equal(50, shared.Count);
        foreach (var quote in shared)
        {
            var (bid, ask) = topAt[(quote.InstrumentId, quote.VenueSequence)];
            Assert.Equal((quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize), (bid.Price, bid.Size, ask.Price, ask.Size));
        }
    }

    [Fact]
    public void RealCapture_InReceiveTimeOrder_BuffersEarlyDepth_AndBuildsTheSameBooks()
    {
        // The recorder wrote the REST snapshots first, though each arrived after a depth event for its symbol.
        var (fileParser, inFileOrder) = FeedAll(BinanceCapture.Frames());
        var timeParser = new BinanceParser();
        var inTimeOrder = new RecordingSink();
        var mostBuffered = 0;
        foreach (var frame in BinanceCapture.Frames().OrderBy(f => f.TsRecv))
        {
            var outcome = BinanceCapture.Feed(timeParser, frame, inTimeOrder, out var reason);
            Assert.True(outcome is ParseOutcome.Events or ParseOutcome.Control, $"{outcome}: {reason}");
            foreach (var symbol in BinanceCapture.Symbols)
            {
                mostBuffered = Math.Max(mostBuffered, timeParser.Status(inTimeOrder.Instrument(System.Text.Encoding.UTF8.GetBytes(symbol))).Buffered);
            }
        }

        Assert.Equal(1, mostBuffered); // one early event per symbol, already covered by its snapshot
        Assert.Equal(inFileOrder.Deltas.Select(d => d.Delta), inTimeOrder.Deltas.Select(d => d.Delta));
        Assert.Equal(4, inTimeOrder.Snapshots.Count);
        foreach (var symbol in BinanceCapture.Symbols)
        {
            var id = inTimeOrder.Instrument(System.Text.Encoding.UTF8.GetBytes(symbol));
            var status = timeParser.Status(id);
            Assert.Equal((BinanceDepthState.Synced, 0), (status.State, status.Buffered));
            var fileStatus = fileParser.Status(inFileOrder.Instrument(System.Text.Encoding.UTF8.GetBytes(symbol)));
            Assert.Equal((fileStatus.LastUpdateId, fileStatus.DroppedStale), (status.LastUpdateId, status.DroppedStale));
        }
    }

    [Fact]
    public void RealCapture_IntoAJournal_ReadsBackWithTheSameCounts()
    {
        using var journal = new InMemoryJournal("binance-futures");
        using var writer = journal.OpenWriter();
        var sink = new JournalEventSink(writer);
        var parser = new BinanceParser();
        foreach (var frame in BinanceCapture.Frames()) BinanceCapture.Feed(parser, frame, sink, out _);
        using var reader = journal.OpenReader();
        var byKind = new Dictionary<EventKind, long>();
        while (reader.TryRead(out var record)) byKind[record.Kind] = byKind.GetValueOrDefault(record.Kind) + 1;
        foreach (var kind in new[] { EventKind.Trade, EventKind.BookDelta, EventKind.BookSnapshot, EventKind.Quote })
        {
            Assert.Equal(sink.Count(kind), byKind[kind]);
        }
        Assert.Equal(BinanceCapture.Symbols.Order(), journal.Symbols.All().Select(p => p.Value).Order());
    }
}
