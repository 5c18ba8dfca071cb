using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using static Market.Core.Tests.Fanout.FanoutTestKit;

namespace Market.Core.Tests.Fanout;

/// <summary>Holes on the bus made by hand, with no publisher running, so the fill path is exercised deterministically.</summary>
public sealed class JournalReplayMergeHoleTests
{
    [Fact]
    public async Task SubscribeFrom_LiveSequenceJump_FillsTheHoleFromTheJournal()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        using var cts = new CancellationTokenSource(Patience);
        await using var merged = bus.SubscribeFrom(journal, Env, 1).GetAsyncEnumerator(cts.Token);
        // The first MoveNext subscribes and replays an empty journal, then waits for live.
        var first = merged.MoveNextAsync().AsTask();

        for (var i = 1; i <= 10; i++) AppendNumbered(writer, i, btc);
        await PublishAsync(bus, journal, 1);
        await PublishAsync(bus, journal, 10);

        var received = new List<JournalEntry>();
        Assert.True(await first.WaitAsync(Patience));
        received.Add(merged.Current);
        while (received.Count < 10)
        {
            Assert.True(await merged.MoveNextAsync().AsTask().WaitAsync(Patience));
            received.Add(merged.Current);
        }
        AssertContiguous(received, 1, 10);
        Assert.Equal(ReadJournal(journal), received);
    }

    [Fact]
    public async Task SubscribeFrom_BufferDroppedMessages_FillsThemFromTheJournal()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        AppendNumbered(writer, 1, btc);
        await using var bus = new InProcessBus();
        using var cts = new CancellationTokenSource(Patience);
        // A symbol filter turns off jump detection, so only the Dropped count can reveal the hole.
        var merged = bus.SubscribeFrom(journal, Env, 1, new ReplayFilter(Symbol: "BTC-USD"), new SubscriptionOptions(1, OverflowPolicy.DropOldest));
        await using var cursor = merged.GetAsyncEnumerator(cts.Token);
        Assert.True(await cursor.MoveNextAsync().AsTask().WaitAsync(Patience));
        var received = new List<JournalEntry> { cursor.Current };

        // The consumer is parked on record 1, so the one-message buffer keeps only the last of these.
        for (var i = 2; i <= 4; i++)
        {
            AppendNumbered(writer, i, btc);
            await PublishAsync(bus, journal, i);
        }
        while (received.Count < 4)
        {
            Assert.True(await cursor.MoveNextAsync().AsTask().WaitAsync(Patience));
            received.Add(cursor.Current);
        }

        AssertContiguous(received, 1, 4);
        Assert.Equal(ReadJournal(journal), received);
    }

    [Fact]
    public async Task SubscribeFrom_UnreadableLivePayload_DeliversTheJournalCopy()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        using var cts = new CancellationTokenSource(Patience);
        await using var merged = bus.SubscribeFrom(journal, Env, 1, new ReplayFilter(Symbol: "BTC-USD")).GetAsyncEnumerator(cts.Token);
        var first = merged.MoveNextAsync().AsTask();

        AppendNumbered(writer, 1, btc);
        await bus.PublishAsync("test.cb.trade.BTC-USD", new byte[] { 1, 2, 3 }, FanoutHeaders.Create("cb", 1));

        Assert.True(await first.WaitAsync(Patience));
        Assert.Equal(ReadJournal(journal)[0], merged.Current);
    }

    private static async Task PublishAsync(IBus bus, IJournal journal, long sequence)
    {
        var entry = ReadJournal(journal)[(int)sequence - 1];
        var subject = FanoutSubjects.For(Env, journal.Feed, entry.Kind, FanoutSubjects.SymbolOf(journal.Symbols, entry.InstrumentId));
        await bus.PublishAsync(subject, RecordCodec.Encode(entry), FanoutHeaders.Create(journal.Feed, sequence));
    }
}
