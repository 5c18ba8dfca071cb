using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public sealed class InProcessBusContractTests : BusContractTests
{
    protected override IBus CreateBus() => new InProcessBus();

    // In process only: Block makes the publisher wait for the subscriber. That needs the publisher
    // and the subscriber's queue in one process; over NATS the server never waits for a slow
    // subscriber (the publisher may be anywhere), so the shared contract keeps only what both
    // meet: a Block reader that keeps up loses nothing (see Publish_10kMessages_...).

    [Fact]
    public async Task Block_FullQueue_PublishWaitsUntilTheReaderReads()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a", new SubscriptionOptions(Capacity: 2, Overflow: OverflowPolicy.Block));
        await bus.PublishAsync("a", Bytes(0));
        await bus.PublishAsync("a", Bytes(1));

        var blocked = bus.PublishAsync("a", Bytes(2)).AsTask();
        await bus.FlushAsync().WaitAsync(Patience);
        Assert.False(blocked.IsCompleted, "the publish should wait for room");

        Assert.Equal(0, ValueOf(await ReadAsync(sub)));
        await blocked.WaitAsync(Patience);
        Assert.Equal([1, 2], (await ReadAsync(sub, 2)).Select(ValueOf));
        Assert.Equal(0, sub.Dropped);
    }

    [Fact]
    public async Task Block_PublishCancelledWhileWaiting_ThrowsOperationCanceled()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a", new SubscriptionOptions(Capacity: 1));
        await bus.PublishAsync("a", Bytes(0));
        using var cts = new CancellationTokenSource();

        var blocked = bus.PublishAsync("a", Bytes(1), cancellationToken: cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(Patience));
    }

    [Fact]
    public async Task DisposeSubscription_PublisherBlockedOnIt_IsReleased()
    {
        await using var bus = CreateBus();
        var sub = bus.Subscribe("a", new SubscriptionOptions(Capacity: 1, Overflow: OverflowPolicy.Block));
        await bus.PublishAsync("a", Bytes(0));
        var blocked = bus.PublishAsync("a", Bytes(1)).AsTask();

        await sub.DisposeAsync();

        await blocked.WaitAsync(Patience);
    }
}
