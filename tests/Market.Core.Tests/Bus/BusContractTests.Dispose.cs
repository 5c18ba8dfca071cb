using System.Threading.Channels;
using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public abstract partial class BusContractTests
{
    [Theory]
    [InlineData(OverflowPolicy.Block)]
    [InlineData(OverflowPolicy.DropOldest)]
    [InlineData(OverflowPolicy.KeepLatestPerSubject)]
    public async Task DisposeSubscription_StopsDeliveryAndCompletesTheReader(OverflowPolicy policy)
    {
        await using var bus = CreateBus();
        var sub = bus.Subscribe("a", new SubscriptionOptions(Overflow: policy));
        await bus.PublishAsync("a", Bytes(1));
        Assert.Equal(1, ValueOf(await ReadAsync(sub)));

        await sub.DisposeAsync();
        await bus.PublishAsync("a", Bytes(2));

        await sub.Messages.Completion.WaitAsync(Patience);
        Assert.False(sub.Messages.TryRead(out _));
        Assert.False(await sub.Messages.WaitToReadAsync().AsTask().WaitAsync(Patience));
        await Assert.ThrowsAsync<ChannelClosedException>(() => sub.Messages.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task DisposeSubscription_ReaderWaiting_IsReleased()
    {
        await using var bus = CreateBus();
        var sub = bus.Subscribe("a", new SubscriptionOptions(Overflow: OverflowPolicy.KeepLatestPerSubject));
        var waiting = sub.Messages.WaitToReadAsync().AsTask();

        await sub.DisposeAsync();

        Assert.False(await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task DisposeSubscription_Twice_IsHarmless()
    {
        await using var bus = CreateBus();
        var sub = bus.Subscribe("a");
        await sub.DisposeAsync();
        await sub.DisposeAsync();
        await using var other = bus.Subscribe("a");
        await bus.PublishAsync("a", Bytes(3));
        Assert.Equal(3, ValueOf(await ReadAsync(other)));
    }

    [Fact]
    public async Task DisposeSubscription_Unsubscribed_RequestsGetNoResponders()
    {
        await using var bus = CreateBus();
        var sub = bus.Subscribe("svc");
        await sub.DisposeAsync();

        await Assert.ThrowsAsync<NoRespondersException>(() => bus.RequestAsync("svc", Bytes(0), Patience).WaitAsync(Patience));
    }

    [Fact]
    public async Task DisposeBus_CompletesEverySubscription()
    {
        var bus = CreateBus();
        var subs = new[] { OverflowPolicy.Block, OverflowPolicy.DropOldest, OverflowPolicy.KeepLatestPerSubject }
            .Select(p => bus.Subscribe("a.>", new SubscriptionOptions(Overflow: p)))
            .ToList();

        await bus.DisposeAsync();

        foreach (var sub in subs) await sub.Messages.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task DisposeBus_ThenUse_ThrowsObjectDisposed()
    {
        var bus = CreateBus();
        await bus.DisposeAsync();
        await bus.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await bus.PublishAsync("a", Bytes(0)));
        Assert.Throws<ObjectDisposedException>(() => bus.Subscribe("a"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => bus.RequestAsync("a", Bytes(0), Patience));
    }

    [Fact]
    public async Task DisposeBus_RequestPending_FailsTheRequest()
    {
        var bus = CreateBus();
        var silent = bus.Subscribe("svc");
        var request = bus.RequestAsync("svc", Bytes(0), Patience);
        await ReadAsync(silent);

        await bus.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => request.WaitAsync(Patience));
        Assert.False(request.IsCompletedSuccessfully);
    }
}
