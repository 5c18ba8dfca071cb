using Market.Core.Bus.Nats;
using Market.Core.Tests.Support;
using static Market.Core.Tests.Bus.Nats.NatsTestSupport;

namespace Market.Core.Tests.Bus.Nats;

/// <summary>Token and user/password auth, and the server's -ERR on subjects a user may not use.</summary>
public sealed class NatsAuthTests
{
    [Fact]
    public async Task Connect_TokenAuth_RightTokenConnectsWrongOneFailsClearly()
    {
        await using var server = await NatsServer.StartAsync("--auth", "s3cret");

        await using (var ok = await NatsBus.ConnectAsync(Options(server.Url) with { Token = "s3cret" }))
        {
            await ok.FlushAsync().WaitAsync(Patience);
        }
        var wrong = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(server.Url) with { Token = "nope" }));
        Assert.Contains("Authorization Violation", wrong.Message, StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(server.Url)));
        Assert.Contains("requires authentication", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UserPassword_RightOnesConnectWrongOnesFail()
    {
        await using var server = await NatsServer.StartAsync("--user", "deep", "--pass", "water");

        await using (var ok = await NatsBus.ConnectAsync(Options(server.Url) with { User = "deep", Password = "water" }))
        {
            await ok.FlushAsync().WaitAsync(Patience);
        }
        var wrong = await Assert.ThrowsAsync<NatsException>(() => NatsConnection.ConnectAsync(Options(server.Url) with { User = "deep", Password = "air" }));
        Assert.Contains("Authorization Violation", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerError_ForbiddenSubjects_SurfaceOnTheSubscriptionAndTheNextFlush()
    {
        using var dir = new TempDirectory();
        var config = dir.Combine("limited.conf");
        await File.WriteAllTextAsync(config, """
            authorization {
              users = [
                { user: limited, password: secret, permissions: { publish: { allow: ["ok.>", "_INBOX.>"] }, subscribe: { allow: ["ok.>", "_INBOX.>"] } } }
              ]
            }
            """);
        await using var server = await NatsServer.StartAsync("-c", config);
        await using var bus = await NatsBus.ConnectAsync(Options(server.Url) with { User = "limited", Password = "secret" });

        var refused = bus.Subscribe("secret.feed");
        var subscribeError = await Assert.ThrowsAsync<NatsServerErrorException>(() => refused.Messages.Completion.WaitAsync(Patience));
        Assert.Contains("Permissions Violation for Subscription to \"secret.feed\"", subscribeError.Message, StringComparison.Ordinal);

        await bus.PublishAsync("secret.orders", new byte[] { 1 });
        var publishError = await Assert.ThrowsAsync<NatsServerErrorException>(() => bus.FlushAsync().WaitAsync(Patience));
        Assert.Contains("Permissions Violation for Publish to \"secret.orders\"", publishError.Message, StringComparison.Ordinal);

        // Non-fatal: the connection stays up and allowed subjects still work.
        await using var allowed = bus.Subscribe("ok.x");
        await bus.PublishAsync("ok.x", new byte[] { 2 });
        Assert.Equal(2, (await ReadAsync(allowed)).Payload.Span[0]);
        Assert.Equal(0, bus.Connection.Reconnects);
    }
}
