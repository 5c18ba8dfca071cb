using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public abstract partial class BusContractTests
{
    [Fact]
    public async Task QueueGroup_ManyMessages_EachGoesToExactlyOneMemberAndToEveryUngrouped()
    {
        const int count = 300;
        await using var bus = CreateBus();
        var members = Enumerable.Range(0, 3).Select(_ => bus.Subscribe("work.*", new SubscriptionOptions(QueueGroup: "workers"))).ToList();
        await using var watcher = bus.Subscribe("work.*");

        for (var i = 0; i < count; i++) await bus.PublishAsync("work.item", Bytes(i));
        await bus.FlushAsync().WaitAsync(Patience);

        var received = new List<int>();
        foreach (var member in members)
        {
            while (member.Messages.TryRead(out var message)) received.Add(ValueOf(message));
            await member.DisposeAsync();
        }
        Assert.Equal(Enumerable.Range(0, count), received.Order());
        Assert.Equal(Enumerable.Range(0, count), (await ReadAsync(watcher, count)).Select(ValueOf));
    }

    [Fact]
    public async Task QueueGroup_TwoGroups_EachGroupGetsEveryMessageOnce()
    {
        const int count = 50;
        await using var bus = CreateBus();
        var groups = new[] { "g1", "g2" }
            .ToDictionary(g => g, g => Enumerable.Range(0, 2).Select(_ => bus.Subscribe("w", new SubscriptionOptions(QueueGroup: g))).ToList());

        for (var i = 0; i < count; i++) await bus.PublishAsync("w", Bytes(i));
        await bus.FlushAsync().WaitAsync(Patience);

        foreach (var (_, members) in groups)
        {
            var received = new List<int>();
            foreach (var member in members)
            {
                while (member.Messages.TryRead(out var message)) received.Add(ValueOf(message));
                await member.DisposeAsync();
            }
            Assert.Equal(Enumerable.Range(0, count), received.Order());
        }
    }

    [Fact]
    public async Task QueueGroup_MemberDisposed_RemainingMemberGetsEverything()
    {
        await using var bus = CreateBus();
        await using var stays = bus.Subscribe("w", new SubscriptionOptions(QueueGroup: "g"));
        var leaves = bus.Subscribe("w", new SubscriptionOptions(QueueGroup: "g"));
        await leaves.DisposeAsync();

        for (var i = 0; i < 10; i++) await bus.PublishAsync("w", Bytes(i));

        Assert.Equal(Enumerable.Range(0, 10), (await ReadAsync(stays, 10)).Select(ValueOf));
    }
}
