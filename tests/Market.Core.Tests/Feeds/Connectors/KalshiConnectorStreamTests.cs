using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Market.Core.Feeds.Connectors;
using Market.Core.Feeds.Kalshi;
using Signals.Library;
using static Market.Core.Tests.Feeds.Connectors.KalshiTestKit;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class KalshiConnectorStreamTests : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public void Dispose() => _key.Dispose();

    /// <summary>Subscribed replies, a book, then the real trade and ticker samples.</summary>
    private static List<byte[]> Session() => [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades, .. TickerFrames];

    private static Task Received(ObservedSink sink, Support.RecordingSink expected) => sink.When(r =>
        r.Trades.Count == expected.Trades.Count && r.Quotes.Count == expected.Quotes.Count
        && r.Deltas.Count == expected.Deltas.Count && r.Snapshots.Count == expected.Snapshots.Count).WaitAsync(ConnectorTestKit.Patience);

    [Fact]
    public async Task Run_SamplesReplayedAfterABook_StreamsEverythingAsParsingItDirectly()
    {
        var session = Session();
        await using var server = await StartServerAsync(_key, async c =>
        {
            await c.ReadAsync(1);
            await c.SendAllAsync(session);
            await c.HoldAsync();
        });
        await using var kit = new KalshiTestKit(server.Endpoint, _key);
        var expected = ParseDirectly(session);

        kit.Runner.Start();
        await Received(kit.Sink, expected);

        var got = kit.Sink.Recorded;
        Assert.Equal(10, got.Trades.Count);
        Assert.Equal(expected.Trades.Select(t => (t.Price, t.Size, t.Aggressor, t.TradeId, t.TsEvent)), got.Trades.Select(t => (t.Price, t.Size, t.Aggressor, t.TradeId, t.TsEvent)));
        // The first trade: yes at "0.7700" for "75.00", taker bought yes.
        Assert.Equal((77 * Cent, 75 * FixedPoint.Scale, Side.Buy), (got.Trades[0].Price, got.Trades[0].Size, got.Trades[0].Aggressor));
        Assert.Equal(10, got.Quotes.Count);
        Assert.Equal(expected.Quotes.Select(q => (q.BidPrice, q.BidSize, q.AskPrice, q.AskSize)), got.Quotes.Select(q => (q.BidPrice, q.BidSize, q.AskPrice, q.AskSize)));
        // The first ticker: yes bid "0.0400" × 14, ask "0.9500" × 84.
        Assert.Equal((4 * Cent, 14 * FixedPoint.Scale, 95 * Cent, 84 * FixedPoint.Scale), (got.Quotes[0].BidPrice, got.Quotes[0].BidSize, got.Quotes[0].AskPrice, got.Quotes[0].AskSize));
        Assert.Equal(expected.Deltas.Select(d => (d.Delta.Side, d.Delta.Action, d.Delta.Price, d.Delta.Size)), got.Deltas.Select(d => (d.Delta.Side, d.Delta.Action, d.Delta.Price, d.Delta.Size)));
        AssertBook(ExpectedBook, Book(Assert.Single(got.Snapshots), got.Deltas));
        // The sample's trade seq jumps 10 → 48: a gap on the trade subscription, which no resubscribe can repair.
        Assert.Equal(expected.Gaps.Count, got.Gaps.Count);
        Assert.Equal(1, kit.Runner.Metrics.Gaps);
        Assert.Equal(0, kit.Runner.Metrics.Resyncs);
        Assert.Equal([ExpectedSubscribe], server.Received);
        Assert.Equal(BookSid, kit.Connector.OrderbookSid);
        var metrics = kit.Runner.Metrics;
        Assert.Equal(session.Count, metrics.Messages);
        Assert.Equal(session.Sum(f => (long)f.Length), metrics.Bytes);
        Assert.Equal(10, metrics.Events(EventKind.Trade));
        Assert.Equal(0, metrics.ParseRejects);
        Assert.Equal(0, kit.DeadLetters.Total);
        Assert.Equal((1, 0), (server.Connections, server.Refused));
    }

    [Fact]
    public async Task Run_Connects_SignedHandshakeThenOneSubscribeWithTheDefinitionsChannelsAndTickers()
    {
        string? keyId = null, timestamp = null;
        await using var server = await StartServerAsync(_key, async c =>
        {
            keyId = c.RequestHeaders[KalshiSigner.KeyHeader];
            timestamp = c.RequestHeaders[KalshiSigner.TimestampHeader];
            await c.ReadAsync(1);
            await c.SendAllAsync(Acks());
            await c.HoldAsync();
        });
        await using var kit = new KalshiTestKit(server.Endpoint, _key);

        kit.Runner.Start();
        await kit.WaitForStateAsync(FeedState.Streaming);

        using var command = JsonDocument.Parse(Assert.Single(server.Received));
        var root = command.RootElement;
        Assert.Equal(1, root.GetProperty("id").GetInt32());
        Assert.Equal("subscribe", root.GetProperty("cmd").GetString());
        Assert.Equal(Channels, root.GetProperty("params").GetProperty("channels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Tickers, root.GetProperty("params").GetProperty("market_tickers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(KeyId, keyId);
        Assert.Equal(SignerStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), timestamp);
    }

    [Fact]
    public async Task Run_HandshakeSignedWithAnotherKey_RefusedAndBacksOffWithoutStreaming()
    {
        using var otherKey = RSA.Create(2048);
        await using var server = await StartServerAsync(_key, c => c.HoldAsync());
        await using var kit = new KalshiTestKit(server.Endpoint, otherKey);

        kit.Runner.Start();
        var backingOff = await kit.WaitForStateAsync(FeedState.BackingOff, 2);

        Assert.Contains("401", backingOff.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(kit.Seen, s => s.State is FeedState.Subscribed or FeedState.Streaming);
        Assert.All(kit.Seen, s => Assert.DoesNotContain(KeyId, s.Reason, StringComparison.Ordinal));
        Assert.Equal(0, server.Connections);
        Assert.True(server.Refused >= 2);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Run_ServerDropsMidStream_ReconnectsWithAFreshSignatureResubscribesAndGetsANewSnapshot()
    {
        // Trades from seq 48 on: consecutive, so any gap below would be the connector's fault.
        List<byte[]> first = [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades.Skip(1).Take(4)];
        List<byte[]> second = [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades.Skip(1), .. TickerFrames];
        var expectedFirst = ParseDirectly(first);
        var expectedSecond = ParseDirectly(second);
        var timestamps = new List<string>();
        KalshiTestKit? kit = null;
        await using var server = await StartServerAsync(_key, async c =>
        {
            lock (timestamps) timestamps.Add(c.RequestHeaders[KalshiSigner.TimestampHeader].ToString());
            if (c.Index > 2)
            {
                await c.HoldAsync();
                return;
            }
            await c.ReadAsync(1);
            if (c.Index == 2)
            {
                await c.SendAllAsync(second);
                await c.HoldAsync();
                return;
            }
            await c.SendAllAsync(first);
            // Drop only once the client has everything sent, so the counts below are exact.
            await Received(kit!.Sink, expectedFirst);
            kit.SignerClock.Now += TimeSpan.FromSeconds(1);
            c.Abort();
        });
        kit = new KalshiTestKit(server.Endpoint, _key);
        await using var owned = kit;

        kit.Runner.Start();
        await kit.WaitForStateAsync(FeedState.Streaming, 2);
        await kit.Sink.When(r => r.Quotes.Count == expectedSecond.Quotes.Count && r.Trades.Count == expectedFirst.Trades.Count + expectedSecond.Trades.Count)
            .WaitAsync(ConnectorTestKit.Patience);

        Assert.Equal(
            [FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming, FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming],
            kit.Seen.Select(s => s.State));
        Assert.Equal([ExpectedSubscribe, ExpectedSubscribe], server.Received);
        var start = SignerStart.ToUnixTimeMilliseconds();
        lock (timestamps) Assert.Equal([start.ToString(CultureInfo.InvariantCulture), (start + 1000).ToString(CultureInfo.InvariantCulture)], timestamps);
        var got = kit.Sink.Recorded;
        // Both connections start at seq 1 (book) and 48 (trades): without a parser reset these would be gaps.
        Assert.Empty(got.Gaps);
        Assert.Equal(0, kit.Runner.Metrics.Gaps);
        Assert.Equal(2, got.Snapshots.Count);
        Assert.Equal(expectedFirst.Deltas.Count + expectedSecond.Deltas.Count, got.Deltas.Count);
        AssertBook(ExpectedBook, Book(got.Snapshots[1], got.Deltas.Skip(expectedFirst.Deltas.Count)));
        Assert.Equal(1, kit.Runner.Metrics.Reconnects);
        Assert.Equal(0, server.Refused);
    }

    [Fact]
    public async Task Run_SequenceSkipsOnTheBook_GapCountedOrderbookResubscribedAndTheNewSnapshotRebuildsIt()
    {
        List<string>? resync = null;
        byte[][] afterResync =
        [
            Encoding.UTF8.GetBytes("""{"id":2,"type":"unsubscribed","sid":3}"""),
            Subscribed(3, "orderbook_delta", 4),
            Snapshot(4, 1, yes: "[[40,10],[41,20]]", no: "[[55,30]]"),
            Delta(4, 2, "no", 55, 5),
        ];
        await using var server = await StartServerAsync(_key, async c =>
        {
            await c.ReadAsync(1);
            // seq 3 and 4 never arrive; the delta at 6 follows the gap and must not be applied.
            await c.SendAllAsync([.. Acks(), Snapshot(BookSid, 1), Delta(BookSid, 2, "yes", 46, -50), Delta(BookSid, 5, "yes", 48, 10), Delta(BookSid, 6, "yes", 47, 1)]);
            resync = await c.ReadAsync(2);
            await c.SendAllAsync(afterResync);
            await c.HoldAsync();
        });
        await using var kit = new KalshiTestKit(server.Endpoint, _key);

        kit.Runner.Start();
        await kit.Sink.When(r => r.Snapshots.Count == 2 && r.Deltas.Count == 2).WaitAsync(ConnectorTestKit.Patience);

        Assert.Equal(
            [
                """{"id":2,"cmd":"unsubscribe","params":{"sids":[3]}}""",
                """{"id":3,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_tickers":["KXTEST-1","KXBTCD-26FEB1217-T67749.99"]}}""",
            ],
            resync);
        var got = kit.Sink.Recorded;
        var gap = Assert.Single(got.Gaps);
        Assert.Equal((GapReason.SequenceGap, 3UL, 5UL), (gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Equal((1L, 1L), (kit.Runner.Metrics.Gaps, kit.Runner.Metrics.Resyncs));
        Assert.Equal(4, kit.Connector.OrderbookSid);
        // Yes bids 41×20, 40×10; the no bid at 55 (30 + 5) is a yes ask at 0.45.
        AssertBook(
            ([new(41 * Cent, 20 * FixedPoint.Scale), new(40 * Cent, 10 * FixedPoint.Scale)], [new(45 * Cent, 35 * FixedPoint.Scale)]),
            Book(got.Snapshots[1], got.Deltas.Skip(1)));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, kit.Runner.Metrics.ParseRejects);
    }
}
