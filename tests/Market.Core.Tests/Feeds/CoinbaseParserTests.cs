using System.Text;
using System.Text.Json;
using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Coinbase;
using Market.Core.Journal;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds;

public sealed class CoinbaseParserTests
{
    private const long Now = 1_786_309_548_000_000_000;
    private static readonly string Capture = SharedData.File("coinbase_advanced_trade_ws.jsonl");

    private static IEnumerable<CaptureFrame> Messages() => CaptureReader.Read(Capture).Where(f => f.Type == "recv");

    [Fact]
    public void RealCapture_EveryMessageIsUnderstood_WithNoGapsAndNoRejects()
    {
        var parser = new CoinbaseParser();
        var sink = new RecordingSink();
        var outcomes = new Dictionary<ParseOutcome, int>();
        foreach (var frame in Messages())
        {
            var outcome = parser.Parse(frame.Data, frame.TsRecv, sink, out var reason);
            Assert.True(outcome != ParseOutcome.Rejected, reason);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.Equal(1030, outcomes.Values.Sum());
        Assert.Equal(25, outcomes[ParseOutcome.Heartbeat]);
        Assert.Equal(11, outcomes[ParseOutcome.Control]); // 5 subscription acks, 6 candle messages
        Assert.False(outcomes.ContainsKey(ParseOutcome.Gap));
        Assert.Empty(sink.Gaps);
        Assert.Equal(0, parser.SequenceGaps);
    }

    [Fact]
    public void RealCapture_CountsAndValuesMatchAnIndependentReading()
    {
        // Expected figures read with System.Text.Json, independently of the parser.
        long deltas = 0, tickers = 0;
        var snapshotLevels = new Dictionary<string, int>();
        var tradeIds = new HashSet<string>();
        foreach (var frame in Messages())
        {
            using var doc = JsonDocument.Parse(frame.Data);
            var channel = doc.RootElement.GetProperty("channel").GetString();
            foreach (var evt in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                if (channel == "l2_data" && evt.GetProperty("type").GetString() == "update") deltas += evt.GetProperty("updates").GetArrayLength();
                if (channel == "l2_data" && evt.GetProperty("type").GetString() == "snapshot")
                {
                    snapshotLevels[evt.GetProperty("product_id").GetString()!] = evt.GetProperty("updates").EnumerateArray().Count(u => u.GetProperty("new_quantity").GetString() != "0");
                }
                if (channel == "market_trades") foreach (var t in evt.GetProperty("trades").EnumerateArray()) tradeIds.Add(t.GetProperty("product_id").GetString() + t.GetProperty("trade_id").GetString());
                if (channel == "ticker") tickers += evt.GetProperty("tickers").GetArrayLength();
            }
        }

        var parser = new CoinbaseParser();
        var sink = new RecordingSink();
        foreach (var frame in Messages()) parser.Parse(frame.Data, frame.TsRecv, sink, out _);

        Assert.Equal(deltas, sink.Deltas.Count);
        Assert.Equal(2, sink.Snapshots.Count);
        foreach (var snapshot in sink.Snapshots)
        {
            Assert.Equal(snapshotLevels[sink.Symbol(snapshot.InstrumentId)], snapshot.Bids.Length + snapshot.Asks.Length);
            Assert.True(snapshot.Bids.Span[0].Price < snapshot.Asks.Span[0].Price, "snapshot is crossed");
        }
        Assert.Equal(tradeIds.Count, sink.Trades.Count);
        Assert.Equal(tickers, sink.Quotes.Count);
        Assert.Equal(773, sink.Deltas.Count(d => d.End)); // one end-of-batch per update message

        // A trade straight from the file: trade 1068572090, SELL at 65083.67 (the best ask: a buyer took it).
        var trade = sink.Trades.Single(t => t.TradeId == 1068572090);
        Assert.Equal("BTC-USD", sink.Symbol(trade.InstrumentId));
        Assert.Equal(65_083_670_000_000, trade.Price);
        Assert.Equal(2_186_000, trade.Size);
        Assert.Equal(Side.Buy, trade.Aggressor);
        Assert.Equal("2026-08-09T21:05:42.514318000Z", UnixNanos.Format(trade.TsEvent));
        // Trades come out oldest first per instrument.
        foreach (var group in sink.Trades.GroupBy(t => t.InstrumentId)) Assert.Equal(group.Select(t => t.TradeId).Order(), group.Select(t => t.TradeId));
    }

    [Fact]
    public void RealCapture_IntoAJournal_ReadsBackWithTheSameCounts()
    {
        using var journal = new InMemoryJournal("coinbase");
        using var writer = journal.OpenWriter();
        var sink = new JournalEventSink(writer);
        var parser = new CoinbaseParser();
        foreach (var frame in Messages()) parser.Parse(frame.Data, frame.TsRecv, sink, out _);
        using var reader = journal.OpenReader();
        var byKind = new Dictionary<EventKind, long>();
        while (reader.TryRead(out var record)) byKind[record.Kind] = byKind.GetValueOrDefault(record.Kind) + 1;
        foreach (var kind in new[] { EventKind.Trade, EventKind.BookDelta, EventKind.BookSnapshot, EventKind.Quote })
        {
            Assert.Equal(sink.Count(kind), byKind[kind]);
        }
        Assert.Equal(["BTC-USD", "ETH-USD"], journal.Symbols.All().Select(p => p.Value).Order());
    }

    private static ParseOutcome Parse(CoinbaseParser parser, RecordingSink sink, string json, out string reason) =>
        parser.Parse(Encoding.UTF8.GetBytes(json), Now, sink, out reason);

    [Theory]
    [InlineData("{\"channel\":\"l2_data\",\"events\":[", "malformed-json")]
    [InlineData("[1,2,3]", "malformed-json")]
    [InlineData("{\"channel\":\"futures_balance\",\"events\":[]}", "unknown-type: channel 'futures_balance'")]
    [InlineData("{\"type\":\"error\",\"message\":\"failure to subscribe\"}", "venue-error: failure to subscribe")]
    [InlineData("{\"channel\":\"ticker\",\"timestamp\":\"2026-08-09T21:05:48Z\",\"sequence_num\":1,\"events\":[{\"tickers\":[{\"product_id\":\"BTC-USD\",\"best_bid\":\"abc\",\"best_ask\":\"1\",\"best_bid_quantity\":\"1\",\"best_ask_quantity\":\"1\"}]}]}", "malformed-field")]
    [InlineData("{\"channel\":\"market_trades\",\"timestamp\":\"2026-08-09T21:05:48Z\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"product_id\":\"BTC-USD\",\"trade_id\":\"5\",\"size\":\"1\"}]}]}", "malformed-field")]
    [InlineData("{\"channel\":\"l2_data\",\"timestamp\":\"yesterday\",\"events\":[]}", "malformed-field: timestamp")]
    public void BadMessage_IsRejectedWithAReason(string json, string expected)
    {
        var outcome = Parse(new CoinbaseParser(), new RecordingSink(), json, out var reason);
        Assert.Equal(ParseOutcome.Rejected, outcome);
        Assert.StartsWith(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SequenceGap_EmitsAGap_AndDropsBookUpdatesUntilTheNextSnapshot()
    {
        var parser = new CoinbaseParser();
        var sink = new RecordingSink();
        const string Snapshot = "{\"channel\":\"l2_data\",\"timestamp\":\"2026-08-09T21:05:48Z\",\"sequence_num\":__,\"events\":[{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2026-08-09T21:05:48Z\",\"price_level\":\"100\",\"new_quantity\":\"1\"},{\"side\":\"offer\",\"event_time\":\"2026-08-09T21:05:48Z\",\"price_level\":\"101\",\"new_quantity\":\"2\"}]}]}";
        const string Update = "{\"channel\":\"l2_data\",\"timestamp\":\"2026-08-09T21:05:49Z\",\"sequence_num\":__,\"events\":[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2026-08-09T21:05:49Z\",\"price_level\":\"100\",\"new_quantity\":\"0\"}]}]}";
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Snapshot.Replace("__", "0", StringComparison.Ordinal), out _));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Update.Replace("__", "1", StringComparison.Ordinal), out _));
        Assert.Single(sink.Deltas);
        Assert.Equal(BookAction.Delete, sink.Deltas[0].Delta.Action);

        Assert.Equal(ParseOutcome.Gap, Parse(parser, sink, Update.Replace("__", "5", StringComparison.Ordinal), out _));
        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((GapReason.SequenceGap, 2UL, 5UL), (gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Single(sink.Deltas); // the update after the gap was not applied to a book we no longer trust
        Assert.Equal(1, parser.DeltasAwaitingSnapshot);

        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Snapshot.Replace("__", "6", StringComparison.Ordinal), out _));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Update.Replace("__", "7", StringComparison.Ordinal), out _));
        Assert.Equal(2, sink.Deltas.Count);
    }

    [Fact]
    public void Reset_AfterAReconnect_StartsANewSequenceWithoutAGap()
    {
        var parser = new CoinbaseParser();
        var sink = new RecordingSink();
        const string Heartbeat = "{\"channel\":\"heartbeats\",\"timestamp\":\"2026-08-09T21:05:48Z\",\"sequence_num\":__,\"events\":[{\"heartbeat_counter\":1}]}";
        Assert.Equal(ParseOutcome.Heartbeat, Parse(parser, sink, Heartbeat.Replace("__", "40", StringComparison.Ordinal), out _));
        parser.Reset();
        Assert.Equal(ParseOutcome.Heartbeat, Parse(parser, sink, Heartbeat.Replace("__", "0", StringComparison.Ordinal), out _));
        Assert.Empty(sink.Gaps);
    }

    [Fact]
    public void KeysInAnyOrder_GiveTheSameEvents_AsCoinbasesOwnOrder()
    {
        const string InOrder = "{\"channel\":\"l2_data\",\"timestamp\":\"2026-08-09T21:05:48Z\",\"sequence_num\":__,\"events\":[{\"type\":\"TYPE\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2026-08-09T21:05:48.1Z\",\"price_level\":\"100\",\"new_quantity\":\"1\"},{\"side\":\"offer\",\"event_time\":\"2026-08-09T21:05:48.1Z\",\"price_level\":\"101\",\"new_quantity\":\"2\"}]}]}";
        const string Reversed = "{\"events\":[{\"updates\":[{\"new_quantity\":\"1\",\"price_level\":\"100\",\"event_time\":\"2026-08-09T21:05:48.1Z\",\"side\":\"bid\"},{\"new_quantity\":\"2\",\"price_level\":\"101\",\"event_time\":\"2026-08-09T21:05:48.1Z\",\"side\":\"offer\"}],\"product_id\":\"BTC-USD\",\"type\":\"TYPE\"}],\"sequence_num\":__,\"timestamp\":\"2026-08-09T21:05:48Z\",\"channel\":\"l2_data\"}";
        RecordingSink Run(string template)
        {
            var parser = new CoinbaseParser();
            var sink = new RecordingSink();
            Assert.Equal(ParseOutcome.Events, Parse(parser, sink, template.Replace("TYPE", "snapshot", StringComparison.Ordinal).Replace("__", "0", StringComparison.Ordinal), out var r1));
            Assert.Equal(ParseOutcome.Events, Parse(parser, sink, template.Replace("TYPE", "update", StringComparison.Ordinal).Replace("__", "1", StringComparison.Ordinal), out var r2));
            Assert.Equal("", r1 + r2);
            return sink;
        }
        var inOrder = Run(InOrder);
        var reversed = Run(Reversed);
        Assert.Equal(inOrder.Deltas, reversed.Deltas);
        Assert.Equal(2, reversed.Deltas.Count);
        Assert.Equal(inOrder.Snapshots.Single().Bids.ToArray(), reversed.Snapshots.Single().Bids.ToArray());
        Assert.Equal(inOrder.Snapshots.Single().Asks.ToArray(), reversed.Snapshots.Single().Asks.ToArray());
    }
}
