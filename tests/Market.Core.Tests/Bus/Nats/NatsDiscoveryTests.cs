using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>Server discovery: the cluster's INFO <c>connect_urls</c> extend the reconnect list.</summary>
public sealed class NatsDiscoveryTests
{
    [Fact]
    public async Task ConnectUrls_OneNodeGiven_ClientLearnsTheOthersAndFailsOverToOne()
    {
        await using var cluster = await NatsCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        await using var subscriber = await NatsBus.ConnectAsync(Options(a.Url));
        await using var ignoring = await NatsConnection.ConnectAsync(Options(a.Url) with { IgnoreDiscoveredServers = true });

        await WaitUntilAsync(() => subscriber.Connection.KnownServers.Count == 3, "the client to learn the three nodes from connect_urls");
        Assert.Equal(a.Port, subscriber.Connection.KnownServers[0].Port);
        Assert.Equal(cluster.Nodes.Select(n => n.Port).Order(), subscriber.Connection.KnownServers.Select(s => s.Port).Order());
        Assert.Equal([a.Port], ignoring.KnownServers.Select(s => s.Port));

        await using var publisher = await NatsBus.ConnectAsync(Options(c.Url));
        await using var subscription = subscriber.Subscribe("cluster.ticks");
        await subscriber.FlushAsync().WaitAsync(Patience);
        var next = await NatsClusterTests.PumpUntilReceivedAsync(publisher, subscription, 0, 0);
        var reconnected = Next<NatsConnectionEventArgs>(h => subscriber.Connection.Reconnected += h);

        await a.KillAsync();

        var moved = await reconnected.WaitAsync(Patience);
        Assert.Contains(moved.Server.Port, new[] { b.Port, c.Port });
        Assert.Equal(moved.Server, subscriber.Connection.ConnectedServer);
        await NatsClusterTests.PumpUntilReceivedAsync(publisher, subscription, next, next);
        Assert.Equal(1, subscriber.Connection.Reconnects);
        Assert.Equal(a.Port, subscriber.Connection.KnownServers[0].Port); // the user's server stays first
    }

    [Fact]
    public async Task TlsCluster_OneNodeByName_DiscoveredIpServersAreCheckedAgainstThatName()
    {
        // The certificate names localhost only, while connect_urls announce 127.0.0.1:port.
        using var ca = TestCertificateAuthority.Create(ipAddress: false);
        await using var cluster = await NatsCluster.StartAsync(3, ca.ServerConfig);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        NatsOptions Tls(NatsServer node) => Options($"tls://localhost:{node.Port}") with { TlsCaFile = ca.CaFile };
        await using var subscriber = await NatsBus.ConnectAsync(Tls(a));

        await WaitUntilAsync(() => subscriber.Connection.KnownServers.Count == 3, "the client to learn the three nodes from connect_urls");
        Assert.All(subscriber.Connection.KnownServers.Skip(1), s => Assert.Equal(("127.0.0.1", true, "localhost"), (s.Host, s.Tls, s.TlsHost)));

        await using var publisher = await NatsBus.ConnectAsync(Tls(c));
        await using var subscription = subscriber.Subscribe("cluster.ticks");
        await subscriber.FlushAsync().WaitAsync(Patience);
        var next = await NatsClusterTests.PumpUntilReceivedAsync(publisher, subscription, 0, 0);
        var reconnected = Next<NatsConnectionEventArgs>(h => subscriber.Connection.Reconnected += h);

        await a.KillAsync();

        Assert.Contains((await reconnected.WaitAsync(Patience)).Server.Port, new[] { b.Port, c.Port });
        Assert.True(subscriber.Connection.ServerInfo.TlsRequired);
        await NatsClusterTests.PumpUntilReceivedAsync(publisher, subscription, next, next);
    }

    [Fact]
    public void Merge_ConfiguredFirst_DiscoveredDeduplicated_CurrentKept()
    {
        NatsServerAddress[] configured = [NatsServerAddress.Parse("nats://h1:1"), NatsServerAddress.Parse("tls://h2:2")];
        NatsServerAddress[] discovered = [NatsServerAddress.Parse("H1:1"), NatsServerAddress.Parse("h3:3"), NatsServerAddress.Parse("h2:2"), NatsServerAddress.Parse("h3:3")];

        var merged = NatsConnection.Merge(configured, discovered, NatsServerAddress.Parse("h4:4"));

        Assert.Equal(["nats://h1:1", "tls://h2:2", "nats://h3:3", "nats://h4:4"], merged.Select(s => s.ToString()));
    }
}
