using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;
using static Market.Core.Tests.Fanout.FanoutTestKit;

namespace Market.Core.Tests.Fanout;

public sealed class JournalReplayMergeTests
{
    [Theory]
    [InlineData(10_000, OverflowPolicy.DropOldest)]
    [InlineData(64, OverflowPolicy.DropOldest)] // holes on the bus, filled from the journal
    [InlineData(64, OverflowPolicy.Block)]
    public async Task SubscribeFrom_WhileWriterAppends_DeliversEverySequenceOnceInOrder(int capacity, OverflowPolicy overflow)
    {
        const int total = 20_000;
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var symbols = new[] { writer.Intern("BTC-USD"), writer.Intern("KX.D-25"), 0u };
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        publisher.Start();
        var midway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appender = Task.Factory.StartNew(() =>
        {
            for (var i = 1; i <= total; i++)
            {
                AppendNumbered(writer, i, symbols[i % 3], i % 3 == 0 ? EventKind.Gap : EventKind.Trade);
                if (i == total / 4) midway.SetResult();
            }
        }, TaskCreationOptions.LongRunning);
        using var cts = new CancellationTokenSource(Patience);

        await midway.Task.WaitAsync(Patience);
        var received = await TakeAsync(bus.SubscribeFrom(journal, Env, 1, options: new SubscriptionOptions(capacity, overflow)), total, cts.Token);
        await appender.WaitAsync(Patience);

        AssertContiguous(received, 1, total);
        Assert.Equal(ReadJournal(journal), received);
    }

    [Fact]
    public async Task SubscribeFrom_Middle_StartsThereThenGoesLive()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        for (var i = 1; i <= 100; i++) AppendNumbered(writer, i, btc);
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env);
        publisher.Start();
        using var cts = new CancellationTokenSource(Patience);
        await using var merged = bus.SubscribeFrom(journal, Env, 60).GetAsyncEnumerator(cts.Token);

        var received = new List<JournalEntry>();
        for (var i = 0; i < 41; i++)
        {
            Assert.True(await merged.MoveNextAsync());
            received.Add(merged.Current);
        }
        var next = merged.MoveNextAsync().AsTask();
        AppendNumbered(writer, 101, btc);
        Assert.True(await next.WaitAsync(Patience));
        received.Add(merged.Current);

        AssertContiguous(received, 60, 101);
        Assert.Equal(Payload(101), received[^1].Payload);
    }

    [Fact]
    public async Task SubscribeFrom_BeyondEnd_WaitsForLiveRecords()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        for (var i = 1; i <= 10; i++) AppendNumbered(writer, i, btc);
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env);
        publisher.Start();
        using var cts = new CancellationTokenSource(Patience);

        var take = TakeAsync(bus.SubscribeFrom(journal, Env, 15), 6, cts.Token);
        for (var i = 11; i <= 20; i++) AppendNumbered(writer, i, btc);
        var received = await take.WaitAsync(Patience);

        AssertContiguous(received, 15, 20);
    }

    [Fact]
    public async Task SubscribeFrom_KindFilter_DeliversOnlyThatKindOnceInOrder()
    {
        const int total = 4_000;
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        publisher.Start();
        static EventKind KindOf(int i) => i % 4 == 0 ? EventKind.Quote : EventKind.Trade;
        for (var i = 1; i <= total / 2; i++) AppendNumbered(writer, i, btc, KindOf(i));
        using var cts = new CancellationTokenSource(Patience);

        var take = TakeAsync(bus.SubscribeFrom(journal, Env, 1, new ReplayFilter(Kind: EventKind.Quote), new SubscriptionOptions(16, OverflowPolicy.DropOldest)),
            total / 4, cts.Token);
        for (var i = total / 2 + 1; i <= total; i++) AppendNumbered(writer, i, btc, KindOf(i));
        var received = await take.WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(1, total / 4).Select(i => (long)i * 4), received.Select(e => e.Sequence));
        Assert.All(received, e => Assert.Equal(EventKind.Quote, e.Kind));
    }

    [Fact]
    public async Task SubscribeFrom_SymbolFilterWithDot_DeliversOnlyThatSymbol()
    {
        using var journal = new InMemoryJournal("kalshi");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        publisher.Start();
        for (var i = 1; i <= 10; i++) AppendNumbered(writer, i, btc);
        using var cts = new CancellationTokenSource(Patience);

        // The symbol is interned only after the subscription starts.
        var take = TakeAsync(bus.SubscribeFrom(journal, Env, 1, new ReplayFilter(Symbol: "KX.D-25")), 5, cts.Token);
        var kx = writer.Intern("KX.D-25");
        for (var i = 11; i <= 30; i++) AppendNumbered(writer, i, i % 2 == 0 ? kx : btc);
        var received = await take.WaitAsync(Patience);

        Assert.Equal([12L, 14, 16, 18, 20], received.Select(e => e.Sequence));
        Assert.All(received, e => Assert.Equal(kx, e.InstrumentId));
    }

    [Fact]
    public async Task SubscribeFrom_QueueGroup_Throws()
    {
        using var journal = new InMemoryJournal("cb");
        await using var bus = new InProcessBus();

        Assert.Throws<ArgumentException>(() => bus.SubscribeFrom(journal, Env, 1, options: new SubscriptionOptions(QueueGroup: "g")));
    }
}
