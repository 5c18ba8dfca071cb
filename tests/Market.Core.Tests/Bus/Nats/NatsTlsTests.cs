using Market.Core.Bus;
using Market.Core.Bus.Nats;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>
/// TLS against a real nats-server with a throwaway CA: INFO comes in plaintext, then the client
/// upgrades; the client trusts only the CA it is given and refuses clearly otherwise.
/// </summary>
public sealed class NatsTlsTests
{
    [Fact]
    public async Task TlsUrl_TrustedCa_PubSubRequestReplyAndHeadersWork()
    {
        using var ca = TestCertificateAuthority.Create();
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);
        await using var bus = await NatsBus.ConnectAsync(Options(server.TlsUrl) with { TlsCaFile = ca.CaFile });
        Assert.True(bus.Connection.ServerInfo.TlsRequired);

        await using var sub = bus.Subscribe("tls.x");
        await bus.PublishAsync("tls.x", new byte[] { 1, 2, 3 }, new BusHeaders { ["Deepwater-Seq"] = "7" });
        var message = await ReadAsync(sub);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
        Assert.Equal("7", message.Headers!["Deepwater-Seq"]);

        await using var service = bus.Subscribe("tls.echo");
        await bus.FlushAsync().WaitAsync(Patience);
        var answering = Task.Run(async () =>
        {
            var request = await ReadAsync(service);
            await bus.PublishAsync(request.ReplyTo!, request.Payload.ToArray().Reverse().ToArray());
        });
        var reply = await bus.RequestAsync("tls.echo", new byte[] { 1, 2 }, Patience);
        await answering.WaitAsync(Patience);
        Assert.Equal(new byte[] { 2, 1 }, reply.Payload.ToArray());
    }

    [Fact]
    public async Task ServerRequiresTls_NatsUrlAndLocalhost_UpgradesBecauseTheServerSaysSo()
    {
        using var ca = TestCertificateAuthority.Create();
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);
        var url = $"nats://localhost:{server.Port}";

        await using var bus = await NatsBus.ConnectAsync(Options(url) with { TlsCaFile = ca.CaFile });

        await using var sub = bus.Subscribe("tls.local");
        await bus.PublishAsync("tls.local", new byte[] { 4 });
        Assert.Equal(4, (await ReadAsync(sub)).Payload.Span[0]);
    }

    [Fact]
    public async Task Connect_ClientDoesNotTrustTheCa_FailsNamingServerAndCertificateProblem()
    {
        using var ca = TestCertificateAuthority.Create();
        using var otherCa = TestCertificateAuthority.Create("Some Other CA");
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);

        // The platform's store (no CA given) and a CA that did not sign the server's certificate.
        foreach (var options in new[] { Options(server.TlsUrl), Options(server.TlsUrl) with { TlsCaFile = otherCa.CaFile } })
        {
            var error = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(options).WaitAsync(Patience));
            Assert.Contains($"TLS handshake with {server.TlsUrl} failed", error.Message, StringComparison.Ordinal);
            Assert.Contains("server certificate 'CN=localhost' (issuer 'CN=Deepwater Test CA') rejected: its chain is not trusted", error.Message, StringComparison.Ordinal);
            Assert.Contains(options.TlsCaFile is null ? "NatsOptions.TlsCaFile (--bus-tls-ca)" : otherCa.CaFile, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connect_CertificateDoesNotNameTheHost_FailsSayingSo()
    {
        using var ca = TestCertificateAuthority.Create(ipAddress: false);
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);

        var error = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(server.TlsUrl) with { TlsCaFile = ca.CaFile }).WaitAsync(Patience));

        Assert.Contains($"TLS handshake with {server.TlsUrl} failed: server certificate 'CN=localhost' (issuer 'CN=Deepwater Test CA') rejected: it does not name the host '127.0.0.1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsUrl_ServerWithoutTls_FailsSayingTheServerOffersNoTls()
    {
        await using var server = await NatsServer.StartAsync();

        var error = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(server.TlsUrl)).WaitAsync(Patience));

        Assert.Contains($"tls://127.0.0.1:{server.Port} does not offer TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("tls:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsServerRestarted_ClientReconnectsOverTlsAndResubscribes()
    {
        using var ca = TestCertificateAuthority.Create();
        await using var server = await NatsServer.StartWithConfigAsync(ca.ServerConfig);
        var options = Options(server.TlsUrl) with { TlsCaFile = ca.CaFile };
        await using var bus = await NatsBus.ConnectAsync(options);
        await using var sub = bus.Subscribe("tls.restart");
        await bus.FlushAsync().WaitAsync(Patience);

        await KillRestartAndReconnectAsync(server, bus.Connection);

        // Another client publishes: only the resubscription on the new server process can deliver it.
        await using var publisher = await NatsBus.ConnectAsync(options);
        await publisher.PublishAsync("tls.restart", new byte[] { 8 });
        await publisher.FlushAsync().WaitAsync(Patience);
        Assert.Equal(8, (await ReadAsync(sub)).Payload.Span[0]);
        Assert.True(bus.Connection.ServerInfo.TlsRequired);
    }

    [Fact]
    public void Validate_TlsCaFileMissingOrNotPem_NamesTheFile()
    {
        using var ca = TestCertificateAuthority.Create();
        var missing = Path.Combine(Path.GetTempPath(), "deepwater-tests", "no-such-ca.pem");

        var notThere = Assert.Throws<ArgumentException>(() => (Options("tls://127.0.0.1:4222") with { TlsCaFile = missing }).Validate());
        // The private key file is PEM but holds no certificate; its contents must never be echoed.
        var notCa = Assert.Throws<ArgumentException>(() => (Options("tls://127.0.0.1:4222") with { TlsCaFile = ca.KeyFile }).Validate());

        Assert.Contains($"TLS CA file '{missing}' does not exist", notThere.Message, StringComparison.Ordinal);
        Assert.Contains("holds no PEM certificate", notCa.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(ca.KeyFile).Split('\n')[1], notCa.Message, StringComparison.Ordinal);
    }
}
