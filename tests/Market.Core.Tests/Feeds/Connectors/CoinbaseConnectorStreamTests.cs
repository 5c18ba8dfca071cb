using System.Net.WebSockets;
using Market.Core.Feeds.Connectors;
using Signals.Library;
using static Market.Core.Tests.Feeds.Connectors.ConnectorTestKit;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class CoinbaseConnectorStreamTests
{
    private static readonly string[] ExpectedSubscribes =
    [
        """{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"market_trades"}""",
        """{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}""",
        """{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"ticker"}""",
        """{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"heartbeats"}""",
    ];

    [Fact]
    public async Task Run_RealCaptureReplayed_StreamsEverythingAsParsingItDirectly()
    {
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            if (c.Index > 1)
            {
                await c.HoldAsync();
                return;
            }
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAllAsync(Frames);
            await c.CloseAsync(WebSocketCloseStatus.InternalServerError, "maintenance");
        });
        await using var kit = new ConnectorTestKit(server.Endpoint);
        kit.Runner.Start();

        var reconnecting = await kit.WaitForStateAsync(FeedState.Connecting, 2);

        Assert.Equal([FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming, FeedState.Connecting], kit.Seen.Select(s => s.State));
        Assert.Contains("InternalServerError", reconnecting.Reason, StringComparison.Ordinal);
        Assert.Equal(ExpectedSubscribes, server.Received.Take(ExpectedSubscribes.Length));
        var expected = ParseDirectly(Frames);
        var got = kit.Sink.Recorded;
        Assert.Equal(expected.Trades.Select(t => (t.Price, t.Size, t.TradeId)), got.Trades.Select(t => (t.Price, t.Size, t.TradeId)));
        Assert.Equal(expected.Deltas.Select(d => (d.Delta.Price, d.Delta.Size, d.End)), got.Deltas.Select(d => (d.Delta.Price, d.Delta.Size, d.End)));
        Assert.Equal(expected.Snapshots.Count, got.Snapshots.Count);
        Assert.Equal(expected.Quotes.Count, got.Quotes.Count);
        Assert.Empty(got.Gaps);
        var metrics = kit.Runner.Metrics;
        Assert.Equal(Frames.Count, metrics.Messages);
        Assert.Equal(Frames.Sum(f => (long)f.Length), metrics.Bytes);
        Assert.Equal(expected.Trades.Count, metrics.Events(EventKind.Trade));
        Assert.Equal(expected.Deltas.Count, metrics.Events(EventKind.BookDelta));
        Assert.Equal(0, metrics.ParseRejects);
        Assert.Equal(1, metrics.Reconnects);
        Assert.NotNull(metrics.LagP50);
        Assert.True(metrics.LagP99 >= metrics.LagP50);
        Assert.NotNull(metrics.LastMessageAt);
    }

    [Fact]
    public async Task Run_ServerDropsMidStream_ReconnectsResetsTheParserAndGetsANewSnapshot()
    {
        var first = Frames.Take(500).ToList();
        var expectedFirst = ParseDirectly(first);
        var expectedAll = ParseDirectly(Frames);
        ConnectorTestKit? kit = null;
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            if (c.Index > 2)
            {
                await c.HoldAsync();
                return;
            }
            await c.ReadAsync(ExpectedSubscribes.Length);
            if (c.Index == 2)
            {
                await c.SendAllAsync(Frames);
                await c.CloseAsync(WebSocketCloseStatus.NormalClosure, "done");
                return;
            }
            await c.SendAllAsync(first);
            // Drop only once the client has everything sent, so the counts below are exact.
            await kit!.Sink.When(r => r.Trades.Count == expectedFirst.Trades.Count && r.Deltas.Count == expectedFirst.Deltas.Count
                && r.Snapshots.Count == expectedFirst.Snapshots.Count && r.Quotes.Count == expectedFirst.Quotes.Count);
            c.Abort();
        });
        kit = new ConnectorTestKit(server.Endpoint);
        await using var owned = kit;
        kit.Runner.Start();

        await kit.WaitForStateAsync(FeedState.Connecting, 3);

        Assert.Equal(
            [FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming, FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming, FeedState.Connecting],
            kit.Seen.Select(s => s.State));
        Assert.Equal(2, kit.Runner.Metrics.Reconnects);
        var got = kit.Sink.Recorded;
        // The second connection's sequence restarts: without a parser reset this would be a gap.
        Assert.Empty(got.Gaps);
        Assert.Equal(0, kit.Runner.Metrics.Gaps);
        Assert.Equal(expectedFirst.Snapshots.Count + expectedAll.Snapshots.Count, got.Snapshots.Count);
        Assert.True(expectedFirst.Snapshots.Count > 0);
        // The parser emits each trade id once, across reconnects too: the replayed trades are repeats.
        Assert.Equal(expectedAll.Trades.Select(t => t.TradeId), got.Trades.Select(t => t.TradeId));
        Assert.Equal(expectedFirst.Deltas.Count + expectedAll.Deltas.Count, got.Deltas.Count);
        Assert.Equal([.. ExpectedSubscribes, .. ExpectedSubscribes], server.Received.Take(2 * ExpectedSubscribes.Length));
    }

    [Fact]
    public async Task Run_SequenceSkips_GapCountedAndLevel2Resubscribed()
    {
        var withHole = Frames.Take(100).Concat(Frames.Skip(101).Take(100)).ToList();
        List<string>? resync = null;
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            if (c.Index > 1)
            {
                await c.HoldAsync();
                return;
            }
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAllAsync(withHole);
            resync = await c.ReadAsync(2);
            await c.CloseAsync(WebSocketCloseStatus.NormalClosure, "done");
        });
        await using var kit = new ConnectorTestKit(server.Endpoint);
        kit.Runner.Start();

        await kit.WaitForStateAsync(FeedState.Connecting, 2);

        Assert.Equal(
            [
                """{"type":"unsubscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}""",
                """{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}""",
            ],
            resync);
        Assert.Equal(1, kit.Runner.Metrics.Gaps);
        Assert.Equal(1, kit.Runner.Metrics.Resyncs);
        Assert.Single(kit.Sink.Recorded.Gaps);
    }
}
