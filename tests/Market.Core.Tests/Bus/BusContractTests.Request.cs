using System.Text;
using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public abstract partial class BusContractTests
{
    /// <summary>Answers every request on <paramref name="subscription"/> with its payload prefixed by <paramref name="prefix"/>.</summary>
    protected static Task RespondAsync(IBus bus, IBusSubscription subscription, string prefix) => Task.Run(async () =>
    {
        await foreach (var request in subscription.Messages.ReadAllAsync())
        {
            var reply = Encoding.UTF8.GetBytes(prefix + Encoding.UTF8.GetString(request.Payload.Span));
            await bus.PublishAsync(request.ReplyTo!, reply);
        }
    });

    [Fact]
    public async Task RequestAsync_WithResponder_ReturnsTheReply()
    {
        await using var bus = CreateBus();
        var service = bus.Subscribe("prod.svc.echo");
        var responder = RespondAsync(bus, service, "echo:");

        var reply = await bus.RequestAsync("prod.svc.echo", "hi"u8.ToArray(), Patience).WaitAsync(Patience);

        Assert.Equal("echo:hi", Encoding.UTF8.GetString(reply.Payload.Span));
        Assert.StartsWith("_INBOX.", reply.Subject, StringComparison.Ordinal);
        await service.DisposeAsync();
        await responder.WaitAsync(Patience);
    }

    [Fact]
    public async Task BusResponder_QueueGroupOfTwo_EachRequestAnsweredOnce_NoReplySubjectSkipped_GoneAfterDispose()
    {
        await using var bus = CreateBus();
        var first = new BusResponder(bus, "prod.svc.echo", "echo", r => Encoding.UTF8.GetBytes("1:" + Encoding.UTF8.GetString(r.Payload.Span)));
        var second = new BusResponder(bus, "prod.svc.echo", "echo", r => Encoding.UTF8.GetBytes("2:" + Encoding.UTF8.GetString(r.Payload.Span)));
        await bus.FlushAsync();

        await bus.PublishAsync("prod.svc.echo", "nobody asks"u8.ToArray());
        for (var i = 0; i < 20; i++)
        {
            var reply = await bus.RequestAsync("prod.svc.echo", Encoding.UTF8.GetBytes($"q{i}"), Patience).WaitAsync(Patience);
            Assert.Matches($"^[12]:q{i}$", Encoding.UTF8.GetString(reply.Payload.Span));
        }
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(20, first.Answered + second.Answered);
        await Assert.ThrowsAsync<NoRespondersException>(() => bus.RequestAsync("prod.svc.echo", Bytes(1), Patience));
    }

    [Fact]
    public async Task RequestAsync_RequestCarriesUniqueInboxReplySubject()
    {
        await using var bus = CreateBus();
        await using var service = bus.Subscribe("svc");

        var first = bus.RequestAsync("svc", Bytes(1), Patience);
        var second = bus.RequestAsync("svc", Bytes(2), Patience);
        var requests = await ReadAsync(service, 2);

        Assert.All(requests, r => Assert.StartsWith("_INBOX.", r.ReplyTo, StringComparison.Ordinal));
        Assert.NotEqual(requests[0].ReplyTo, requests[1].ReplyTo);
        foreach (var request in requests.AsEnumerable().Reverse()) await bus.PublishAsync(request.ReplyTo!, request.Payload);
        Assert.Equal(1, ValueOf(await first.WaitAsync(Patience)));
        Assert.Equal(2, ValueOf(await second.WaitAsync(Patience)));
    }

    [Fact]
    public async Task RequestAsync_TwoResponders_FirstReplyWins()
    {
        await using var bus = CreateBus();
        await using var a = bus.Subscribe("svc");
        await using var b = bus.Subscribe("svc");

        var pending = bus.RequestAsync("svc", Bytes(0), Patience);
        var requestA = await ReadAsync(a);
        var requestB = await ReadAsync(b);
        await bus.PublishAsync(requestB.ReplyTo!, Bytes(2));
        await bus.PublishAsync(requestA.ReplyTo!, Bytes(1));

        Assert.Equal(2, ValueOf(await pending.WaitAsync(Patience)));
    }

    [Fact]
    public async Task RequestAsync_NoSubscriber_ThrowsNoRespondersWithoutWaitingForTimeout()
    {
        await using var bus = CreateBus();

        var request = bus.RequestAsync("prod.svc.missing", Bytes(0), TimeSpan.FromMinutes(5));

        var e = await Assert.ThrowsAsync<NoRespondersException>(() => request.WaitAsync(Patience));
        Assert.Equal("prod.svc.missing", e.Subject);
        Assert.Contains("'prod.svc.missing'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_NoReply_ThrowsTimeoutNamingTheSubject()
    {
        await using var bus = CreateBus();
        await using var silent = bus.Subscribe("prod.svc.silent");

        var e = await Assert.ThrowsAsync<TimeoutException>(() => bus.RequestAsync("prod.svc.silent", Bytes(0), TimeSpan.FromMilliseconds(50)).WaitAsync(Patience));

        Assert.Contains("'prod.svc.silent'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var bus = CreateBus();
        await using var silent = bus.Subscribe("svc");
        using var cts = new CancellationTokenSource();

        var request = bus.RequestAsync("svc", Bytes(0), Patience, cts.Token);
        await ReadAsync(silent);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Patience));
    }

    [Fact]
    public async Task RequestAsync_ManyConcurrent_EachGetsItsOwnReply()
    {
        await using var bus = CreateBus();
        var service = bus.Subscribe("svc.upper", new SubscriptionOptions(QueueGroup: "svc"));
        var responder = RespondAsync(bus, service, "");

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => bus.RequestAsync("svc.upper", Encoding.UTF8.GetBytes($"r{i}"), Patience))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"r{i}"), replies.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
        await service.DisposeAsync();
        await responder.WaitAsync(Patience);
    }
}
