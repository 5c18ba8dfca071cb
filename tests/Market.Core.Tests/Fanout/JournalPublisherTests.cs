using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;
using static Market.Core.Tests.Fanout.FanoutTestKit;

namespace Market.Core.Tests.Fanout;

public sealed class JournalPublisherTests
{
    [Fact]
    public async Task Start_FromOne_PublishesExactSubjectsPayloadsAndHeaders()
    {
        using var journal = new InMemoryJournal("cb");
        using (var writer = journal.OpenWriter())
        {
            AppendNumbered(writer, 1, writer.Intern("BTC-USD"), EventKind.Trade);
            AppendNumbered(writer, 2, writer.Intern("KX.D-25"), EventKind.BookDelta);
            AppendNumbered(writer, 3, 0, EventKind.Gap);
            AppendNumbered(writer, 4, writer.Intern("BTC-USD"), EventKind.Quote);
        }
        await using var bus = new InProcessBus();
        await using var sub = bus.Subscribe("test.cb.>");
        var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        await using var _ = publisher;

        publisher.Start();
        var messages = new List<BusMessage>();
        for (var i = 0; i < 4; i++) messages.Add(await ReadAsync(sub));
        await publisher.StopAsync().WaitAsync(Patience);

        Assert.Equal(["test.cb.trade.BTC-USD", "test.cb.book_delta.KX%2ED-25", "test.cb.gap._feed", "test.cb.quote.BTC-USD"],
            messages.Select(m => m.Subject));
        var entries = ReadJournal(journal);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(RecordCodec.Encode(entries[i]), messages[i].Payload.ToArray());
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), messages[i].Headers![FanoutHeaders.Sequence]);
            Assert.Equal("cb", messages[i].Headers![FanoutHeaders.Feed]);
        }
        Assert.Equal(4, publisher.Published);
        Assert.Equal(4, publisher.LastPublishedSequence);
    }

    [Fact]
    public async Task Start_SymbolWithDot_IsOneEscapedToken()
    {
        using var journal = new InMemoryJournal("kalshi");
        using var writer = journal.OpenWriter();
        await using var bus = new InProcessBus();
        // One token wide: this pattern would not match a subject split into five tokens.
        await using var sub = bus.Subscribe("test.kalshi.trade.*");
        await using var publisher = new JournalPublisher(journal, bus, Env);
        publisher.Start();

        AppendNumbered(writer, 1, writer.Intern("KX.D-25"));
        var message = await ReadAsync(sub);

        Assert.Equal("test.kalshi.trade.KX%2ED-25", message.Subject);
        Assert.Equal("KX.D-25", MarketSubjects.SymbolOf(message.Subject));
    }

    [Fact]
    public async Task Start_DefaultStart_PublishesOnlyNewRecords()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        for (var i = 1; i <= 5; i++) AppendNumbered(writer, i, btc);
        await using var bus = new InProcessBus();
        await using var sub = bus.Subscribe("test.cb.>");
        await using var publisher = new JournalPublisher(journal, bus, Env);

        publisher.Start();
        AppendNumbered(writer, 6, btc);
        var message = await ReadAsync(sub);

        Assert.Equal("6", message.Headers![FanoutHeaders.Sequence]);
        await publisher.StopAsync().WaitAsync(Patience);
        await bus.FlushAsync();
        Assert.False(sub.Messages.TryRead(out _));
        Assert.Equal(1, publisher.Published);
    }

    [Fact]
    public async Task WaitForPublishedAsync_CompletesOnlyOnceThatSequenceIsPublished()
    {
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env, startSequence: 1);
        publisher.Start();
        var third = publisher.WaitForPublishedAsync(3);
        var first = publisher.WaitForPublishedAsync(1);
        Assert.False(third.IsCompleted);
        AppendNumbered(writer, 1, btc);
        await first.WaitAsync(Patience);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, publisher.LastPublishedSequence);
        AppendNumbered(writer, 2, btc);
        AppendNumbered(writer, 3, btc);
        await third.WaitAsync(Patience);
        Assert.Equal(3, publisher.LastPublishedSequence);
        Assert.True(publisher.WaitForPublishedAsync(2).IsCompleted); // already there
    }

    [Fact]
    public async Task Restart_AtNextSequence_WhileWriterAppends_LosesAndDuplicatesNothing()
    {
        const int total = 5_000;
        using var journal = new InMemoryJournal("cb");
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = new InProcessBus();
        await using var sub = bus.Subscribe("test.cb.>", new SubscriptionOptions(Capacity: total * 2));
        var first = new JournalPublisher(journal, bus, Env, startSequence: 1);
        first.Start();
        var appender = Task.Run(() =>
        {
            for (var i = 1; i <= total; i++) AppendNumbered(writer, i, btc);
        });

        var sequences = new List<long>();
        while (sequences.Count < total / 5) sequences.Add(SequenceOf(await ReadAsync(sub)));
        await first.StopAsync().WaitAsync(Patience);
        await using var second = new JournalPublisher(journal, bus, Env, startSequence: first.LastPublishedSequence + 1);
        await first.DisposeAsync();
        second.Start();
        await appender.WaitAsync(Patience);
        while (sequences.Count < total) sequences.Add(SequenceOf(await ReadAsync(sub)));

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), sequences);
        await second.StopAsync().WaitAsync(Patience);
        Assert.False(sub.Messages.TryRead(out _));
    }

    [Fact]
    public async Task Start_CancelledToken_StopsTheLoop()
    {
        using var journal = new InMemoryJournal("cb");
        await using var bus = new InProcessBus();
        await using var publisher = new JournalPublisher(journal, bus, Env);
        using var cts = new CancellationTokenSource();

        publisher.Start(cts.Token);
        await cts.CancelAsync();

        await publisher.Completion.WaitAsync(Patience);
        Assert.True(publisher.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Constructor_EnvironmentWithDot_Throws()
    {
        using var journal = new InMemoryJournal("cb");
        await using var bus = new InProcessBus();

        Assert.Throws<ArgumentException>(() => new JournalPublisher(journal, bus, "a.b"));
    }

    private static long SequenceOf(BusMessage message)
    {
        Assert.True(FanoutHeaders.TryGetSequence(message.Headers, out var sequence));
        return sequence;
    }
}
