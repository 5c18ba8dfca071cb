using System.Net.WebSockets;
using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Connectors;
using static Market.Core.Tests.Feeds.Connectors.ConnectorTestKit;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class CoinbaseConnectorDeadLetterTests
{
    private static async Task<ConnectorTestKit> StreamAsync(WebSocketTestServer server, int maxMessageBytes = 16 * 1024 * 1024)
    {
        var kit = new ConnectorTestKit(server.Endpoint, maxMessageBytes: maxMessageBytes);
        kit.Runner.Start();
        await kit.WaitForStateAsync(FeedState.Connecting, 2);
        return kit;
    }

    private static Task<WebSocketTestServer> ServeOnceAsync(IEnumerable<byte[]> frames) => WebSocketTestServer.StartAsync(async c =>
    {
        if (c.Index > 1)
        {
            await c.HoldAsync();
            return;
        }
        await c.ReadAsync(4);
        await c.SendAllAsync(frames);
        await c.CloseAsync(WebSocketCloseStatus.NormalClosure, "done");
    });

    [Fact]
    public async Task Run_MalformedAndUnknownChannel_DeadLetteredAndTheFeedGoesOn()
    {
        var malformed = """{"channel":"l2_data","events":["""u8.ToArray();
        var unknown = """{"channel":"mystery_channel","events":[]}"""u8.ToArray();
        await using var server = await ServeOnceAsync([.. Frames.Take(50), malformed, unknown, .. Frames.Skip(50)]);

        await using var kit = await StreamAsync(server);

        Assert.Equal(ParseDirectly(Frames).Trades.Count, kit.Sink.Recorded.Trades.Count);
        Assert.Equal(Frames.Count + 2, kit.Runner.Metrics.Messages);
        Assert.Equal(2, kit.Runner.Metrics.ParseRejects);
        Assert.Equal(1, kit.DeadLetters.ByReason["malformed-json"]);
        Assert.Equal(1, kit.DeadLetters.ByReason["unknown-type"]);
        var letters = DeadLetterStore.Read(kit.DeadLetters.Path);
        Assert.Equal([malformed, unknown], letters.Select(l => l.Raw));
        Assert.Contains("mystery_channel", letters[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MessageOverTheLimit_DeadLetteredAsOversizedAndTheFeedGoesOn()
    {
        const int limit = 6_000_000; // above the capture's largest frame (a 5 MB snapshot)
        var oversized = Encoding.UTF8.GetBytes("{\"channel\":\"l2_data\",\"pad\":\"" + new string('a', limit + 500_000) + "\"}");
        await using var server = await ServeOnceAsync([.. Frames.Take(20), oversized, .. Frames.Skip(20)]);

        await using var kit = await StreamAsync(server, limit);

        var expected = ParseDirectly(Frames);
        Assert.Equal(expected.Trades.Count, kit.Sink.Recorded.Trades.Count);
        Assert.Equal(expected.Deltas.Count, kit.Sink.Recorded.Deltas.Count);
        Assert.Equal(1, kit.DeadLetters.ByReason["oversized"]);
        Assert.Equal(1, kit.Runner.Metrics.DeadLetters);
        Assert.Equal(0, kit.Runner.Metrics.ParseRejects);
        var letter = Assert.Single(DeadLetterStore.Read(kit.DeadLetters.Path));
        Assert.Contains(oversized.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), letter.Detail, StringComparison.Ordinal);
        Assert.Equal(oversized.AsSpan(0, letter.Raw.Length).ToArray(), letter.Raw);
    }
}
