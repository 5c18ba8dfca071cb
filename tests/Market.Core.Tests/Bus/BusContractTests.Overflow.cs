using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public abstract partial class BusContractTests
{
    [Fact]
    public async Task DropOldest_FullQueue_KeepsNewestAndCountsDrops()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("a", new SubscriptionOptions(Capacity: 3, Overflow: OverflowPolicy.DropOldest));

        for (var i = 0; i < 10; i++) await bus.PublishAsync("a", Bytes(i));
        await bus.FlushAsync().WaitAsync(Patience);

        Assert.Equal(7, sub.Dropped);
        Assert.Equal([7, 8, 9], (await ReadAsync(sub, 3)).Select(ValueOf));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task KeepLatestPerSubject_RepeatedSubjects_ReplacesInPlaceAndCountsDrops()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("q.*", new SubscriptionOptions(Capacity: 10, Overflow: OverflowPolicy.KeepLatestPerSubject));

        await bus.PublishAsync("q.A", Bytes(1));
        await bus.PublishAsync("q.B", Bytes(2));
        await bus.PublishAsync("q.A", Bytes(3));
        await bus.PublishAsync("q.C", Bytes(4));
        await bus.PublishAsync("q.B", Bytes(5));
        await bus.PublishAsync("q.A", Bytes(6));
        await bus.FlushAsync().WaitAsync(Patience);

        Assert.Equal(3, sub.Dropped);
        var messages = await ReadAsync(sub, 3);
        Assert.Equal(["q.A", "q.B", "q.C"], messages.Select(m => m.Subject));
        Assert.Equal([6, 5, 4], messages.Select(ValueOf));
        await AssertNothingQueuedAsync(bus, sub);
    }

    [Fact]
    public async Task KeepLatestPerSubject_MoreSubjectsThanCapacity_DropsOldestPendingSubject()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("q.*", new SubscriptionOptions(Capacity: 2, Overflow: OverflowPolicy.KeepLatestPerSubject));

        await bus.PublishAsync("q.A", Bytes(1));
        await bus.PublishAsync("q.B", Bytes(2));
        await bus.PublishAsync("q.C", Bytes(3));
        await bus.FlushAsync().WaitAsync(Patience);

        Assert.Equal(1, sub.Dropped);
        Assert.Equal(["q.B", "q.C"], (await ReadAsync(sub, 2)).Select(m => m.Subject));
    }

    [Fact]
    public async Task KeepLatestPerSubject_SubjectReadThenPublishedAgain_IsQueuedAgainWithoutDrop()
    {
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("q.*", new SubscriptionOptions(Capacity: 4, Overflow: OverflowPolicy.KeepLatestPerSubject));

        await bus.PublishAsync("q.A", Bytes(1));
        Assert.Equal(1, ValueOf(await ReadAsync(sub)));
        await bus.PublishAsync("q.A", Bytes(2));

        Assert.Equal(2, ValueOf(await ReadAsync(sub)));
        Assert.Equal(0, sub.Dropped);
    }

    [Theory]
    [InlineData(OverflowPolicy.DropOldest)]
    [InlineData(OverflowPolicy.KeepLatestPerSubject)]
    public async Task DropPolicy_SlowSubscriber_DoesNotHoldBackAnother(OverflowPolicy policy)
    {
        await using var bus = CreateBus();
        await using var slow = bus.Subscribe("a.*", new SubscriptionOptions(Capacity: 1, Overflow: policy));
        await using var fast = bus.Subscribe("a.*", new SubscriptionOptions(Capacity: 1_000, Overflow: policy));

        for (var i = 0; i < 100; i++) await bus.PublishAsync($"a.{i}", Bytes(i)).AsTask().WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 100), (await ReadAsync(fast, 100)).Select(ValueOf));
        // Over a network the two copies of the last message may arrive in either order: after a
        // flush both are queued, which is what the assertions below are about.
        await bus.FlushAsync().WaitAsync(Patience);
        Assert.Equal(99, slow.Dropped);
        Assert.Equal(99, ValueOf(await ReadAsync(slow)));
    }

    [Fact]
    public async Task Publish_10kMessages_ArriveInPublishOrderAtEverySubscriber()
    {
        const int count = 10_000;
        await using var bus = CreateBus();
        await using var exact = bus.Subscribe("o.x", new SubscriptionOptions(Capacity: 64));
        await using var wildcard = bus.Subscribe("o.>", new SubscriptionOptions(Capacity: 64));
        var readers = new[] { exact, wildcard }.Select(sub => Task.Run(() => ReadAsync(sub, count))).ToArray();

        for (var i = 0; i < count; i++) await bus.PublishAsync("o.x", Bytes(i));

        foreach (var reader in readers)
        {
            var values = (await reader.WaitAsync(Patience * 3)).Select(ValueOf);
            Assert.Equal(Enumerable.Range(0, count), values);
        }
        // Block loses nothing for a reader that keeps reading, whether the publisher waits (in
        // process) or the queue absorbs the burst (NATS: capacity plus the pending allowance).
        Assert.Equal(0, exact.Dropped);
        Assert.Equal(0, wildcard.Dropped);
    }

    [Fact]
    public async Task Publish_ConcurrentPublishers_EachPublishersOrderIsKept()
    {
        const int perPublisher = 2_000;
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("p.*", new SubscriptionOptions(Capacity: 128));
        var reader = Task.Run(() => ReadAsync(sub, perPublisher * 2));

        var publishers = new[] { "p.one", "p.two" }.Select(subject => Task.Run(async () =>
        {
            for (var i = 0; i < perPublisher; i++) await bus.PublishAsync(subject, Bytes(i));
        })).ToArray();
        await Task.WhenAll(publishers).WaitAsync(Patience * 3);

        var messages = await reader.WaitAsync(Patience * 3);
        foreach (var subject in new[] { "p.one", "p.two" })
        {
            Assert.Equal(Enumerable.Range(0, perPublisher), messages.Where(m => m.Subject == subject).Select(ValueOf));
        }
    }

    [Theory]
    [InlineData(OverflowPolicy.DropOldest)]
    [InlineData(OverflowPolicy.KeepLatestPerSubject)]
    public async Task DropPolicy_ReaderKeepingUp_LosesNothingAndKeepsOrder(OverflowPolicy policy)
    {
        const int count = 10_000;
        await using var bus = CreateBus();
        await using var sub = bus.Subscribe("k.*", new SubscriptionOptions(Capacity: count, Overflow: policy));
        var reader = Task.Run(() => ReadAsync(sub, count));

        for (var i = 0; i < count; i++) await bus.PublishAsync($"k.{i}", Bytes(i));

        Assert.Equal(Enumerable.Range(0, count), (await reader.WaitAsync(Patience * 3)).Select(ValueOf));
        Assert.Equal(0, sub.Dropped);
    }
}
