using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Fires;

namespace Signals.Runtime.Tests.Fires;

public sealed class SignalJournalTests
{
    [Fact]
    public void OnFire_ThenRead_ReturnsEveryFieldWithTheSignalInterned()
    {
        using var journal = new SignalJournal(new InMemoryJournal(SignalJournal.FeedName), ownsJournal: true);
        var fire = Fires.Sample();

        journal.OnFire(fire);
        journal.OnFire(Fires.Sample("vwap_deviation", fire.TsEvent + 1));

        var (sequence, read) = Assert.Single(journal.Read("spread_blowout", 0, long.MaxValue, 10));
        Assert.Equal(1, sequence);
        Assert.Equal(fire with { InstrumentId = read.InstrumentId }, read);
        Assert.Equal("spread_blowout", journal.Journal.Symbols.GetSymbol(read.InstrumentId));
        Assert.Equal(2, journal.Read(null, 0, long.MaxValue, 10).Count);
    }

    [Fact]
    public void Read_TimeRangeAndLimit_AreHonoured()
    {
        using var journal = new SignalJournal(new InMemoryJournal(SignalJournal.FeedName), ownsJournal: true);
        for (var i = 0; i < 10; i++) journal.OnFire(Fires.Sample(ts: 1_000 + i));

        var window = journal.Read("spread_blowout", 1_003, 1_007, 100);
        Assert.Equal([1_003L, 1_004, 1_005, 1_006], window.Select(f => f.Fire.TsEvent));
        Assert.Equal(2, journal.Read("spread_blowout", 0, long.MaxValue, 2).Count);
        Assert.Empty(journal.Read("never_fired", 0, long.MaxValue, 10));
    }

    [Fact]
    public async Task FirePublisher_PublishesEachJournaledFireOnItsSignalSubject()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(SignalSubjects.All("dev"));
        using var journal = new SignalJournal(new InMemoryJournal(SignalJournal.FeedName), ownsJournal: true);
        await using (var publisher = new FirePublisher(bus, "dev"))
        {
            publisher.Follow(journal);
            journal.OnFire(Fires.Sample("spread.blowout"));
        }

        Assert.True(subscription.Messages.TryRead(out var message));
        Assert.Equal(SignalSubjects.For("dev", "spread.blowout"), message.Subject);
        Assert.True(RecordCodec.TryDecode(message.Payload.Span, out var entry));
        Assert.Equal((1L, EventKind.SignalFire), (entry.Sequence, entry.Kind));
        Assert.True(SignalFire.TryReadPayload(entry.Payload, new EventHeader(entry.InstrumentId, entry.TsEvent, entry.TsRecv), out var fire));
        Assert.Equal("spread.blowout", fire.Signal);
        Assert.Equal(12.5, fire.Fields[0].Number);
    }

    [Fact]
    public void CompositeFireSink_ASinkThrows_TheOthersStillGetTheFire()
    {
        var seen = new List<string>();
        var sink = new CompositeFireSink(new ThrowingSink(), new ListSink(seen));

        sink.OnFire(Fires.Sample());

        Assert.Equal(["spread_blowout"], seen);
        Assert.Equal(1, sink.Failures);
        Assert.Contains("ThrowingSink", sink.LastFailure, StringComparison.Ordinal);
    }

    private sealed class ThrowingSink : IFireSink
    {
        public void OnFire(in SignalFire fire) => throw new InvalidOperationException("disk full");
    }

    private sealed class ListSink(List<string> seen) : IFireSink
    {
        public void OnFire(in SignalFire fire) => seen.Add(fire.Signal);
    }
}
