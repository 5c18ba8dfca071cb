using Market.Core.Feeds.Connectors;
using static Market.Core.Tests.Feeds.Connectors.ConnectorTestKit;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class FeedRunnerLivenessTests
{
    [Fact]
    public async Task Run_ServerGoesSilent_StaleThenReconnects()
    {
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(4);
            if (c.Index == 1) await c.SendAllAsync(Frames.Take(10));
            // Then nothing: no data, and no pong either since the client's pings are 15 s apart.
            await c.HoldAsync();
        });
        await using var kit = new ConnectorTestKit(server.Endpoint, FastOptions with { StalenessDeadline = TimeSpan.FromMilliseconds(300) });
        kit.Runner.Start();

        var stale = await kit.WaitForStateAsync(FeedState.Stale);
        await kit.WaitForStateAsync(FeedState.Connecting, 2);

        Assert.Equal([FeedState.Connecting, FeedState.Subscribed, FeedState.Streaming, FeedState.Stale, FeedState.Connecting], kit.Seen.Select(s => s.State));
        Assert.Contains("nothing received", stale.Reason, StringComparison.Ordinal);
        Assert.Equal(1, kit.Runner.Metrics.Reconnects);
        Assert.Equal(10, kit.Runner.Metrics.Messages);
    }

    [Fact]
    public async Task Run_ConnectionsKeepFailing_RateLimitHoldsTheThirdAttempt()
    {
        await using var server = await WebSocketTestServer.StartAsync(c =>
        {
            c.Abort();
            return Task.CompletedTask;
        });
        var options = FastOptions with { MaxConnectsPerWindow = 2, ReconnectWindow = TimeSpan.FromMinutes(1) };
        await using var kit = new ConnectorTestKit(server.Endpoint, options);
        kit.Runner.Start();

        var limited = await kit.WaitForStateAsync(c => c.State == FeedState.BackingOff && c.Reason.StartsWith("reconnect rate limit", StringComparison.Ordinal), "rate-limited");

        Assert.Equal(2, kit.Seen.Count(s => s.State == FeedState.Connecting));
        Assert.Equal(2, server.Connections);
        Assert.Equal(1, kit.Runner.Metrics.Reconnects);
        Assert.Contains("2 per", limited.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListening_BacksOffBetweenAttemptsAndCountsThem()
    {
        Uri closed;
        await using (var gone = await WebSocketTestServer.StartAsync(c => Task.CompletedTask)) closed = gone.Endpoint;
        await using var kit = new ConnectorTestKit(closed);
        kit.Runner.Start();

        await kit.WaitForStateAsync(FeedState.BackingOff, 3);

        Assert.Equal(
            [FeedState.Connecting, FeedState.BackingOff, FeedState.Connecting, FeedState.BackingOff, FeedState.Connecting, FeedState.BackingOff],
            kit.Seen.Select(s => s.State));
        var backoffs = kit.Seen.Where(s => s.State == FeedState.BackingOff).Select(s => s.Reason).ToList();
        for (var i = 0; i < 3; i++) Assert.Contains($"retry {i + 1} in", backoffs[i], StringComparison.Ordinal);
        Assert.Equal(0, kit.Runner.Metrics.Messages);
    }

    [Fact]
    public async Task StopAsync_WhileStreaming_EndsWithStoppedAndCompletesTheChanges()
    {
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(4);
            await c.SendAllAsync(Frames.Take(5));
            await c.HoldAsync();
        });
        await using var kit = new ConnectorTestKit(server.Endpoint);
        kit.Runner.Start();
        await kit.WaitForStateAsync(FeedState.Streaming);

        await kit.Runner.StopAsync();

        var rest = new List<FeedStateChange>();
        await foreach (var change in kit.Runner.StateChanges.ReadAllAsync().WithCancellation(new CancellationTokenSource(Patience).Token)) rest.Add(change);
        Assert.Equal(FeedState.Stopped, rest[^1].State);
        Assert.Equal(FeedState.Stopped, kit.Runner.State);
    }
}
