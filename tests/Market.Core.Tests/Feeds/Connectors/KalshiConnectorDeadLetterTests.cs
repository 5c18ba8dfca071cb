using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Connectors;
using static Market.Core.Tests.Feeds.Connectors.KalshiTestKit;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class KalshiConnectorDeadLetterTests : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public void Dispose() => _key.Dispose();

    private Task<WebSocketTestServer> ServeOnceAsync(IEnumerable<byte[]> frames) => StartServerAsync(_key, async c =>
    {
        await c.ReadAsync(1);
        await c.SendAllAsync(frames);
        await c.HoldAsync();
    });

    private static Task AllArrived(KalshiTestKit kit, Support.RecordingSink expected) => kit.Sink.When(r =>
        r.Trades.Count == expected.Trades.Count && r.Quotes.Count == expected.Quotes.Count && r.Deltas.Count == expected.Deltas.Count)
        .WaitAsync(ConnectorTestKit.Patience);

    [Fact]
    public async Task Run_MalformedUnknownTypeAndVenueError_DeadLetteredAndTheFeedGoesOn()
    {
        var malformed = """{"type":"orderbook_delta","sid":3,"seq":2,"msg":{"market_ticker":"""u8.ToArray();
        var unknown = """{"type":"mystery_channel","sid":9,"seq":1,"msg":{}}"""u8.ToArray();
        var error = """{"id":1,"type":"error","msg":{"code":8,"msg":"Unknown channel name"}}"""u8.ToArray();
        List<byte[]> good = [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades, .. TickerFrames];
        await using var server = await ServeOnceAsync([.. good.Take(5), malformed, unknown, error, .. good.Skip(5)]);
        await using var kit = new KalshiTestKit(server.Endpoint, _key);
        var expected = ParseDirectly(good);

        kit.Runner.Start();
        await AllArrived(kit, expected);

        Assert.Equal(3, kit.Runner.Metrics.ParseRejects);
        Assert.Equal(3, kit.Runner.Metrics.DeadLetters);
        Assert.Equal(good.Count + 3, kit.Runner.Metrics.Messages);
        Assert.Equal(1, kit.DeadLetters.ByReason["malformed-json"]);
        Assert.Equal(1, kit.DeadLetters.ByReason["unknown-type"]);
        Assert.Equal(1, kit.DeadLetters.ByReason["venue-error"]);
        var letters = DeadLetterStore.Read(kit.DeadLetters.Path);
        Assert.Equal([malformed, unknown, error], letters.Select(l => l.Raw));
        Assert.Contains("mystery_channel", letters[1].Detail, StringComparison.Ordinal);
        Assert.Contains("code 8: Unknown channel name", letters[2].Detail, StringComparison.Ordinal);
        // The malformed delta took no sequence number: the real seq 2 that follows is no gap.
        AssertBook(ExpectedBook, Book(Assert.Single(kit.Sink.Recorded.Snapshots), kit.Sink.Recorded.Deltas));
        Assert.Equal(expected.Trades.Select(t => t.TradeId), kit.Sink.Recorded.Trades.Select(t => t.TradeId));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Run_MessageOverTheLimit_DeadLetteredAsOversizedAndTheFeedGoesOn()
    {
        const int Limit = 4096; // above every sample line
        var oversized = Encoding.UTF8.GetBytes("{\"type\":\"ticker\",\"sid\":1,\"msg\":{\"pad\":\"" + new string('a', Limit * 3) + "\"}}");
        List<byte[]> good = [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades, .. TickerFrames];
        await using var server = await ServeOnceAsync([.. good.Take(8), oversized, .. good.Skip(8)]);
        await using var kit = new KalshiTestKit(server.Endpoint, _key, maxMessageBytes: Limit);
        var expected = ParseDirectly(good);

        kit.Runner.Start();
        await AllArrived(kit, expected);

        Assert.Equal(1, kit.DeadLetters.ByReason["oversized"]);
        Assert.Equal(1, kit.Runner.Metrics.DeadLetters);
        Assert.Equal(0, kit.Runner.Metrics.ParseRejects);
        var letter = Assert.Single(DeadLetterStore.Read(kit.DeadLetters.Path));
        Assert.Contains(oversized.Length.ToString(CultureInfo.InvariantCulture), letter.Detail, StringComparison.Ordinal);
        Assert.Equal(oversized.AsSpan(0, letter.Raw.Length).ToArray(), letter.Raw);
        Assert.Equal(Limit, letter.Raw.Length);
        AssertBook(ExpectedBook, Book(Assert.Single(kit.Sink.Recorded.Snapshots), kit.Sink.Recorded.Deltas));
    }

    [Fact]
    public async Task Run_VenueClosesWithAnErrorStatus_CountedAsAReconnectAndTheFeedGoesOnOnANewConnection()
    {
        List<byte[]> first = [.. Acks(), Snapshot(BookSid, 1), .. Deltas()];
        List<byte[]> second = [.. Acks(), Snapshot(BookSid, 1), .. Deltas(), .. Trades, .. TickerFrames];
        await using var server = await StartServerAsync(_key, async c =>
        {
            await c.ReadAsync(1);
            if (c.Index == 1)
            {
                // An orderly close: every frame before it arrives.
                await c.SendAllAsync(first);
                await c.CloseAsync(WebSocketCloseStatus.InternalServerError, "maintenance");
                return;
            }
            if (c.Index == 2) await c.SendAllAsync(second);
            await c.HoldAsync();
        });
        await using var kit = new KalshiTestKit(server.Endpoint, _key);
        var expectedSecond = ParseDirectly(second);

        kit.Runner.Start();
        var reconnecting = await kit.WaitForStateAsync(FeedState.Connecting, 2);
        await kit.WaitForStateAsync(FeedState.Streaming, 2);
        await kit.Sink.When(r => r.Quotes.Count == expectedSecond.Quotes.Count && r.Snapshots.Count == 2).WaitAsync(ConnectorTestKit.Patience);

        Assert.Contains("InternalServerError maintenance", reconnecting.Reason, StringComparison.Ordinal);
        Assert.Equal(1, kit.Runner.Metrics.Reconnects);
        Assert.Equal(first.Count + second.Count, kit.Runner.Metrics.Messages);
        Assert.Equal(expectedSecond.Trades.Count, kit.Sink.Recorded.Trades.Count);
        Assert.Equal(2 * Deltas().Length, kit.Sink.Recorded.Deltas.Count);
        AssertBook(ExpectedBook, Book(kit.Sink.Recorded.Snapshots[1], kit.Sink.Recorded.Deltas.Skip(Deltas().Length)));
        // A close is the connection's end, not a message: nothing is dead-lettered for it.
        Assert.Equal(0, kit.DeadLetters.Total);
        Assert.Equal([ExpectedSubscribe, ExpectedSubscribe], server.Received);
    }
}
