using Market.Core.Bus;
using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>Losing the server: stale pings, a killed and restarted server, lame duck, the reconnect buffer.</summary>
public sealed class NatsReconnectTests
{
    [Fact]
    public async Task PingTimeout_FrozenPath_ReconnectsAndDeliversAgain()
    {
        await using var server = await NatsServer.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        var options = Options(proxy.Url) with { PingInterval = TimeSpan.FromMilliseconds(100), MaxPingsOutstanding = 2 };
        await using var bus = await NatsBus.ConnectAsync(options);
        await using var sub = bus.Subscribe("frozen.x");
        await bus.FlushAsync().WaitAsync(Patience);
        var disconnected = Next<NatsConnectionEventArgs>(h => bus.Connection.Disconnected += h);
        var reconnected = Next<NatsConnectionEventArgs>(h => bus.Connection.Reconnected += h);

        proxy.FreezeExisting();

        Assert.Contains("stale connection", (await disconnected.WaitAsync(Patience)).Reason, StringComparison.Ordinal);
        await reconnected.WaitAsync(Patience);
        await bus.PublishAsync("frozen.x", new byte[] { 9 });
        Assert.Equal(9, (await ReadAsync(sub)).Payload.Span[0]);
        Assert.Equal(1, bus.Connection.Reconnects);
    }

    [Fact]
    public async Task ServerKilledAndRestarted_ClientReconnectsAndResubscribes()
    {
        await using var server = await NatsServer.StartAsync();
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url));
        await using var sub = bus.Subscribe("restart.>");
        await using var grouped = bus.Subscribe("restart.q", new SubscriptionOptions(QueueGroup: "workers"));
        await bus.FlushAsync().WaitAsync(Patience);

        await KillRestartAndReconnectAsync(server, bus.Connection);

        // A different client publishes: only a resubscription on the new server process can deliver it.
        await using var publisher = await NatsBus.ConnectAsync(Options(server.Url));
        await publisher.PublishAsync("restart.q", new byte[] { 7 });
        await publisher.FlushAsync().WaitAsync(Patience);
        Assert.Equal(7, (await ReadAsync(sub)).Payload.Span[0]);
        Assert.Equal(7, (await ReadAsync(grouped)).Payload.Span[0]);
    }

    [Fact]
    public async Task LameDuck_TwoServers_ClientMovesToTheOther()
    {
        await using var first = await NatsServer.StartAsync();
        await using var second = await NatsServer.StartAsync();
        await using var bus = await NatsBus.ConnectAsync(Options(first.Url, second.Url));
        await using var sub = bus.Subscribe("ldm.x");
        await bus.FlushAsync().WaitAsync(Patience);
        Assert.Equal(first.Port, bus.Connection.ConnectedServer.Port);
        var lameDuck = Next<NatsConnectionEventArgs>(h => bus.Connection.LameDuckMode += h);
        var reconnected = Next<NatsConnectionEventArgs>(h => bus.Connection.Reconnected += h);

        await first.EnterLameDuckModeAsync();

        await lameDuck.WaitAsync(Patience);
        Assert.Equal(second.Port, (await reconnected.WaitAsync(Patience)).Server.Port);
        await using var publisher = await NatsBus.ConnectAsync(Options(second.Url));
        await publisher.PublishAsync("ldm.x", new byte[] { 5 });
        Assert.Equal(5, (await ReadAsync(sub)).Payload.Span[0]);
    }

    [Fact]
    public async Task ReconnectBuffer_FailPolicy_BuffersUpToTheLimitThenThrowsAndCounts()
    {
        await using var server = await NatsServer.StartAsync();
        var options = Options(server.Url) with { ReconnectBufferBytes = 1_000, ReconnectBufferPolicy = ReconnectBufferPolicy.Fail };
        await using var bus = await NatsBus.ConnectAsync(options);
        await using var sub = bus.Subscribe("buffered.x");
        await bus.FlushAsync().WaitAsync(Patience);
        var disconnected = Next<NatsConnectionEventArgs>(h => bus.Connection.Disconnected += h);
        var reconnected = Next<NatsConnectionEventArgs>(h => bus.Connection.Reconnected += h);
        await server.KillAsync();
        await disconnected.WaitAsync(Patience);

        var payload = new byte[100];
        var accepted = 0;
        NatsReconnectBufferFullException? full = null;
        for (var i = 0; i < 20 && full is null; i++)
        {
            payload[0] = (byte)i;
            try
            {
                await bus.PublishAsync("buffered.x", payload);
                accepted++;
            }
            catch (NatsReconnectBufferFullException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("1000 bytes", full.Message, StringComparison.Ordinal);
        Assert.InRange(accepted, 5, 9);
        Assert.Equal(1, bus.Connection.ReconnectBufferRejections);
        await server.RestartAsync();
        await reconnected.WaitAsync(Patience);
        for (var i = 0; i < accepted; i++) Assert.Equal(i, (await ReadAsync(sub)).Payload.Span[0]);
    }
}
