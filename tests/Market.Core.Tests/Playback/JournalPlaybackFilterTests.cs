using Market.Core.Playback;
using Signals.Library;
using static Market.Core.Tests.Playback.TestJournals;

namespace Market.Core.Tests.Playback;

public sealed class JournalPlaybackFilterTests
{
    [Fact]
    public void Windows_FilterByKindAndInstrument_DropsOthersBeforeWindowing()
    {
        using var journal = InMemory(
            new Rec(0, 0, EventKind.Trade, 1),
            new Rec(10, 10, EventKind.Quote, 1),
            new Rec(20, 20, EventKind.Trade, 2),
            new Rec(1_000, 1_000, EventKind.Quote, 1),
            new Rec(2_000, 2_000, EventKind.Trade, 1),
            new Rec(2_010, 2_010, EventKind.Trade, 1),
            new Rec(3_000, 3_000, EventKind.Trade, 1)); // at End: not selected, so not filtered either
        var playback = new JournalPlayback(journal, Options(0, 3_000, 1_000), r => r.Kind == EventKind.Trade && r.InstrumentId == 1);

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 2_000], windows.Select(w => w.Start));
        Assert.Equal([[1L], [5L, 6L]], windows.Select(Sequences));
        Assert.Equal(3, playback.Report.Events);
        Assert.Equal(3, playback.Report.Filtered);
        Assert.Equal(1, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_FilteredOutRecords_CannotBeOutOfOrder()
    {
        using var journal = InMemory(new Rec(500, 0, EventKind.Trade), new Rec(100, 10, EventKind.Quote), new Rec(600, 20, EventKind.Trade));
        var playback = new JournalPlayback(journal, Options(0, 1_000, 1_000), r => r.Kind == EventKind.Trade);

        var window = Assert.Single(playback.Windows());

        Assert.Equal([1L, 3L], Sequences(window));
        Assert.Equal(0, playback.Report.OutOfOrder);
        Assert.Equal(1, playback.Report.Filtered);
    }

    [Fact]
    public void Windows_FilterOnPayload_SeesTheRecordBytes()
    {
        using var journal = InMemory(InOrder(0, 1, 2, 3));
        var playback = new JournalPlayback(journal, Options(0, 1_000, 1_000), r => r.Payload[0] % 2 == 0);

        Assert.Equal([2L, 4L], Sequences(Assert.Single(playback.Windows())));
    }
}
